import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit
import SOPServer

/// `sop digest`: what changed for each participant and the secretariat, printed or written
/// as mail for the secretariat's mail system.
struct DigestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: PortalCommand.digest.abstract,
        discussion: """
            Without --since, each recipient's digest starts at its last recorded one (.git/sop/digests.json), \
            or at each round's opening the first time. Only --mail and --record record it. Nothing is sent: \
            --mail writes one RFC 5322 message per recipient for the secretariat's mail system.
            Example:  sop digest --as TT --since 2027-01-11
                      sop digest --mail outbox/
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, html, json
    }

    @OptionGroup var repository: RepositoryOptions
    @Option(name: .customLong("as"), help: "One recipient: a participant code from set.yaml, or secretariat (default: everyone invited to an open round, and the secretariat).")
    var recipient: String?
    @Option(help: "Changes since this date or UTC time: 2027-01-11 or 2027-01-11T09:00Z (default: the recipient's last digest).") var since: String?
    @Option(help: "text, html or json (keys: recipient, language, since, now, rounds).") var format: Format = .text
    @Option(name: .customLong("lang"), help: "Write every digest in this language (default: the recipient's portal account's).") var language: String?
    @Option(help: "Write DIR/<code>.eml per recipient instead of printing, and record the digests.") var mail: String?
    @Flag(help: "Record the digests printed as the recipients' last (as --mail does).") var record = false

    func run() throws {
        let workspace = try repository.workspace()
        let start = try since.map(Digests.since(parsing:))
        let language = try UserCommand.language(language, workspace)
        let contacts = try AccountStore(file: AccountStore.defaultFile(for: workspace)).all().map {
            Digests.Contact(participant: $0.participant, email: $0.email, language: $0.language)
        }
        // Read before the rounds are: an event recorded meanwhile is in the next digest.
        let now = Timestamp.now()
        var digests = try Digests(
            Consultation(workspace), catalogue: try Portal.shippedCatalogue(), contacts: contacts, record: try DigestRecord(file: DigestRecord.defaultFile(for: workspace)))
        let made = try digests.recipients(recipient, since: start).map { code in
            digests.digest(for: code, since: start, language: digests.language(of: code, override: language), now: now)
        }
        Terminal.warn(unreadable: digests.consultation.log.unreadableRounds)
        if let mail {
            let (written, unaddressed) = try digests.writeMail(made, to: URL(fileURLWithPath: mail))
            for code in unaddressed { Terminal.error("warning: no e-mail address for \(code) in set.yaml or the portal's accounts; no message written") }
            for file in written { Terminal.say(file.path) }
            try digests.record(made.map(\.recipient).filter { !unaddressed.contains($0) }, at: now)
            return
        }
        switch format {
        case .json: try Terminal.json(made)
        case .html: Terminal.say(DigestWording.document(made.map(digests.wording), title: "sop digest"), terminator: "")
        case .text: Terminal.say(made.map { digests.wording($0).text }.joined(separator: "\n" + String(repeating: "-", count: 72) + "\n\n"), terminator: "")
        }
        if record { try digests.record(made.map(\.recipient), at: now) }
    }
}
