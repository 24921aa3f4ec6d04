import Foundation
import Markdown

/// A published version's approval record as readers are shown it, read once from the sealed
/// ``Record`` of its tag: the round, the decision, each counted position with who signed it and
/// whether that signature counts, who stated nothing, and the secretariat's seal. The
/// procedure pages, the state pages and the print edition all read this, never the tag.
struct ApprovalRecord {
    /// One participant's counted position, as the record holds it.
    struct Statement {
        let position: Position
        let participantName: String
        /// The name the signing key is registered under (the official's, or the portal's).
        let signer: String?
        /// The account the portal signed for, when the position came through the portal.
        let account: String?
        /// Why the signature does not count (in sop's English), or nil when it does.
        let problem: String?
    }

    let version: PublishedVersion
    let record: Record
    let statements: [Statement]
    /// Invited participants with no counted position: code and name.
    let silent: [(code: String, name: String)]
    /// The name the sealing secretariat key is registered under.
    let sealer: String?
    /// Whether `sop verify` accepts the tag (signatures, approved text, the rule's outcome).
    let verified: Bool

    /// Reads the record's positions, checking each one's hash and signature against the key
    /// registry `registry` (nil when set.yaml at the tag cannot be read: nothing is then checked).
    init(version: PublishedVersion, record: Record, set: ProtocolSet?, registry: KeyRegistry?, verified: Bool) {
        self.version = version
        self.record = record
        self.verified = verified
        func name(_ code: String) -> String { set?.participant(code)?.name ?? code }
        statements = record.positions.compactMap { body in
            guard let event = Event(checked: body), let position = Position(event: event, revision: 0) else { return nil }
            let problem: String? =
                Event.hash(body) != event.id
                ? "the position does not match its hash"
                : registry.map { $0.problem(with: event) } ?? "set.yaml at \(version.tag) cannot be read, so the signature was not checked"
            return Statement(
                position: position, participantName: name(position.participant), signer: registry?.keys.keys[position.key]?.name,
                account: event.via == KeyRegistry.portal ? event.account : nil, problem: problem)
        }
        let stated = Set(statements.map(\.position.participant))
        silent = record.participants.filter { !stated.contains($0) }.map { ($0, name($0)) }
        sealer = record.sealKey.flatMap { registry?.keys.keys[$0]?.name }
    }

    /// The day the adopted procedures take effect (adoption gives them all the same one).
    var effective: Day? { record.procedures.compactMap(\.effective).min() }

    /// The record's ID in the print edition, which the procedures' lines and the contents link to.
    var anchor: String { "record-" + version.version.replacingOccurrences(of: ".", with: "-") }

    /// The context of `{{#record}}` in `procedure.mustache` and of each of `{{#records}}` in
    /// `print.mustache`, in the words of `language`: the stored values as the site has always
    /// shown them (`stance`, `at`, `closed` as recorded), and for print the same in words.
    func context(_ model: SiteModel, language: String) -> [String: Any] {
        func day(_ date: Date?) -> String? { date.map { Catalogue.format(date: $0, language: language) } }
        let rule = record.rule.map { model.text("rule.\($0.rawValue)", language) }
        // Every key is always there, so that none falls through to the record's own.
        let adopted = record.procedures.map { procedure in
            [
                "id": procedure.id, "procedureTitle": model.procedures.first { $0.id == procedure.id }?.title ?? "",
                "line": model.text("print.version", language, ["version": procedure.version ?? ""]),
            ]
        }
        return SiteModel.compact([
            "tag": version.tag, "version": version.version, "anchor": anchor, "round": record.round, "rule": record.rule?.rawValue,
            "ruleLabel": rule, "outcome": record.outcome, "summary": record.outcomeSummary,
            "title": model.text("print.record-title", language, ["version": version.version]),
            "decision": rule.map { model.text("print.decision", language, ["rule": $0]) },
            "closed": record.closed.map(Timestamp.string), "adopted": record.adopted.map(Timestamp.string),
            "closedOn": day(record.closed), "adoptedOn": day(record.adopted), "effectiveOn": effective.map { Catalogue.format(day: $0, language: language) },
            "procedures": adopted, "verified": verified, "unverified": model.text("procedure.unverified", language, ["tag": version.tag]),
            "seal": record.sealKey.map { key in
                model.html(
                    "print.signed-by", language,
                    [
                        "signer": MarkdownDocument.escape(sealer ?? model.text("procedure.secretariat", language)),
                        "key": "<span class=\"key\">\(MarkdownDocument.escape(KeyPair.shortForm(key)))</span>",
                    ])
            },
            "positions": statements.map { statement in statementContext(statement, model, language: language) },
            "silent": silent.isEmpty ? nil : silent.map { ["code": $0.code, "name": $0.name] },
            "undisposed": record.undisposed.isEmpty ? nil : record.undisposed.joined(separator: ", "),
        ])
    }

    /// A position's row. The stored values as the procedure page has always shown them, and
    /// for print: the stance in the edition's words with the reason and reservations quoted
    /// as the language quotes, and who signed with which key, as HTML (its values escaped).
    private func statementContext(_ statement: Statement, _ model: SiteModel, language: String) -> [String: Any] {
        let position = statement.position
        let escape = MarkdownDocument.escape
        let stance = "<strong>\(escape(model.text("stance.\(position.stance.rawValue)", language)))</strong>"
        let key = "<span class=\"key\">\(escape(KeyPair.shortForm(position.key)))</span>"
        let signer = escape(statement.signer ?? position.participant)
        return SiteModel.compact([
            "code": position.participant, "name": statement.participantName,
            "stance": position.stance.rawValue, "reason": position.reason.map(DisplayText.shown), "at": Timestamp.string(position.at),
            "givenOn": Catalogue.format(dateTime: position.at, language: language),
            "signed": statement.problem == nil, "signature": statement.problem ?? "signature valid, key registered",
            "stanceLine": position.reason.map { model.html("print.position-reason", language, ["stance": stance, "reason": escape(DisplayText.shown($0))]) } ?? stance,
            "reservationLines": position.reservations.map { reservation in
                model.html(
                    "print.position-reservation", language,
                    ["sections": escape(reservation.sections.joined(separator: ", ")), "statement": escape(DisplayText.shown(reservation.statement))])
            },
            "signedBy": statement.account.map { model.html("print.signed-for", language, ["signer": signer, "account": escape($0), "key": key]) }
                ?? model.html("print.signed-by", language, ["signer": signer, "key": key]),
            "reservations": position.reservations.isEmpty ? nil : position.reservations.map { reservation in
                ["sections": reservation.sections.joined(separator: ", "), "statement": DisplayText.shown(reservation.statement)]
            },
        ])
    }
}
