import Foundation

/// `sop digest`: who gets a digest, from when and in which language, and the messages for
/// the secretariat's mail system. The CLI parses and prints; this decides.
public struct Digests {
    /// A portal account as the digests need it: whom it speaks for, where mail reaches it
    /// and the language it chose (the portal's accounts live in SOPServer, which passes them).
    public struct Contact: Sendable, Equatable {
        public let participant: String
        public let email: String
        public let language: String?

        public init(participant: String, email: String, language: String?) {
            self.participant = participant
            self.email = email
            self.language = language
        }
    }

    public let consultation: Consultation
    /// set.yaml of the text in force: names, focal points' and the secretariat's addresses.
    public let set: ProtocolSet
    public let catalogue: Catalogue
    public let contacts: [Contact]
    public private(set) var history: DigestRecord
    /// Every round that reads, folded once for all recipients.
    public let rounds: [Round]

    public init(_ consultation: Consultation, catalogue: Catalogue, contacts: [Contact], record: DigestRecord) throws {
        self.consultation = consultation
        self.catalogue = catalogue
        self.contacts = contacts
        history = record
        // main, not the checked-out draft: a draft's set.yaml must not decide where mail goes.
        set = try consultation.protocolSet(at: "main")
        rounds = try consultation.log.rounds()
    }

    /// `2027-01-11` (midnight UTC) or `2027-01-11T09:00Z`, or an error saying how to write it.
    public static func since(parsing text: String) throws -> Date {
        if let day = Day(text), let date = Timestamp.parse(day.description + "T00:00Z") { return date }
        if let date = Timestamp.parse(text) { return date }
        throw SOPError(
            .invalidArgument, "'\(DisplayText.shown(String(text.prefix(40))))' is not a date or a UTC time",
            hint: "write --since 2027-01-11 (from midnight UTC) or --since 2027-01-11T09:00Z")
    }

    /// `requested` checked against set.yaml (an unknown code is an error naming the known
    /// ones); without it, every participant invited to a round that is open or that closed
    /// after the start of its digest (so it hears of the outcome), then the secretariat.
    public func recipients(_ requested: String?, since: Date? = nil) throws -> [String] {
        if let requested { return [try Actor.check(requested, in: set)] }
        var invited: Set<String> = []
        for round in rounds {
            for code in round.participants where round.closed.map({ $0 >= (since ?? history.last[code] ?? round.opened) }) ?? true {
                invited.insert(code)
            }
        }
        return invited.sorted() + [Round.secretariat]
    }

    /// The recipient's language: `override` (`--lang`, checked by the caller), else the one a
    /// portal account of it chose, else the set's source language when the catalogue has it.
    public func language(of recipient: String, override: String?) -> String {
        if let override { return override }
        if let chosen = contacts.lazy.filter({ $0.participant == recipient }).compactMap(\.language).first { return chosen }
        return catalogue.languages.contains(set.sourceLanguage) ? set.sourceLanguage : Catalogue.reference
    }

    /// The recipient's digest since `since`, else since its last recorded digest, else since
    /// each round opened.
    public func digest(for recipient: String, since: Date?, language: String, now: Date) -> Digest {
        Digest(recipient: recipient, language: language, rounds: rounds, since: since ?? history.last[recipient], now: now)
    }

    /// The digest in its language.
    public func wording(_ digest: Digest) -> DigestWording {
        let name = digest.recipient == Round.secretariat ? set.secretariat.name : set.participant(digest.recipient)?.name(in: digest.language, source: set.sourceLanguage) ?? digest.recipient
        return DigestWording(digest, recipientName: name, setTitle: set.shortTitle ?? set.title, catalogue: catalogue)
    }

    /// Where the recipient's mail goes: its focal points in set.yaml (the secretariat's
    /// address for the secretariat) and its portal accounts, each address once.
    public func addresses(of recipient: String) -> [DigestMail.Mailbox] {
        var boxes: [DigestMail.Mailbox] = []
        if recipient == Round.secretariat {
            boxes += set.secretariat.email.map { [DigestMail.Mailbox(name: set.secretariat.name, address: $0)] } ?? []
        } else {
            boxes += (set.participant(recipient)?.focalPoints ?? []).compactMap { point in point.email.map { DigestMail.Mailbox(name: point.name, address: $0) } }
        }
        boxes += contacts.filter { $0.participant == recipient }.map { DigestMail.Mailbox(address: $0.email) }
        var seen: Set<String> = []
        return boxes.filter { seen.insert($0.address.lowercased()).inserted }
    }

    /// Writes `DIR/<recipient>.eml` for each digest that has an address, and returns the
    /// files written and the recipients left out for want of one.
    public func writeMail(_ digests: [Digest], to folder: URL) throws -> (written: [URL], unaddressed: [String]) {
        guard let from = set.secretariat.email else {
            throw SOPError(
                .invalidFile, "set.yaml gives the secretariat no e-mail address, so a digest has no sender", at: Location(ProtocolSet.path),
                hint: "add `email:` under roles: secretariat: in \(ProtocolSet.path)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw SOPError(.io, "cannot make \(folder.path): \(error.localizedDescription)", hint: "give --mail a folder you may write to")
        }
        var written: [URL] = []
        var unaddressed: [String] = []
        for digest in digests {
            let to = addresses(of: digest.recipient)
            guard !to.isEmpty else {
                unaddressed.append(digest.recipient)
                continue
            }
            let words = wording(digest)
            let message = try DigestMail.message(
                from: DigestMail.Mailbox(name: set.secretariat.name, address: from), to: to, subject: words.subject, language: digest.language,
                text: words.text, html: DigestWording.document([words], title: words.subject), date: digest.now,
                id: digest.recipient + Timestamp.string(digest.now))
            let file = folder.appendingPathComponent(digest.recipient + ".eml")
            do {
                try message.write(to: file, options: .atomic)
            } catch {
                throw SOPError(.io, "cannot write \(file.path): \(error.localizedDescription)", hint: "give --mail a folder you may write to")
            }
            written.append(file)
        }
        return (written, unaddressed)
    }

    /// Records that these recipients had their digest up to `now` (`--mail`, `--record`).
    public mutating func record(_ recipients: [String], at now: Date) throws {
        try history.record(recipients, at: now)
    }
}
