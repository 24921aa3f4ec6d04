import Foundation
import SOPKit

/// The confirm step of an adoption: what would go into force (``Adoption/Preview``) in the
/// reader's language, what stops it, and, only when nothing does, the button that adopts,
/// carrying the preview's terms and its basis so that what is adopted is what was shown.
enum AdoptPage {
    static func context(_ preview: Adoption.Preview, round: Round, set: ProtocolSet?, words: Words) -> [String: Any] {
        let effective = Catalogue.format(date: preview.effective.start, language: words.language)
        let deadline = round.effectiveCloses(now: round.closed ?? round.closes)
        let ids = Dictionary(round.comments.map { ($0.number, $0.id) }) { first, _ in first }
        func stated(_ version: String?, _ status: String?) -> String {
            guard let version else { return words.text("adopt.newProcedure") }
            return status.flatMap(Status.init(rawValue:)).map { "\(version) (\(Vocabulary.status($0, words)))" } ?? version
        }
        return [
            "round": ["id": round.id, "title": round.title],
            "heading": words.text("adopt.heading", ["tag": preview.tag]),
            "lead": words.text("adopt.lead"),
            "tag": preview.tag, "version": preview.version, "effective": preview.effective.description, "effectiveText": effective,
            "revision": words.text("adopt.revision", ["revision": words.number(preview.revision), "commit": String(preview.commit.prefix(10))]),
            "outcome": Vocabulary.result(preview.outcome.result, words) + " — " + Vocabulary.outcome(preview.outcome, rule: round.rule, deadline: deadline, in: round.registry?.set, words),
            "rule": Vocabulary.rule(round.rule.rawValue, words),
            "procedures": preview.procedures.map { procedure -> [String: Any] in
                [
                    "id": procedure.id, "title": procedure.title, "before": stated(procedure.oldVersion, procedure.oldStatus),
                    "after": stated(procedure.newVersion, procedure.newStatus),
                ]
            },
            "superseded": preview.superseded.isEmpty ? words.text("adopt.none") : preview.superseded.joined(separator: ", "),
            "positions": preview.positions.map { stated -> [String: Any] in
                [
                    "participant": Vocabulary.participant(stated.participant, in: set, words),
                    "stance": Vocabulary.position(stated.stance.rawValue, words),
                    "reservations": stated.reservations.map { ["on": words.text("round.reservationOn", ["sections": $0.sections.joined(separator: ", ")]), "statement": $0.statement] },
                ]
            },
            "hasUndisposed": !preview.undisposed.isEmpty,
            "undisposed": preview.undisposed.map { number -> [String: Any] in ["number": number, "href": "/rounds/\(round.id)#c-\(ids[number] ?? "")"] },
            "undisposedRefused": preview.obstacles.contains(.undisposed),
            "undisposedNote": words.text(preview.obstacles.contains(.undisposed) ? "adopt.undisposedRefused" : "adopt.undisposedRecorded"),
            "hasLint": !preview.lint.isEmpty,
            "lint": preview.lint.map(\.description),
            "lintRefused": preview.obstacles.contains(.lint),
            "mayConfirm": preview.obstacles.isEmpty,
            "allowUndisposed": preview.allowUndisposed,
            "noAcknowledgement": !preview.acknowledgement.required,
            "acknowledgement": preview.acknowledgement.required
                ? words.text("adopt.acknowledgementRequired", ["period": period(preview.acknowledgement.within, words)])
                : words.text("adopt.acknowledgementNone"),
            "basis": preview.basis,
            "confirm": words.text("adopt.confirm", ["tag": preview.tag, "date": effective]),
        ]
    }

    /// "30 days", "18 mois", in the reader's language.
    static func period(_ period: Period, _ words: Words) -> String {
        let unit = switch period.unit {
        case .days: "days"
        case .months: "months"
        case .years: "years"
        }
        return words.count(period.count, one: "period.\(unit)One", many: "period.\(unit)Many")
    }
}
