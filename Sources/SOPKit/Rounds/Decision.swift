import Foundation

/// What a round's decision rule makes of its positions at a moment, and why, computed from the
/// events alone.
public struct Outcome: Sendable, Codable, Equatable {
    public enum Result: String, Sendable, Codable {
        case adopted
        case notAdopted = "not-adopted"
        /// The decision is not reached yet.
        case pending
        /// A blocking comment holds the decision.
        case blocked
    }

    public let rule: String
    public let result: Result
    /// One sentence: "adopted if no objection by 2027-02-01 17:00 UTC", "waiting on JM, HT".
    public let summary: String
    /// Whether the outcome can no longer change: the round is closed or its deadline passed.
    public let final: Bool
    public let approvals: [String]
    public let objections: [String]
    public let abstentions: [String]
    /// Voting members with no current position.
    public let waitingOn: [String]
    public let blockingComments: [String]
}

/// The decision rules: consensus, silence (OSCE/UN), qualified majority (ISO) and simple majority.
public enum Decision {
    /// Applies the round's rule. Only member states vote; observers and territories never count.
    /// `closing` evaluates as if the round closed at `now` (what `round close` records).
    public static func evaluate(_ round: Round, set: ProtocolSet?, now: Date, closing: Bool = false) -> Outcome {
        let end = round.closed ?? now
        let deadline = round.effectiveCloses(now: end)
        return decide(
            rule: round.rule, members: members(round.participants, set: set), voters: voters(round.participants, set: set),
            positions: round.currentPositions, holding: round.comments.filter(\.isHolding),
            final: closing || round.closed != nil || now >= deadline, deadlineReached: end >= deadline, deadline: deadline)
    }

    /// Everyone whose position is a vote cast: the invited who are not observers.
    public static func voters(_ invited: [String], set: ProtocolSet?) -> [String] {
        invited.filter { set?.participant($0)?.kind != .observer }
    }

    /// The voting members among the invited: member states (observers and territories never count).
    public static func members(_ invited: [String], set: ProtocolSet?) -> [String] {
        invited.filter { code in
            guard let kind = set?.participant(code)?.kind else { return true }
            return kind == .member
        }
    }

    /// The rule applied to current positions and the comments that hold the decision.
    public static func decide(
        rule: DecisionRule, members: [String], voters: [String], positions: [String: Position], holding: [Comment], final: Bool,
        deadlineReached: Bool, deadline: Date
    ) -> Outcome {
        func who(_ test: (Position) -> Bool) -> [String] { members.filter { positions[$0].map(test) ?? false } }
        let approvals = who { $0.stance.approves }
        let objections = who { $0.stance == .object && !($0.reason ?? "").isEmpty }
        let abstentions = who { $0.stance == .abstain }
        let waiting = members.filter { positions[$0] == nil }
        func outcome(_ result: Outcome.Result, _ summary: String) -> Outcome {
            Outcome(
                rule: rule.rawValue, result: result, summary: summary, final: final, approvals: approvals,
                objections: objections, abstentions: abstentions, waitingOn: waiting, blockingComments: holding.map(\.number))
        }
        if let first = holding.first {
            let names = holding.map { "\($0.number) from \($0.participant)" }.joined(separator: ", ")
            return final
                ? outcome(.notAdopted, "not adopted: blocked by comment \(names)")
                : outcome(.blocked, "blocked by comment \(names)" + (first.disposition == nil ? "" : " until cleared"))
        }
        let when = Timestamp.string(deadline)
        switch rule {
        case .consensus:
            if !objections.isEmpty { return outcome(final ? .notAdopted : .pending, "objection from \(objections.joined(separator: ", "))") }
            let notApproving = members.filter { !approvals.contains($0) }
            if notApproving.isEmpty, !members.isEmpty { return outcome(.adopted, "adopted by consensus of \(members.count) member states") }
            let abstaining = abstentions.isEmpty ? "" : "; " + abstentions.joined(separator: ", ") + (abstentions.count == 1 ? " abstains" : " abstain")
            let missing = notApproving.filter { !abstentions.contains($0) }
            if final { return outcome(.notAdopted, "not adopted: no approval from " + notApproving.joined(separator: ", ")) }
            return outcome(.pending, (missing.isEmpty ? "no consensus" : "waiting on " + missing.joined(separator: ", ")) + abstaining)
        case .silence:
            if !objections.isEmpty { return outcome(.notAdopted, "silence broken by \(objections.joined(separator: ", "))") }
            if deadlineReached { return outcome(.adopted, "adopted under the silence procedure at \(when)") }
            return final
                ? outcome(.notAdopted, "not adopted: closed before the silence period ended at \(when)")
                : outcome(.pending, "adopted if no objection by \(when)")
        case .qualified, .majority:
            let votes = approvals.count + objections.count
            let passes: Bool
            let detail: String
            if rule == .qualified {
                // ISO-style: 2/3 of the member states voting approve, and at most 1/4 of all
                // votes cast (territories' included) are objections; abstentions are no votes.
                let cast = voters.filter { positions[$0].map { $0.stance.approves || ($0.stance == .object && !($0.reason ?? "").isEmpty) } ?? false }
                let against = cast.filter { positions[$0]?.stance == .object }
                passes = votes > 0 && approvals.count * 3 >= votes * 2 && against.count * 4 <= cast.count
                detail = "\(approvals.count) of \(votes) member votes approve (2/3 needed), \(against.count) of \(cast.count) votes cast object (at most 1/4)"
            } else {
                passes = votes > 0 && approvals.count * 2 > votes
                detail = "\(approvals.count) of \(votes) votes approve (more than half needed)"
            }
            if final { return outcome(passes ? .adopted : .notAdopted, (passes ? "adopted: " : "not adopted: ") + detail) }
            return outcome(.pending, (passes ? "would be adopted now: " : "would not be adopted now: ") + detail + (waiting.isEmpty ? "" : "; waiting on \(waiting.joined(separator: ", "))"))
        }
    }
}
