import Foundation
import SOPKit

/// What a round's current revision changes, word by word and section by section: against
/// its previous revision, or against the text in force on main.
enum Changes {
    static func context(_ round: Round, workspace: Workspace, against: String) throws -> [String: Any] {
        let from: String
        switch against {
        case "previous" where round.revisions.count > 1: from = round.revisions[round.revisions.count - 2].commit
        case "main", "previous": from = "main"
        default: throw PortalError.badRequest("compare against 'previous' or 'main'")
        }
        let comparedWith = from == "main" ? "the text in force (main)" : "revision \(round.revision.number - 1)"
        let procedures: [[String: Any]] = try round.procedures.map { id in
            let diff = try workspace.diff(id, from: from, to: round.revision.commit)
            return [
                "id": id, "unchanged": diff.isEmpty,
                "fields": diff.metadata.map { ["field": $0.field, "old": $0.old ?? "—", "new": $0.new ?? "—"] },
                "sections": diff.sections.map { change -> [String: Any] in
                    [
                        "id": change.id, "kinds": change.kinds.map(\.rawValue).joined(separator: ", "),
                        "title": [change.newNumber ?? change.oldNumber, change.newTitle ?? change.oldTitle].compactMap { $0 }.joined(separator: " "),
                        "html": change.words?.html ?? "",
                    ]
                },
            ]
        }
        return [
            "round": ["id": round.id, "title": round.title, "revision": round.revision.number], "comparedWith": comparedWith,
            "procedures": procedures, "againstPrevious": from != "main", "hasPrevious": round.revisions.count > 1,
        ]
    }
}
