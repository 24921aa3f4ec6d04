import Foundation
import SOPKit

/// What a round's current revision changes, word by word and section by section: against
/// its previous revision, an earlier one (the one an official read before a new one came), or
/// the text in force on main.
enum Changes {
    static func context(_ round: Round, workspace: Workspace, against: String, words: Words) throws -> [String: Any] {
        let from: String
        let comparedWith: String
        if against == "previous", round.revisions.count > 1 {
            from = round.revisions[round.revisions.count - 2].commit
            comparedWith = words.text("changes.comparedWithRevision", ["revision": words.number(round.revision.number - 1)])
        } else if against == "main" || against == "previous" {
            from = "main"
            comparedWith = words.text("changes.comparedWithMain")
        } else if let number = Int(against), number >= 1, number < round.revision.number {
            from = round.revisions[number - 1].commit
            comparedWith = words.text("changes.comparedWithRevision", ["revision": words.number(number)])
        } else {
            throw PortalError.badRequest("error.compareAgainst")
        }
        let procedures: [[String: Any]] = try round.procedures.map { id in
            let diff = try workspace.diff(id, from: from, to: round.revision.commit, comparing: .reading)
            return [
                "id": id, "unchanged": diff.isEmpty,
                "fields": diff.metadata.map { ["field": $0.field, "old": $0.old ?? "—", "new": $0.new ?? "—"] },
                "sections": diff.sections.map { change -> [String: Any] in
                    [
                        "id": change.id, "kinds": change.kinds.map { Vocabulary.change($0, words) }.joined(separator: ", "),
                        "title": [change.newNumber ?? change.oldNumber, change.newTitle ?? change.oldTitle].compactMap { $0 }.joined(separator: " "),
                        "html": change.words?.html ?? "",
                    ]
                },
            ]
        }
        return [
            // The words compared are the source's (the English), whatever language the page is in.
            "textLanguage": round.registry?.set.sourceLanguage ?? Catalogue.reference,
            "round": ["id": round.id, "title": round.title, "revision": round.revision.number], "comparedWith": comparedWith,
            "heading": words.text("changes.title", ["revision": words.number(round.revision.number)]),
            "procedures": procedures, "againstPrevious": from != "main", "hasPrevious": round.revisions.count > 1,
        ]
    }
}
