import Foundation

/// A consultation round as its events say it is: a fold over them in (clock, id) order.
///
/// The rules are applied during the fold, so every replica that holds the same events (or a
/// superset with events the rules refuse) computes the same state.
public struct Round: Sendable {
    public enum State: String, Sendable, Codable { case open, paused, closed }

    public struct Revision: Sendable, Codable, Equatable {
        public var number: Int
        public var commit: String
        public var at: Date
    }

    public struct Pause: Sendable, Codable, Equatable {
        public var start: Date
        public var end: Date?
        public var reason: String
    }

    public let id: String
    public private(set) var title = ""
    public private(set) var draft = ""
    public private(set) var rule = DecisionRule.consensus
    public private(set) var procedures: [String] = []
    public private(set) var participants: [String] = []
    public private(set) var opened = Date.distantPast
    public private(set) var closes = Date.distantPast
    public private(set) var revisions: [Revision] = []
    public private(set) var pauses: [Pause] = []
    public private(set) var closed: Date?
    /// The ID of the close that counts: the round's last checkpoint, which a record names.
    public private(set) var closing: String?
    public private(set) var comments: [Comment] = []
    /// Every position ever stated, in fold order; the last current one of each participant counts.
    public private(set) var positions: [Position] = []
    /// The revision commit each position counts for, after carry-overs.
    public private(set) var carriedTo: [String: String] = [:]
    /// The outcome the secretariat recorded when closing.
    public private(set) var recordedOutcome: [String: JSONValue]?
    /// The keys of set.yaml; without them signatures cannot be checked and positions are refused.
    public let registry: KeyRegistry?
    /// The highest Lamport clock among the events applied.
    public private(set) var clock = 0
    /// Events the rules refused, with the reason and its kind (for words in other languages
    /// than the rules'), in fold order.
    public private(set) var refused: [(event: Event, reason: String, code: Refusal.Code)] = []
    private var commentIndex: [String: Int] = [:]
    private var numbers: Set<String> = []
    /// Comment content (participant, section, type, words) → number, to refuse repeats.
    private var contents: [String: String] = [:]
    /// How many comments each participant has recorded, kept as they are applied so that
    /// neither the limit nor the next number needs a pass over every comment.
    private var commentCounts: [String: Int] = [:]
    private var replyCounts: [String: Int] = [:]

    /// How far an event's clock may run ahead of the highest clock applied before it. An
    /// honest writer adds one for each event it writes; a replica that jumps to the limit
    /// would leave no room for anyone after it.
    public static let maximumClockStep = 1_000_000

    /// The longest comment, proposal, reply or reservation statement accepted.
    public static let maximumText = 20_000
    /// The longest quote: a few sentences, not a section.
    public static let maximumQuote = 2_000
    /// The most reservations one position may carry, and the most sections one reservation
    /// may name: more than a procedure has sections, few enough to keep a record readable.
    public static let maximumReservations = 200

    public var isOpened: Bool { !revisions.isEmpty }
    public var revision: Revision { revisions[revisions.count - 1] }
    public var state: State { closed != nil ? .closed : (pauses.last?.end == nil && !pauses.isEmpty ? .paused : .open) }

    public init(id: String, registry: KeyRegistry? = nil) {
        self.id = id
        self.registry = registry
    }

    /// Folds events (in any order; they are sorted here).
    public init(id: String, events: [Event], registry: KeyRegistry? = nil) {
        self.init(id: id, registry: registry)
        let sorted = events.sorted(by: <)
        (checkpointed, isClosing) = Round.checkpoints(sorted, round: id, registry: registry)
        for event in sorted { apply(event) }
    }

    /// Event ID → the registry sequence of the earliest counting checkpoint that holds it.
    public private(set) var checkpointed: [String: Int] = [:]
    /// Whether a counting close is among the events, read before folding: once it is, nothing
    /// of a participant counts unless the close (or an earlier checkpoint) holds it, whatever
    /// its clock or time say.
    private var isClosing = false
    /// The IDs of the events applied, in fold order: what the secretariat's next checkpoint lists.
    public private(set) var applied: [String] = []

    /// The events not yet in any checkpoint: whether a new one is worth making. Checkpoints
    /// themselves need none (one signed with a key revoked since vouches for nothing anyway).
    public var uncheckpointed: [String] { applied.filter { checkpointed[$0] == nil && !checkpointEvents.contains($0) } }
    private var checkpointEvents: Set<String> = []

    /// The checkpoints that count: signed by a secretariat (or portal) key that still counts,
    /// or held by a checkpoint that counts, repeated until nothing changes. Only a checkpoint
    /// whose key is still valid vouches for the events it lists: one signed with a key revoked
    /// since counts as an event, but the IDs it lists could be of events its signer wrote and
    /// kept back, so they must be listed again by a valid key (every checkpoint lists every
    /// event applied so far).
    static func checkpoints(_ sorted: [Event], round id: String, registry: KeyRegistry?) -> ([String: Int], Bool) {
        guard let registry else { return ([:], false) }
        let candidates = sorted.filter { ($0.kind == .checkpoint || $0.kind == .roundClosed) && $0.participant == Round.secretariat && $0.round == id }
        var checkpointed: [String: Int] = [:]
        var counted: Set<String> = []
        var closing = false
        var changed = true
        while changed {
            changed = false
            for checkpoint in candidates where !counted.contains(checkpoint.id) {
                guard case .success(let payload) = checkpoint.decoded, let held = payload.held, held.registry <= registry.keys.sequence,
                    registry.problem(with: checkpoint, checkpointed: checkpointed[checkpoint.id]) == nil
                else { continue }
                counted.insert(checkpoint.id)
                changed = true
                if checkpoint.kind == .roundClosed { closing = true }
                guard let signer = checkpoint.signature?.key, registry.keys.keys[signer]?.isValid == true else { continue }
                Round.hold(held, in: &checkpointed)
            }
        }
        return (checkpointed, closing)
    }

    /// Each participant's position that counts on the current revision: the last one stated
    /// on it or carried over to it. Positions on earlier revisions are stale.
    public var currentPositions: [String: Position] {
        guard isOpened else { return [:] }
        var current: [String: Position] = [:]
        for position in positions where carriedTo[position.id] == revision.commit { current[position.participant] = position }
        return current
    }

    /// Participants whose latest position is on an earlier revision and was not carried over.
    public var stalePositions: [String] {
        let current = currentPositions
        return Set(positions.map(\.participant)).filter { current[$0] == nil }.sorted()
    }

    public func comment(_ id: String) -> Comment? { commentIndex[id].map { comments[$0] } }

    /// The comments the secretariat had not answered by `time` (by now when nil), in the
    /// round's order: what adoption refuses to seal unless the record names them, and what
    /// `sop verify` recomputes at the record's adoption time. A disposition may come after
    /// the close, so an answer given after the adoption leaves the record as it was sealed.
    public func undisposed(at time: Date? = nil) -> [Comment] {
        comments.filter { comment in
            guard let first = comment.earlierDispositions.first ?? comment.disposition else { return true }
            return time.map { first.at > $0 } ?? false
        }
    }

    /// How many comments `participant` has recorded in this round.
    public func commentCount(of participant: String) -> Int { commentCounts[participant, default: 0] }

    /// Why `participant` may not record `adding` more comments: the per-participant limit of
    /// the set.yaml that governs the round (its opening revision's), so that every replica
    /// refuses the same comments. The secretariat is not limited: it runs the round, every
    /// event of it is signed with its registered key, and it sets the limit.
    public func commentLimit(_ participant: String, adding: Int, registry: KeyRegistry? = nil) -> Refusal? {
        guard participant != Round.secretariat else { return nil }
        let limit = limits(registry).commentsPerParticipant
        let count = commentCount(of: participant)
        guard count + adding > limit else { return nil }
        let what = adding == 1 ? "another comment" : "\(adding) more comments"
        return Refusal(
            .overLimit,
            "\(participant) has \(count) comment\(count == 1 ? "" : "s") in this round and may record at most \(limit) (limits: comments-per-participant in set.yaml), so \(what) cannot be recorded; \(count >= limit ? "ask the secretariat to raise the limit for the next round, or reply to comments already recorded" : "send at most \(limit - count) more")")
    }

    /// Why `participant` may not write another reply: the per-participant limit on replies of
    /// the set.yaml that governs the round, as for comments (a reply makes every page that
    /// shows its comment longer). The secretariat, which answers every comment, is not limited.
    func replyLimit(_ participant: String, registry: KeyRegistry? = nil) -> Refusal? {
        guard participant != Round.secretariat else { return nil }
        let limit = limits(registry).repliesPerParticipant
        let count = replyCounts[participant, default: 0]
        guard count >= limit else { return nil }
        return Refusal(
            .overLimit,
            "\(participant) has written \(count) repl\(count == 1 ? "y" : "ies") in this round and may write at most \(limit) (limits: replies-per-participant in set.yaml), so another reply cannot be recorded")
    }

    /// The limits of the set.yaml that governs the round (`registry`, while an event is judged
    /// before it is applied), the defaults without one.
    private func limits(_ registry: KeyRegistry?) -> ProtocolSet.Limits {
        (registry ?? self.registry)?.set.limits ?? ProtocolSet.Limits()
    }

    /// The deadline with paused time added: an emergency stops the clock.
    public func effectiveCloses(now: Date) -> Date {
        let paused = pauses.reduce(0.0) { total, pause in total + (pause.end ?? max(now, pause.start)).timeIntervalSince(pause.start) }
        return closes.addingTimeInterval(paused)
    }

    /// Applies one event if the rules allow it; otherwise records why it was refused.
    public mutating func apply(_ event: Event) {
        if let refusal = violation(event) {
            refused.append((event, refusal.reason, refusal.code))
            return
        }
        guard case .success(let payload) = event.decoded else { return }
        clock = max(clock, event.clock)
        applied.append(event.id)
        func number(of commit: String) -> Int { revisions.first { $0.commit == commit }?.number ?? revision.number }
        switch payload {
        case .checkpoint:
            checkpointEvents.insert(event.id)
            vouch(for: event)
        case .opened(let opening):
            title = opening.title
            draft = opening.draft
            rule = opening.rule
            procedures = opening.procedures
            participants = opening.participants
            closes = opening.closes
            opened = event.at
            revisions = [Revision(number: 1, commit: opening.revision, at: event.at)]
        case .revised(let commit, let scope):
            revisions.append(Revision(number: revisions.count + 1, commit: commit, at: event.at))
            if let scope, !scope.isEmpty { procedures = scope }
        case .extended(let closes):
            self.closes = closes
        case .paused(let reason):
            pauses.append(Pause(start: event.at, end: nil, reason: reason))
        case .resumed:
            if !pauses.isEmpty { pauses[pauses.count - 1].end = event.at }
        case .closed(_, let outcome):
            closed = event.at
            closing = event.id
            recordedOutcome = outcome
            vouch(for: event)
            isClosing = true
        case .comment(let new):
            // Two capitals working offline can give the same number; the later comment in the
            // record's order gets a letter, the same on every replica.
            var given = new.number
            if numbers.contains(given) {
                given = "abcdefghijklmnopqrstuvwxyz".map { "\(given)\($0)" }.first { !numbers.contains($0) } ?? "\(given)-\(event.id.prefix(6))"
            }
            numbers.insert(given)
            contents[Round.content(event.participant, new)] = given
            commentCounts[event.participant, default: 0] += 1
            commentIndex[event.id] = comments.count
            comments.append(
                Comment(
                    id: event.id, number: given, participant: event.participant, author: event.author, at: event.at,
                    revision: number(of: new.revision), commit: new.revision, procedure: new.procedure, section: new.section,
                    sectionNumber: new.sectionNumber, paragraph: new.paragraph, quote: new.quote, type: new.type, text: new.text,
                    proposed: new.proposed, blocking: new.blocking, language: new.language, quotedIn: new.quotedIn))
        case .reply(let target, let text):
            guard let index = commentIndex[target] else { return }
            replyCounts[event.participant, default: 0] += 1
            comments[index].replies.append(Comment.Reply(id: event.id, participant: event.participant, author: event.author, at: event.at, text: text))
        case .disposition(let target, let resolution, let reason, let applied):
            guard let index = commentIndex[target] else { return }
            // The text a suggestion brought stays in the draft when the answer is revised.
            let applied = applied ?? comments[index].disposition?.applied
            if let earlier = comments[index].disposition { comments[index].earlierDispositions.append(earlier) }
            comments[index].disposition = Comment.Disposition(resolution: resolution, reason: reason, author: event.author, at: event.at, applied: applied)
        case .cleared(let target):
            guard let index = commentIndex[target] else { return }
            comments[index].cleared = true
        case .position(let stated):
            guard let position = Position(event: event, revision: number(of: stated.revision)) else { return }
            positions.append(position)
            carriedTo[event.id] = stated.revision
        case .carried(let to, let ids):
            for id in ids { carriedTo[id] = to }
        }
    }

    /// The events only the secretariat records.
    static let secretariatOnly: Set<Event.Kind> = [
        .checkpoint, .roundOpened, .roundRevised, .roundExtended, .roundPaused, .roundResumed, .roundClosed, .commentDisposed, .positionsCarried,
    ]

    /// Whether `participant` may record an event of `kind` in this round at all: who, not
    /// what. The rules ask it for every event; the CLI and the portal ask it before they build
    /// one, so that all of them refuse for the same reason.
    public func authority(_ participant: String, _ kind: Event.Kind, registry: KeyRegistry? = nil) -> Refusal? {
        if Round.secretariatOnly.contains(kind), participant != Round.secretariat {
            return Refusal(.notAllowed, "only the secretariat may record '\(kind.rawValue)'")
        }
        guard isOpened else { return nil }
        if participant != Round.secretariat, !participants.contains(participant) {
            return Refusal(.notAllowed, "\(participant) is not invited to this round")
        }
        if kind == .positionStated {
            if participant == Round.secretariat { return Refusal(.notAllowed, "the secretariat does not take positions") }
            if (registry ?? self.registry)?.set.participant(participant)?.kind == .observer {
                return Refusal(.notAllowed, "\(participant) is an observer; observers comment but do not take positions")
            }
        }
        return nil
    }

    /// Adds a checkpoint applied after the fold (an append in this process) to what the
    /// pre-scan found, so the state is the one a fresh fold would give.
    private mutating func vouch(for checkpoint: Event) {
        guard case .success(let payload) = checkpoint.decoded, let held = payload.held, let signer = checkpoint.signature?.key,
            registry?.keys.keys[signer]?.isValid == true
        else { return }
        Round.hold(held, in: &checkpointed)
    }

    /// Records what a checkpoint holds: each listed event at the registry sequence it was made
    /// at, or at the earlier one it says a checkpoint had already held it at (the signer
    /// attests the past it saw, so that a revocation of that earlier checkpoint's key does not
    /// move the event after a revocation it had come before).
    static func hold(_ held: Payload.Held, in checkpointed: inout [String: Int]) {
        for event in held.events {
            let at = min(max(held.earlier[event] ?? held.registry, 0), held.registry)
            checkpointed[event] = min(checkpointed[event] ?? at, at)
        }
    }

    /// Why the rules refuse `event` in the current state, or nil when it is allowed.
    public func violation(_ event: Event) -> Refusal? {
        guard let kind = event.kind else { return Refusal(.malformed, "unknown event type '\(event.type)'") }
        guard event.round == id else { return Refusal(.malformed, "event belongs to round '\(event.round)', not '\(id)'") }
        if event.clock > clock + Round.maximumClockStep {
            return Refusal(.malformed, "its clock \(event.clock) jumps more than \(Round.maximumClockStep) past the round's highest, \(clock)")
        }
        // The secretariat always signs; a participant with a registered key speaks only
        // through it, so nobody else can write in its name.
        guard let registry else { return Refusal(.notAllowed, "no key registry to check the event against") }
        let checkpoint = checkpointed[event.id]
        // Saying it came through the portal is the portal's signature's to say.
        if event.signature == nil, event.via != nil || event.account != nil {
            return Refusal(.notAllowed, "it says it came through the portal but carries no signature of the portal's key")
        }
        if event.signature != nil || kind == .positionStated || registry.requiresSignature(event.participant, checkpointed: checkpoint) {
            if event.signature == nil, event.participant == Round.secretariat {
                return Refusal(.notAllowed, "every event of the secretariat is signed with its registered key, and this one is not")
            }
            if let problem = registry.problem(with: event, checkpointed: checkpoint) { return Refusal(.notAllowed, problem) }
        }
        if let refusal = authority(event.participant, kind, registry: registry) { return refusal }
        let payload: Payload
        switch event.decoded {
        case .success(let decoded): payload = decoded
        case .failure(let refusal): return kind == .roundOpened && isOpened ? Refusal(.notNow, "the round is already open") : refusal
        }
        func blank(_ text: String?) -> Bool { !(text?.contains { !$0.isWhitespace } ?? false) }
        if case .opened(let opening) = payload {
            guard !isOpened else { return Refusal(.notNow, "the round is already open") }
            guard !blank(opening.draft), opening.revision.count == 40, !opening.participants.isEmpty, opening.participants.allSatisfy(Participant.isCode)
            else { return Refusal(.malformed, "malformed round-opened payload") }
            return nil
        }
        guard isOpened else { return Refusal(.notNow, "the round has not been opened") }
        if closed != nil, event.participant != Round.secretariat { return Refusal(.notNow, "the round is closed") }
        if isClosing, checkpoint == nil, event.participant != Round.secretariat {
            return Refusal(.notNow, "the round is closed, and the secretariat's close does not hold this event (it arrived after the close)")
        }
        if closed != nil, kind != .commentReplied, kind != .commentDisposed, kind != .checkpoint { return Refusal(.notNow, "the round is closed") }
        switch payload {
        case .opened: return nil
        case .revised(let commit, _):
            return commit == revision.commit ? Refusal(.notNow, "revision \(revisions.count) is already that commit") : nil
        case .extended: return nil
        case .paused(let reason):
            if state == .paused { return Refusal(.notNow, "the round is already paused") }
            return blank(reason) ? Refusal(.malformed, "a pause needs a reason") : nil
        case .resumed(let reason):
            if state != .paused { return Refusal(.notNow, "the round is not paused") }
            return blank(reason) ? Refusal(.malformed, "resuming needs a reason") : nil
        case .closed(let held, _), .checkpoint(let held):
            guard held.registry <= registry.keys.sequence else {
                return Refusal(.malformed, "a \(kind.rawValue) names the registry sequence it was made at and the IDs of the events it holds")
            }
            return nil
        case .comment(let new):
            if state == .paused { return Refusal(.notNow, "the round is paused") }
            if event.at > effectiveCloses(now: event.at) { return Refusal(.notNow, "the round closed for comments at \(Timestamp.string(effectiveCloses(now: event.at)))") }
            guard !blank(new.number), revisions.contains(where: { $0.commit == new.revision }), !blank(new.procedure), !blank(new.section) else {
                return Refusal(.malformed, "malformed comment: it needs number, a revision of this round, procedure, section and type ge, te or ed")
            }
            for code in [new.language, new.quotedIn].compactMap({ $0 }) where !Metadata.isLanguageCode(code) {
                return Refusal(.malformed, "'\(code.prefix(20))' is not a language code (two lowercase letters)")
            }
            guard Round.isCommentNumber(new.number, of: event.participant) else {
                return Refusal(.malformed, "comment number '\(new.number.prefix(40))' is not one of \(event.participant)'s: it must read \(Round.numberPrefix(event.participant))-N")
            }
            guard !blank(new.text) else { return Refusal(.malformed, "a comment needs text") }
            guard procedures.contains(new.procedure) else {
                return Refusal(.malformed, "\(new.procedure) is not in this round (it covers \(procedures.joined(separator: ", ")))")
            }
            if (new.quote?.exact.count ?? 0) > Round.maximumQuote { return Refusal(.malformed, "a quote is at most \(Round.maximumQuote) characters") }
            if new.blocking, registry.set.participant(event.participant)?.kind == .observer {
                return Refusal(.notAllowed, "observers comment but do not hold a decision with blocking comments; send it as an ordinary comment")
            }
            if let refusal = Round.tooLong(["text": new.text, "proposed": new.proposed, "paragraph": new.paragraph]) { return refusal }
            if let existing = contents[Round.content(event.participant, new)] { return Refusal(.duplicate, "the same comment is already recorded as \(existing)") }
            return commentLimit(event.participant, adding: 1, registry: registry)
        case .reply(let target, let text):
            guard comment(target) != nil else { return Refusal(.malformed, "reply to an unknown comment") }
            if blank(text) { return Refusal(.malformed, "a reply needs text") }
            return Round.tooLong(["text": text]) ?? replyLimit(event.participant, registry: registry)
        case .disposition(let target, let resolution, let reason, _):
            guard comment(target) != nil else { return Refusal(.malformed, "disposition of an unknown comment") }
            if resolution == .rejected, blank(reason) { return Refusal(.malformed, "a rejection needs a reason") }
            return nil
        case .cleared(let id):
            guard let target = comment(id) else { return Refusal(.malformed, "clearing an unknown comment") }
            guard target.blocking else { return Refusal(.malformed, "\(target.number) is not a blocking comment") }
            guard target.participant == event.participant else { return Refusal(.notAllowed, "only \(target.participant) may clear \(target.number)") }
            return target.disposition == nil ? Refusal(.malformed, "\(target.number) must be disposed of before it is cleared") : nil
        case .position(let stated):
            if state == .paused { return Refusal(.notNow, "the round is paused") }
            guard revisions.contains(where: { $0.commit == stated.revision }) else {
                return Refusal(.malformed, "a position must name a revision of this round")
            }
            if stated.revision != revision.commit { return Refusal(.notNow, "position on a stale revision: the round is at revision \(revision.number)") }
            if rule == .silence, event.at > effectiveCloses(now: event.at) {
                return Refusal(.notNow, "the silence period ended at \(Timestamp.string(effectiveCloses(now: event.at)))")
            }
            if stated.stance == .object, blank(stated.reason) { return Refusal(.malformed, "an objection needs reasons") }
            if stated.reservations.count > Round.maximumReservations {
                return Refusal(.malformed, "a position carries at most \(Round.maximumReservations) reservations; sections with the same statement go in one")
            }
            for reservation in stated.reservations {
                guard !reservation.sections.isEmpty, reservation.sections.count <= Round.maximumReservations, !blank(reservation.statement) else {
                    return Refusal(.malformed, "a reservation names 1 to \(Round.maximumReservations) sections and carries a statement")
                }
                if let first = reservation.sections.first(where: { !procedures.contains(String($0.prefix { $0 != "#" })) }) {
                    return Refusal(.malformed, "a reservation on \(first), which is not in this round")
                }
                if reservation.statement.count > Round.maximumText {
                    return Refusal(.malformed, "a reservation's statement is longer than \(Round.maximumText) characters")
                }
            }
            return Round.tooLong(["reason": stated.reason])
        case .carried(let to, let ids):
            guard to == revision.commit else { return Refusal(.malformed, "positions can only be carried to the current revision") }
            let known = Set(positions.map(\.id))
            return ids.allSatisfy(known.contains) ? nil : Refusal(.malformed, "carrying an unknown position")
        }
    }

    /// What a participant's comment numbers start with: its code, `SEC` for the secretariat.
    static func numberPrefix(_ participant: String) -> String { participant == Round.secretariat ? "SEC" : participant }

    /// Whether `number` is one a participant may give its comment (`TT-12`): its own prefix and
    /// a plain number, so that nobody takes another's numbers (`TT-5` written by HT would make
    /// TT's own fifth comment `TT-5a`, and dispositions citing TT-5 land on HT's).
    static func isCommentNumber(_ number: String, of participant: String) -> Bool {
        let prefix = numberPrefix(participant) + "-"
        guard number.hasPrefix(prefix) else { return false }
        let digits = number.utf8.dropFirst(prefix.utf8.count)
        return (1...9).contains(digits.count) && digits.first != UInt8(ascii: "0") && digits.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// What makes two comments the same: who, where, which type, and the same words as a
    /// reader sees them (``DisplayText/comparable(_:)``: a zero-width space does not make a
    /// comment new).
    static func content(_ participant: String, _ comment: Payload.NewComment) -> String {
        [participant, comment.procedure, comment.section, comment.type.rawValue, DisplayText.comparable(comment.text),
            DisplayText.comparable(comment.proposed ?? ""), DisplayText.comparable(comment.quote?.exact ?? "")].joined(separator: "\u{1F}")
    }

    static func tooLong(_ fields: KeyValuePairs<String, String?>) -> Refusal? {
        for (key, value) in fields where (value?.count ?? 0) > maximumText {
            return Refusal(.malformed, "'\(key)' is longer than \(maximumText) characters")
        }
        return nil
    }

    /// The name that stands for the secretariat in `participant` and `--as`.
    public static let secretariat = "secretariat"

    /// The ref that holds a round's events.
    public static func reference(_ id: String) -> String { "refs/sop/rounds/\(id)" }

    /// Round IDs are safe in a ref name, a URL and a file name.
    public static func isValidID(_ id: String) -> Bool {
        (1...80).contains(id.count) && id.first?.isLetter == true
            && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) } && !id.contains("..")
    }
}
