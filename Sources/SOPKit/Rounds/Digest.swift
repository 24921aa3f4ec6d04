import Foundation

/// What changed for one recipient (a participant code, or `secretariat`) in every round it
/// takes part in since a moment: new revisions, comments on the sections it cares about,
/// answers to its own comments, a deadline within a week, and what it still owes.
///
/// It is data only, the same for `sop digest --format json`, the mail and the portal's
/// dashboard; ``DigestWording`` puts it into a language.
public struct Digest: Sendable, Codable, Equatable {
    /// How close a deadline must be to be announced: a week gives a ministry time to clear a
    /// position through its hierarchy.
    public static let deadlineHorizon: TimeInterval = 7 * 86_400

    public struct RoundDigest: Sendable, Codable, Equatable {
        public let id: String
        public let title: String
        public let state: String
        /// The moment this round's changes are counted from: the digest's, or the round's
        /// opening when the recipient has had no digest yet.
        public let since: Date
        /// When the round closed, if it closed since then.
        public let closed: Date?
        /// Revisions put up since then (revision 1 included when the round opened since).
        public let revisions: [Round.Revision]
        /// Comments by others since then: for a participant, on the sections it commented or
        /// reserved on; for the secretariat, every one.
        public let comments: [Item]
        /// Replies by others and dispositions since then to the recipient's own comments.
        public let answers: [Item]
        /// The deadline (paused time added) when it is less than ``deadlineHorizon`` away.
        public let closesSoon: Date?
        /// Whole days left until ``closesSoon``, rounded up.
        public let daysLeft: Int?
        /// What the recipient still owes (``Round/owed(by:takesPositions:)``).
        public let owed: [Owed]
        /// For the secretariat: how many comments of the round have no disposition yet.
        public let undisposed: Int?

        /// Whether there is anything to tell.
        public var isEmpty: Bool {
            closed == nil && revisions.isEmpty && comments.isEmpty && answers.isEmpty && closesSoon == nil && owed.isEmpty && (undisposed ?? 0) == 0
        }
    }

    /// A comment, reply or disposition as a digest lists it.
    public struct Item: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable { case comment, reply, disposition }
        public let kind: Kind
        /// The comment's number (`TT-3`): of the comment itself, or of the one answered.
        public let number: String
        /// Who wrote it: a participant code or `secretariat`.
        public let participant: String
        /// `SOP-004#detection`.
        public let anchor: String
        public let at: Date
        /// The words, as written (shortened by the wording, never here).
        public let text: String
        /// A disposition's resolution (`accepted`, `modified`, `rejected`, `noted`).
        public let resolution: String?
        /// For the secretariat: the comment has no disposition yet.
        public let needsDisposition: Bool?
    }

    public let recipient: String
    /// The language the digest is written in.
    public let language: String
    /// The moment asked for (`--since`, or the last digest recorded); nil when each round is
    /// counted from its opening.
    public let since: Date?
    public let now: Date
    /// The rounds with something to tell, in the order given.
    public let rounds: [RoundDigest]

    public var isEmpty: Bool { rounds.isEmpty }

    /// The digest of `recipient` over `rounds`. `takesPositions` says whether the recipient
    /// owes positions in a round (nil: as the round's set.yaml says, ``Round/takesPositions(_:)``).
    public init(recipient: String, language: String, rounds: [Round], since: Date?, now: Date, takesPositions: Bool? = nil) {
        self.recipient = recipient
        self.language = language
        self.since = since
        self.now = now
        self.rounds = rounds.compactMap { round in
            guard recipient == Round.secretariat || round.participants.contains(recipient) else { return nil }
            let entry = Digest.digest(of: round, for: recipient, since: since ?? round.opened, now: now, takesPositions: takesPositions)
            return entry.isEmpty ? nil : entry
        }
    }

    /// One round's part. Events at the very second of `since` count as new: a digest recorded
    /// in the same second as an event shows it twice rather than never.
    static func digest(of round: Round, for recipient: String, since: Date, now: Date, takesPositions: Bool?) -> RoundDigest {
        let isSecretariat = recipient == Round.secretariat
        let watched = isSecretariat ? [] : Digest.watchedSections(of: recipient, in: round)
        var comments: [Item] = []
        var answers: [Item] = []
        for comment in round.comments {
            if comment.at >= since, comment.participant != recipient, isSecretariat || watched.contains(comment.anchor) {
                comments.append(
                    Item(
                        kind: .comment, number: comment.number, participant: comment.participant, anchor: comment.anchor, at: comment.at, text: comment.text,
                        resolution: nil, needsDisposition: isSecretariat ? comment.disposition == nil : nil))
            }
            guard comment.participant == recipient else { continue }
            for reply in comment.replies where reply.at >= since && reply.participant != recipient {
                answers.append(
                    Item(
                        kind: .reply, number: comment.number, participant: reply.participant, anchor: comment.anchor, at: reply.at, text: reply.text,
                        resolution: nil, needsDisposition: nil))
            }
            if let disposition = comment.disposition, disposition.at >= since {
                answers.append(
                    Item(
                        kind: .disposition, number: comment.number, participant: Round.secretariat, anchor: comment.anchor, at: disposition.at,
                        text: disposition.reason, resolution: disposition.resolution.rawValue, needsDisposition: nil))
            }
        }
        answers.sort { ($0.at, $0.number) < ($1.at, $1.number) }
        let closes = round.effectiveCloses(now: now)
        let soon = round.state == .open && closes > now && closes.timeIntervalSince(now) <= Digest.deadlineHorizon
        return RoundDigest(
            id: round.id, title: round.title, state: round.state.rawValue, since: since,
            closed: round.closed.flatMap { $0 >= since ? $0 : nil }, revisions: round.revisions.filter { $0.at >= since }, comments: comments, answers: answers,
            closesSoon: soon ? closes : nil, daysLeft: soon ? Int((closes.timeIntervalSince(now) / 86_400).rounded(.up)) : nil,
            owed: isSecretariat ? [] : round.owed(by: recipient, takesPositions: takesPositions ?? round.takesPositions(recipient)),
            undisposed: isSecretariat ? round.undisposed().count : nil)
    }

    /// The sections (`SOP-004#detection`) `participant` commented on or reserved on in the
    /// round: where others' comments concern it.
    static func watchedSections(of participant: String, in round: Round) -> Set<String> {
        var sections = Set(round.comments.lazy.filter { $0.participant == participant }.map(\.anchor))
        for position in round.positions where position.participant == participant {
            for reservation in position.reservations { sections.formUnion(reservation.sections) }
        }
        return sections
    }
}
