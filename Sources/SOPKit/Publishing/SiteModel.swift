import Foundation
import Git

/// Everything the pages of one edition share: the set, every procedure's facts, the
/// reservations and approval records, and where each page lives in the site.
struct SiteModel {
    /// A state's reservation on sections of one procedure, from the record that adopted it.
    struct Reservation {
        let participant: String
        let participantName: String
        let sections: [String]
        let statement: String
    }

    let edition: Edition
    let set: ProtocolSet?
    let templates: SiteTemplates
    let baseURL: String?
    /// Facts of every procedure in the edition, by ID, sorted.
    let procedures: [ProcedureFacts]
    let byPath: [String: ProcedureFacts]
    /// Reservations by procedure ID.
    let reservations: [String: [Reservation]]
    /// The approval record of each published version, ready for the templates, by tag.
    let records: [String: [String: Any]]
    /// When the pages say they were made: the edition's commit time, so that publishing the
    /// same edition twice gives the same bytes.
    let generated: String

    init(edition: Edition, set: ProtocolSet?, templates: SiteTemplates, baseURL: String?, procedures: [ProcedureFacts], verified: [String: Bool]) throws {
        self.edition = edition
        self.set = set
        self.templates = templates
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.procedures = procedures.sorted { $0.id < $1.id }
        byPath = Dictionary(procedures.map { ($0.path, $0) }) { first, _ in first }
        var reservations: [String: [Reservation]] = [:]
        var records: [String: [String: Any]] = [:]
        for version in edition.history {
            guard let record = version.record else { continue }
            let registry = KeyRegistry.at(edition.source.repository, commit: version.commit)
            var positions: [[String: Any]] = []
            for body in record.positions {
                guard let event = Event(checked: body), let position = Position(event: event, revision: 0) else { continue }
                let problem = Event.hash(body) == event.id ? registry?.problem(with: event) : "the position does not match its hash"
                positions.append(
                    SiteModel.compact([
                        "code": position.participant, "name": set?.participant(position.participant)?.name ?? position.participant,
                        "stance": position.stance.rawValue, "reason": position.reason, "at": Timestamp.string(position.at),
                        "signed": problem == nil, "signature": problem ?? "signature valid, key registered",
                        "reservations": position.reservations.isEmpty ? nil : position.reservations.map { ["sections": $0.sections.joined(separator: ", "), "statement": $0.statement] },
                    ]))
                for reservation in position.reservations {
                    for procedure in Set(reservation.sections.compactMap { $0.split(separator: "#").first.map(String.init) }) {
                        reservations[procedure, default: []].append(
                            Reservation(
                                participant: position.participant, participantName: set?.participant(position.participant)?.name ?? position.participant,
                                sections: reservation.sections.filter { $0.hasPrefix(procedure + "#") }.map { String($0.dropFirst(procedure.count + 1)) },
                                statement: reservation.statement))
                    }
                }
            }
            let waiting = record.participants.filter { code in !positions.contains { ($0["code"] as? String) == code } }
            records[version.tag] = SiteModel.compact([
                "tag": version.tag, "version": version.version, "round": record.round, "rule": record.rule?.rawValue,
                "outcome": record.outcome, "summary": record.body["outcome"]?["summary"]?.string,
                "closed": record.closed.map(Timestamp.string), "adopted": record.adopted.map(Timestamp.string),
                "verified": verified[version.tag] ?? false, "positions": positions,
                "silent": waiting.isEmpty ? nil : waiting.map { ["code": $0, "name": set?.participant($0)?.name ?? $0] },
            ])
        }
        self.reservations = reservations
        self.records = records
        let commit = try edition.source.repository.commit(edition.commit)
        generated = Timestamp.string(commit.committer.date)
    }

    /// Drops nil values, which Mustache would otherwise print as "nil".
    static func compact(_ values: [String: Any?]) -> [String: Any] { values.compactMapValues { $0 } }

    /// Site-relative paths of the pages.
    static func procedurePage(_ id: String) -> String { "procedures/\(id).html" }
    static func redlinePage(_ id: String) -> String { "redline/\(id).html" }
    static func statePage(_ code: String) -> String { "states/\(code).html" }
    /// One folder deep like every procedure page, so that one rendering of a body serves all.
    static func stateProcedurePage(_ code: String, _ id: String) -> String { "states/\(code)-\(id).html" }

    /// The relative prefix from a page to the site root (`../` for `procedures/SOP-001.html`).
    static func root(of page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count - 1)
    }

    /// The member states a per-state view is made for, in set.yaml order.
    var states: [Participant] { (set?.participants ?? []).filter { $0.kind == .member } }

    /// The context every template gets.
    func common(page: String) -> [String: Any] {
        let root = SiteModel.root(of: page)
        return SiteModel.compact([
            "root": root, "setTitle": set?.title ?? "Protocol set", "shortTitle": set?.shortTitle ?? set?.title ?? "Protocol set",
            "edition": edition.label, "isVersion": edition.current != nil, "ref": edition.ref, "commit": edition.commit.hex,
            "commitShort": edition.commit.short, "generated": generated, "baseURL": baseURL,
            "printNotice": "Uncontrolled when printed. Check the version in force" + (baseURL.map { " at \($0)" } ?? " with the secretariat") + " before use.",
        ])
    }

    /// Where a link in a procedure's Markdown goes in the site: another procedure's page; nil
    /// keeps the link as written.
    func destination(of link: String, in procedure: ProcedureFacts, root: String) -> String? {
        guard CrossReference.scheme(of: link) == nil else { return nil }
        let reference = CrossReference(link)
        let target: ProcedureFacts?
        if reference.file.isEmpty {
            target = procedure
        } else {
            target = CrossReference.resolve(reference.file, from: (procedure.path as NSString).deletingLastPathComponent).flatMap { byPath[$0] }
        }
        guard let target else { return nil }
        if target.id == procedure.id, reference.file.isEmpty { return nil }
        return root + SiteModel.procedurePage(target.id) + (reference.fragment.map { "#" + $0 } ?? "")
    }

    /// IDs in the print edition are prefixed with the procedure's, as every procedure has a
    /// `scope` section.
    static func printAnchor(_ procedure: String, _ fragment: String?) -> String {
        fragment.map { "\(procedure)-\($0)" } ?? procedure
    }
}
