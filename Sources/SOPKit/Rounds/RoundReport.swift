import Foundation

/// `sop round status`: who has responded, what is still open, how long is left.
public struct RoundReport: Sendable, Codable {
    public struct ParticipantStatus: Sendable, Codable {
        public let code: String
        public let name: String
        public let kind: String
        public let comments: Int
        public let commented: Bool
        /// The current position (approve, approve-with-comments, object, abstain), `stale` when
        /// the last one was given on an earlier revision, absent when none was given.
        public let position: String?
        /// Sections the participant reserved on, with its statement.
        public let reservations: [Position.Reservation]
    }

    public struct BlockingComment: Sendable, Codable {
        public let id: String
        public let number: String
        public let participant: String
        public let anchor: String
        public let state: String
    }

    public let id: String
    public let title: String
    public let draft: String
    public let rule: String
    public let state: String
    public let revision: Int
    public let commit: String
    public let procedures: [String]
    public let opened: Date
    public let closes: Date
    /// The deadline with paused time added.
    public let effectiveCloses: Date
    public let daysLeft: Int
    /// The deadline has passed and the round is not closed yet: no more comments are taken.
    public let deadlinePassed: Bool
    public let closed: Date?
    public let participants: [ParticipantStatus]
    public let comments: Int
    public let byType: [String: Int]
    public let byState: [String: Int]
    public let openBlocking: [BlockingComment]
    public let refusedEvents: Int
    /// Event files in the round's tree that could not be read (changed after they were written).
    public let unreadableEvents: Int
    /// The outcome the rule gives now, and why.
    public let outcome: Outcome
    /// The language versions in the revision and how each stands against its source text
    /// (``RevisionText/translationEntries(in:language:)``); nil when not asked for.
    public var languageVersions: [TranslationReport.Entry]?

    public init(_ round: Round, set: ProtocolSet?, now: Date, unreadable: Int = 0) {
        unreadableEvents = unreadable
        id = round.id
        title = round.title
        draft = round.draft
        rule = round.rule.rawValue
        state = round.state.rawValue
        revision = round.revision.number
        commit = round.revision.commit
        procedures = round.procedures
        opened = round.opened
        closes = round.closes
        effectiveCloses = round.effectiveCloses(now: now)
        let seconds = effectiveCloses.timeIntervalSince(now)
        daysLeft = round.closed != nil || seconds <= 0 ? 0 : Int((seconds / 86_400).rounded(.up))
        deadlinePassed = round.closed == nil && round.state == .open && seconds <= 0
        closed = round.closed
        var counts: [String: Int] = [:]
        for comment in round.comments { counts[comment.participant, default: 0] += 1 }
        let current = round.currentPositions
        let stale = Set(round.stalePositions)
        participants = round.participants.map { code in
            let participant = set?.participant(code)
            return ParticipantStatus(
                code: code, name: participant?.name ?? code, kind: participant?.kind.rawValue ?? "unknown",
                comments: counts[code] ?? 0, commented: (counts[code] ?? 0) > 0,
                position: current[code]?.stance.rawValue ?? (stale.contains(code) ? "stale" : nil),
                reservations: current[code]?.reservations ?? [])
        }
        comments = round.comments.count
        byType = Dictionary(uniqueKeysWithValues: Comment.Kind.allCases.map { kind in (kind.rawValue, round.comments.filter { $0.type == kind }.count) })
        var states = Dictionary(uniqueKeysWithValues: (["open"] + Comment.Resolution.allCases.map(\.rawValue)).map { ($0, 0) })
        for comment in round.comments { states[comment.state, default: 0] += 1 }
        byState = states
        openBlocking = round.comments.filter(\.isHolding).map {
            BlockingComment(id: $0.id, number: $0.number, participant: $0.participant, anchor: $0.anchor, state: $0.state)
        }
        refusedEvents = round.refused.count
        outcome = Decision.evaluate(round, set: set, now: now)
    }
}
