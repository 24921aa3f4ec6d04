import Foundation
import SOPKit

/// The first page after sign-in: the rounds the official may read, what their country still
/// owes in each, the days left and the outcome so far; for the secretariat, also the drafts a
/// round can be opened on.
enum Dashboard {
    static func context(_ workspace: Workspace, consultation: Consultation, identity: Identity, now: Date, words: Words) throws -> [String: Any] {
        let account = identity.account
        let set = consultation.log.registry?.set
        var open: [[String: Any]] = []
        var closed: [[String: Any]] = []
        // A round whose events cannot be read leaves the others on the page; the secretariat
        // is told which, and `sop verify` says why.
        let rounds = try consultation.log.rounds()
        let unreadable = consultation.log.unreadableRounds.map(\.round)
        for round in rounds {
            guard account.isSecretariat || round.participants.contains(account.participant) else { continue }
            let report = RoundReport(round, set: round.registry?.set, now: now)
            let mine = report.participants.first { $0.code == account.participant }
            var owes: [String] = []
            if round.state != .closed, let mine {
                if account.mayTakePositions, mine.position == nil || mine.position == "stale" {
                    owes.append(words.text(mine.position == "stale" ? "dashboard.owesNewPosition" : "dashboard.owesPosition"))
                }
                if !mine.commented { owes.append(words.text("dashboard.owesComments")) }
            }
            let undisposed = round.comments.filter { $0.disposition == nil }.count
            let entry: [String: Any] = [
                "id": round.id, "title": round.title, "state": round.state.rawValue,
                "details": words.text(
                    "dashboard.details",
                    ["revision": words.number(round.revision.number), "rule": Vocabulary.rule(round.rule.rawValue, words), "state": Vocabulary.state(round.state, words)]),
                "closesText": words.text("dashboard.closesOn", ["date": words.dateTime(report.effectiveCloses)]),
                "daysLeft": words.number(report.daysLeft), "deadlinePassed": report.deadlinePassed,
                "outcome": Vocabulary.outcome(report.outcome, rule: round.rule, deadline: report.effectiveCloses, words),
                "result": report.outcome.result.rawValue, "resultName": Vocabulary.result(report.outcome.result, words),
                "owes": owes.joined(separator: ", "), "owesSomething": !owes.isEmpty,
                "undisposedText": words.count(undisposed, one: "dashboard.undisposedOne", many: "dashboard.undisposedMany"),
                "showUndisposed": account.isSecretariat && undisposed > 0,
            ]
            if round.state == .closed { closed.append(entry) } else { open.append(entry) }
        }
        var values: [String: Any] = [
            "openRounds": open, "closedRounds": closed, "hasOpen": !open.isEmpty, "hasClosed": !closed.isEmpty,
            "setTitle": set?.title ?? "",
        ]
        if account.isSecretariat {
            values["unreadableText"] = words.text("dashboard.unreadable", ["rounds": unreadable.joined(separator: ", ")])
            values["hasUnreadable"] = !unreadable.isEmpty
            let drafts = try Drafts(workspace).list().map { ["name": $0.name, "summary": $0.summary] }
            values["drafts"] = drafts
            values["hasDrafts"] = !drafts.isEmpty
            values["rules"] = DecisionRule.allCases.map {
                ["rule": $0.rawValue, "name": Vocabulary.rule($0.rawValue, words), "selected": $0 == set?.defaultRule] as [String: Any]
            }
            values["defaultCloses"] = Day(now.addingTimeInterval(30 * 86_400)).description
        }
        return values
    }
}
