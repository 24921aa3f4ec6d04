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
            let owes = round.owed(by: account.participant, takesPositions: account.mayTakePositions).map { words.text($0.key) }
            let undisposed = round.undisposed().count
            let entry: [String: Any] = [
                "id": round.id, "title": round.title, "state": round.state.rawValue,
                "details": words.text(
                    "dashboard.details",
                    ["revision": words.number(round.revision.number), "rule": Vocabulary.rule(round.rule.rawValue, words), "state": Vocabulary.state(round.state, words)]),
                "closesText": words.text("dashboard.closesOn", ["date": words.deadline(report.effectiveCloses)]),
                "daysLeft": words.number(report.daysLeft), "deadlinePassed": report.deadlinePassed,
                "outcome": Vocabulary.outcome(report.outcome, rule: round.rule, deadline: report.effectiveCloses, in: round.registry?.set, words),
                "result": report.outcome.result.rawValue, "resultName": Vocabulary.result(report.outcome.result, words),
                "owes": owes.joined(separator: ", "), "owesSomething": !owes.isEmpty,
                "undisposedText": words.count(undisposed, one: "dashboard.undisposedOne", many: "dashboard.undisposedMany"),
                "showUndisposed": account.isSecretariat && undisposed > 0,
            ]
            if round.state == .closed { closed.append(entry) } else { open.append(entry) }
        }
        var values: [String: Any] = [
            "recentRounds": recent(rounds, identity: identity, now: now, words: words), "openRounds": open, "closedRounds": closed, "hasOpen": !open.isEmpty, "hasClosed": !closed.isEmpty,
            "setTitle": set?.title ?? "",
        ]
        let owed = try Acknowledgements(consultation).owed(today: Day(now))
        if account.isSecretariat {
            let summary = owed.map { item -> [String: Any] in
                let count = { (state: Acknowledgements.Standing.State) in words.number(item.participants.filter { $0.state == state }.count) }
                return [
                    "procedure": item.procedure, "version": item.version, "title": item.title, "overdue": !item.overdue.isEmpty,
                    "text": words.text(
                        "dashboard.acknowledgementsSummary",
                        ["acknowledged": count(.acknowledged), "asked": words.number(item.participants.count), "overdue": count(.overdue),
                         "date": Catalogue.format(date: item.due.start, language: words.language)]),
                ]
            }
            values["acknowledgementSummary"] = summary
            values["hasAcknowledgementSummary"] = !summary.isEmpty
        } else if account.mayTakePositions, set?.participant(account.participant)?.kind != .observer {
            values["asksAcknowledgement"] = true
            values["acknowledgements"] = owed.compactMap { item -> [String: Any]? in
                guard let standing = item.participants.first(where: { $0.participant == account.participant }) else { return nil }
                let date = { (day: Day) in Catalogue.format(date: day.start, language: words.language) }
                let when =
                    switch standing.state {
                    case .acknowledged:
                        words.text(
                            "dashboard.acknowledgedOn",
                            ["date": standing.acknowledgement?.acknowledged.map { Catalogue.format(date: $0, language: words.language) } ?? "",
                             "name": standing.acknowledgement?.name ?? ""])
                    case .outstanding: words.text("dashboard.acknowledgeDue", ["date": date(item.due)])
                    case .overdue: words.text("dashboard.acknowledgeOverdue", ["date": date(item.due)])
                    }
                return [
                    "procedure": item.procedure, "version": item.version, "title": item.title, "when": when, "done": standing.state == .acknowledged,
                    "overdue": standing.state == .overdue,
                    "button": words.text("dashboard.acknowledgeButton", ["procedure": item.procedure, "version": item.version]),
                ]
            }
        }
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
            let reviews = try Reviews(consultation).due(within: reviewWindow, today: Day(now)).map { due -> [String: Any] in
                var entry: [String: Any] = [
                    "id": due.id, "title": due.title, "overdue": due.overdue,
                    "when": due.overdue
                        ? words.count(-due.daysLeft, one: "dashboard.reviewOverdueOne", many: "dashboard.reviewOverdueMany", ["date": due.reviewBy.description])
                        : words.count(due.daysLeft, one: "dashboard.reviewDueOne", many: "dashboard.reviewDueMany", ["date": due.reviewBy.description]),
                ]
                if let last = due.lastReview, let verdict = last.verdict {
                    entry["last"] = words.text("dashboard.reviewLast", ["verdict": words.text("verdict." + verdict.rawValue), "date": last.reviewed.map { Day($0).description } ?? ""])
                }
                return entry
            }
            values["reviews"] = reviews
            values["hasReviews"] = !reviews.isEmpty
        }
        return values
    }

    /// What changed in the last seven days in the rounds the official reads: the digest
    /// `sop digest` mails, without its deadline and what is owed, which the table shows.
    ///
    /// Seven days rather than "since your last visit": officials share a country's work and
    /// look in between meetings, so a page that forgot a comment once anyone had glanced at
    /// it would hide it from the colleague who must answer; a week is the rhythm of the mail
    /// digest and of the deadline warning, and reading a page records nothing.
    static let recentWindow: TimeInterval = 7 * 86_400

    /// How far ahead the secretariat's dashboard lists periodic reviews: a quarter, the time a
    /// review takes to prepare (as `sop review due` by default).
    static let reviewWindow = 90

    static func recent(_ rounds: [Round], identity: Identity, now: Date, words: Words) -> [[String: Any]] {
        let account = identity.account
        let digest = Digest(
            recipient: account.participant, language: words.language, rounds: rounds, since: now.addingTimeInterval(-recentWindow), now: now,
            takesPositions: account.mayTakePositions)
        let wording = DigestWording(digest, recipientName: account.participant, setTitle: "", catalogue: words.catalogue)
        return wording.rounds.compactMap { round in
            let sections = round.sections.filter { $0.kind != .deadline && $0.kind != .owed }
            guard !sections.isEmpty else { return nil }
            return ["id": round.id, "title": round.title, "sections": sections.map { ["heading": $0.heading, "items": $0.items] as [String: Any] }]
        }
    }
}
