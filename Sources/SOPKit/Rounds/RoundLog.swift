import Foundation

/// `sop round log` and the portal's log page: every event of a round in the order the fold
/// reads them (clock, then id), who wrote it, when, through which channel and what it did,
/// with the events the rules refused kept and marked.
///
/// It is read from the events and the fold alone, so nothing is stored for it and every
/// replica holding the same events shows the same log.
public struct RoundLog: Sendable {
    /// How an event reached the record, as its signature proves: an event written through the
    /// portal is signed with the portal's key (and says so, ``Event/via``). Nothing in an
    /// event tells a comment typed at the command line from one imported from a CSV form.
    public enum Channel: String, Sendable, Encodable, CaseIterable {
        case portal
        /// The command line, or any client signing with the participant's own key (or not at all).
        case cli
    }

    /// What an event did, with the values a sentence about it needs: ``Entry/summary`` says it
    /// in English, the portal from its catalogue in the reader's language.
    public enum Action: Sendable, Equatable {
        /// `revision` is the revision's number, or the start of its commit when the round has
        /// no such revision (a refused event).
        case opened(draft: String, revision: String)
        case revised(revision: String)
        case extended(closes: Date)
        case paused(reason: String)
        case resumed(reason: String)
        /// The outcome the close recorded, nil when it names none the rules know.
        case closed(result: Outcome.Result?)
        case checkpoint(events: Int)
        case commented(number: String, anchor: String, type: Comment.Kind, blocking: Bool)
        /// `comment` is the number of the comment answered (the start of its ID when unknown).
        case replied(comment: String)
        /// `applied`: the draft commit that took up the comment's suggestion.
        case disposed(comment: String, resolution: Comment.Resolution, applied: String?)
        case cleared(comment: String)
        case stated(Position.Stance, revision: String, reservations: Int)
        case carried(positions: Int, revision: String)
        /// A payload that does not read; the refusal says why.
        case unreadable
    }

    /// The signature an event carries: its key, whom the registry holds it for, and whether
    /// it counts (it matches the event and the key was valid, or checkpointed before its
    /// revocation).
    public struct Signed: Sendable, Encodable, Equatable {
        public let key: String
        public let holder: String?
        public let verified: Bool
    }

    /// Why the rules refused an event, and the kind of refusal (``Refusal/Code``).
    public struct Refused: Sendable, Encodable, Equatable {
        public let code: String
        public let reason: String
    }

    public struct Entry: Sendable, Encodable {
        public let at: Date
        public let clock: Int
        public let event: String
        /// The event's type (`comment-added`).
        public let kind: String
        public let participant: String
        public let author: String
        public let channel: Channel
        /// What happened, in one line of English.
        public let summary: String
        /// The number of the revision the event opened, put up, commented on, took a
        /// position on or carried positions to; nil when it names none of the round's.
        public let revision: Int?
        public let signed: Signed?
        public let refused: Refused?
        /// The same as ``summary``, in parts, for sentences in other languages.
        public let action: Action

        enum CodingKeys: String, CodingKey {
            case at, clock, event, kind, participant, author, channel, summary, revision, signed, refused
        }
    }

    public let round: String
    public let entries: [Entry]
    /// Who may write in the round: the secretariat and the invited participants.
    public let writers: [String]

    /// The log of `round` folded from `events` (those of one commit of its ref).
    public init(_ round: Round, events: some Sequence<Event>) {
        self.round = round.id
        writers = [Round.secretariat] + round.participants
        let refusals = Dictionary(round.refused.map { ($0.event.id, Refused(code: $0.code.rawValue, reason: $0.reason)) }) { first, _ in first }
        let registry = round.registry
        // The fold numbers revisions as it applies openings and revisions; a refused one has none.
        var revisions = 0
        entries = events.sorted(by: <).map { event in
            let refused = refusals[event.id]
            if refused == nil, event.kind == .roundOpened || event.kind == .roundRevised { revisions += 1 }
            let (action, revision) = RoundLog.action(event, in: round, revisions: refused == nil ? revisions : nil)
            let signed = event.signature.map { signature in
                Signed(
                    key: signature.key, holder: registry?.keys.keys[signature.key]?.holder,
                    verified: registry?.problem(with: event, checkpointed: round.checkpointed[event.id]) == nil)
            }
            // Only a signature of the portal's key that counts says "portal": an unsigned event
            // claiming `via: portal` is a replica's word.
            let channel: Channel = signed?.verified == true && signed?.holder == KeyRegistry.portal ? .portal : .cli
            return Entry(
                at: event.at, clock: event.clock, event: event.id, kind: event.type, participant: event.participant, author: event.author,
                channel: channel, summary: RoundLog.summary(action, by: event.participant, kind: event.type), revision: revision,
                signed: signed, refused: refused, action: action)
        }
    }

    /// The entries of what `participant` (a code, or `secretariat`) did, or an error naming
    /// who takes part when the round has no such participant.
    public func entries(of participant: String) throws -> [Entry] {
        guard writers.contains(participant) else {
            throw SOPError(
                .invalidArgument, "'\(participant.prefix(40))' does not take part in round \(round)",
                hint: "--participant takes one of \(writers.joined(separator: ", "))")
        }
        return entries.filter { $0.participant == participant }
    }

    /// What `event` did, and the number of the revision it names. `revisions` is how many
    /// revisions the fold had put up once it applied the event (nil when it refused it).
    static func action(_ event: Event, in round: Round, revisions: Int?) -> (Action, Int?) {
        guard case .success(let payload) = event.decoded else { return (.unreadable, nil) }
        func number(_ commit: String) -> Int? { round.revisions.first { $0.commit == commit }?.number }
        func label(_ commit: String, _ number: Int?) -> String { number.map(String.init) ?? String(commit.prefix(10)) }
        func comment(_ id: String) -> String { round.comment(id)?.number ?? String(id.prefix(12)) }
        switch payload {
        case .opened(let opening):
            let revision = revisions ?? number(opening.revision)
            return (.opened(draft: opening.draft, revision: label(opening.revision, revision)), revision)
        case .revised(let commit, _):
            let revision = revisions ?? number(commit)
            return (.revised(revision: label(commit, revision)), revision)
        case .extended(let closes): return (.extended(closes: closes), nil)
        case .paused(let reason): return (.paused(reason: reason), nil)
        case .resumed(let reason): return (.resumed(reason: reason), nil)
        case .closed(_, let outcome): return (.closed(result: outcome?["result"]?.string.flatMap(Outcome.Result.init(rawValue:))), nil)
        case .checkpoint(let held): return (.checkpoint(events: held.events.count), nil)
        case .comment(let new):
            let revision = number(new.revision)
            let given = round.comment(event.id)?.number ?? new.number
            return (.commented(number: given, anchor: "\(new.procedure)#\(new.section)", type: new.type, blocking: new.blocking), revision)
        case .reply(let target, _): return (.replied(comment: comment(target)), nil)
        case .disposition(let target, let resolution, _, let applied): return (.disposed(comment: comment(target), resolution: resolution, applied: applied), nil)
        case .cleared(let target): return (.cleared(comment: comment(target)), nil)
        case .position(let stated):
            let revision = number(stated.revision)
            return (.stated(stated.stance, revision: label(stated.revision, revision), reservations: stated.reservations.count), revision)
        case .carried(let to, let positions):
            let revision = number(to)
            return (.carried(positions: positions.count, revision: label(to, revision)), revision)
        }
    }

    /// The English line of ``Entry/summary``.
    static func summary(_ action: Action, by who: String, kind: String) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        switch action {
        case .opened(let draft, let revision): return "\(who) opened the round on draft \(draft) (revision \(revision))"
        case .revised(let revision): return "\(who) put up revision \(revision)"
        case .extended(let closes): return "\(who) moved the closing time to \(Timestamp.string(closes))"
        case .paused(let reason): return "\(who) paused the round: \(reason)"
        case .resumed(let reason): return "\(who) resumed the round: \(reason)"
        case .closed(let result): return "\(who) closed the round" + (result.map { ": \($0.rawValue)" } ?? "")
        case .checkpoint(let events): return "\(who) checkpointed \(plural(events, "event"))"
        case .commented(let number, let anchor, let type, let blocking):
            return "\(who) commented on \(anchor) (\(number), \(type.rawValue)\(blocking ? ", blocking" : ""))"
        case .replied(let comment): return "\(who) replied to \(comment)"
        case .disposed(let comment, let resolution, let applied):
            return "\(who) disposed \(comment): \(resolution.rawValue)" + (applied.map { " (applied in \($0.prefix(10)))" } ?? "")
        case .cleared(let comment): return "\(who) lifted the blocking comment \(comment)"
        case .stated(let stance, let revision, let reservations):
            let stated: String
            switch stance {
            case .approve: stated = "approved revision \(revision)"
            case .approveWithComments: stated = "approved revision \(revision) with comments"
            case .object: stated = "objected to revision \(revision)"
            case .abstain: stated = "abstained on revision \(revision)"
            }
            return "\(who) \(stated)" + (reservations == 0 ? "" : " (\(plural(reservations, "reservation")))")
        case .carried(let positions, let revision): return "\(who) carried \(plural(positions, "position")) over to revision \(revision)"
        case .unreadable: return "\(who) recorded a \(kind) event that does not read"
        }
    }
}
