import Foundation
import SOPKit

/// A proposal under consultation: the text of the current revision with each section's
/// comments beside it, the comments that can no longer be placed, the participants' status
/// and the forms the signed-in official may use.
enum RoundPage {
    /// What the form just posted did, from the query its redirect carries (`imported`,
    /// `position`, `adopted`); only values of the expected shape are shown.
    static func notice(_ query: (String) -> String?) -> String? {
        if let count = query("imported").flatMap(Int.init) {
            switch count {
            case 0: return "No new comments: every row of the form was already recorded."
            case 1: return "1 comment imported from the form."
            default: return "\(count) comments imported from the form."
            }
        }
        if let stance = query("position").flatMap(Position.Stance.init(rawValue:)) {
            return "Your position is recorded: \(stance.rawValue)."
        }
        if let version = query("adopted"), !version.isEmpty, version.count <= 40, version.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
            return "Adopted as version \(version) of the set, signed with the secretariat's key."
        }
        return nil
    }

    /// The hidden fields of a form that binds to the text on the page.
    static func seen(_ seen: SeenText) -> [String: Any] { ["revision": seen.revision, "fingerprints": seen.fingerprints] }

    static func context(_ round: Round, view: RevisionView, identity: Identity, set: ProtocolSet?, now: Date) -> [String: Any] {
        let account = identity.account
        let report = RoundReport(round, set: set, now: now)
        let open = round.state == .open && !report.deadlinePassed
        let invited = round.participants.contains(account.participant)
        var placed: [String: [Comment]] = [:]
        var unplaced: [Comment] = []
        for comment in round.comments {
            if view.isPlaced(comment) { placed[comment.anchor, default: []].append(comment) } else { unplaced.append(comment) }
        }
        func commentContext(_ comment: Comment) -> [String: Any] {
            var values: [String: Any] = [
                "id": comment.id, "number": comment.number, "participant": comment.participant, "author": comment.author,
                "at": Timestamp.string(comment.at), "type": comment.type.rawValue, "text": comment.text, "anchor": comment.anchor,
                "section": [comment.sectionNumber, comment.section].compactMap { $0 }.joined(separator: " "),
                "revision": comment.revision, "blocking": comment.blocking, "state": comment.state, "holding": comment.isHolding,
                "replies": comment.replies.map { ["participant": $0.participant, "author": $0.author, "text": $0.text, "at": Timestamp.string($0.at)] },
                "mayReply": (account.isSecretariat || invited) && round.state != .closed || account.isSecretariat,
                "mayDispose": account.isSecretariat,
                "resolutions": Comment.Resolution.allCases.map { ["resolution": $0.rawValue, "selected": comment.disposition?.resolution == $0] as [String: Any] },
                "mayClear": comment.blocking && !comment.cleared && comment.disposition != nil && comment.participant == account.participant
                    && round.state != .closed,
            ]
            if let quote = comment.quote { values["quote"] = quote.exact }
            if let proposed = comment.proposed { values["proposed"] = proposed }
            if let disposition = comment.disposition {
                values["disposition"] = ["resolution": disposition.resolution.rawValue, "reason": disposition.reason, "at": Timestamp.string(disposition.at)]
            }
            return values
        }
        let procedures: [[String: Any]] = view.procedures.map { procedure in
            [
                "id": procedure.id, "title": procedure.title, "version": procedure.version ?? "",
                "sections": procedure.sections.map { section -> [String: Any] in
                    let comments = (placed[section.anchor] ?? []).map(commentContext)
                    return [
                        "anchor": section.anchor, "domID": section.anchor.replacingOccurrences(of: "#", with: "--"),
                        "number": section.number ?? "", "title": section.title, "html": section.html,
                        "comments": comments, "hasComments": !comments.isEmpty, "count": comments.count,
                    ]
                },
            ]
        }
        let outcome = report.outcome
        var values: [String: Any] = [
            "round": [
                "id": round.id, "title": round.title, "draft": round.draft, "state": round.state.rawValue, "rule": round.rule.rawValue,
                "revision": round.revision.number, "commit": String(round.revision.commit.prefix(10)),
                "closes": Timestamp.string(report.effectiveCloses), "daysLeft": report.daysLeft, "deadlinePassed": report.deadlinePassed,
                "outcome": outcome.summary, "result": outcome.result.rawValue, "isOpen": open, "isClosed": round.state == .closed,
                "isPaused": round.state == .paused, "hasEarlierRevision": round.revisions.count > 1,
            ] as [String: Any],
            "procedures": procedures, "roundID": round.id,
            "unplaced": unplaced.map(commentContext), "hasUnplaced": !unplaced.isEmpty,
            "participants": report.participants.map { status -> [String: Any] in
                [
                    "code": status.code, "name": status.name, "kind": status.kind, "comments": status.comments,
                    "position": status.position ?? "none yet", "hasReservations": !status.reservations.isEmpty,
                    "reservations": status.reservations.map { ["sections": $0.sections.joined(separator: ", "), "statement": $0.statement] },
                    "isMe": status.code == account.participant,
                ]
            },
            "sectionOptions": view.sections.map { ["anchor": $0.anchor, "label": "\($0.anchor) — \([$0.number, $0.title].compactMap { $0 }.joined(separator: " "))"] },
            "types": [["type": "te", "label": "technical"], ["type": "ge", "label": "general"], ["type": "ed", "label": "editorial"]],
            "mayComment": open && (account.isSecretariat || invited),
            "mayBlock": account.role == .focalPoint || account.isSecretariat,
            "mayTakePosition": round.state != .closed && invited && account.mayTakePositions,
            "mayUploadForm": open && invited,
            "speaksFor": account.participant,
            "seen": RoundPage.seen(view.seen),
        ]
        if account.isSecretariat {
            values["secretariat"] = [
                "mayClose": round.state != .closed, "mayAdopt": round.state == .closed && (round.recordedOutcome?["result"]?.string == "adopted"),
                "mayRevise": round.state != .closed,
            ]
        }
        return values
    }
}
