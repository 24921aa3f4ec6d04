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
    /// Events the rules refused, with the reason, in fold order.
    public private(set) var refused: [(event: Event, reason: String, code: Refusal.Code)] = []
    private var commentIndex: [String: Int] = [:]
    private var numbers: Set<String> = []
    /// Comment content (participant, section, type, words) → number, to refuse exact repeats.
    private var contents: [String: String] = [:]

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
                guard let sequence = checkpoint.payload["registry"]?.int, (0...registry.keys.sequence).contains(sequence),
                    let listed = checkpoint.payload["events"]?.array,
                    registry.problem(with: checkpoint, checkpointed: checkpointed[checkpoint.id]) == nil
                else { continue }
                counted.insert(checkpoint.id)
                changed = true
                if checkpoint.kind == .roundClosed { closing = true }
                guard let signer = checkpoint.signature?.key, registry.keys.keys[signer]?.isValid == true else { continue }
                Round.hold(checkpoint, at: sequence, in: &checkpointed)
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
        clock = max(clock, event.clock)
        applied.append(event.id)
        let payload = event.payload
        switch event.kind! {
        case .checkpoint:
            checkpointEvents.insert(event.id)
            vouch(for: event)
        case .roundOpened:
            title = payload["title"]?.string ?? ""
            draft = payload["draft"]!.string!
            rule = DecisionRule(rawValue: payload["rule"]!.string!)!
            procedures = payload["procedures"]!.array!.compactMap(\.string)
            participants = payload["participants"]!.array!.compactMap(\.string)
            closes = Timestamp.parse(payload["closes"]!.string!)!
            opened = event.at
            revisions = [Revision(number: 1, commit: payload["revision"]!.string!, at: event.at)]
        case .roundRevised:
            revisions.append(Revision(number: revisions.count + 1, commit: payload["revision"]!.string!, at: event.at))
            if let scope = payload["procedures"]?.array?.compactMap(\.string), !scope.isEmpty { procedures = scope }
        case .roundExtended:
            closes = Timestamp.parse(payload["closes"]!.string!)!
        case .roundPaused:
            pauses.append(Pause(start: event.at, end: nil, reason: payload["reason"]!.string!))
        case .roundResumed:
            pauses[pauses.count - 1].end = event.at
        case .roundClosed:
            closed = event.at
            closing = event.id
            recordedOutcome = payload["outcome"]?.object
            vouch(for: event)
            isClosing = true
        case .commentAdded:
            let commit = payload["revision"]!.string!
            let quote = payload["quote"]?.object.map {
                Comment.Quote(prefix: $0["prefix"]?.string ?? "", exact: $0["exact"]!.string!, suffix: $0["suffix"]?.string ?? "")
            }
            // Two capitals working offline can give the same number; the later comment in the
            // record's order gets a letter, the same on every replica.
            var number = payload["number"]!.string!
            if numbers.contains(number) {
                number = "abcdefghijklmnopqrstuvwxyz".map { "\(number)\($0)" }.first { !numbers.contains($0) } ?? "\(number)-\(event.id.prefix(6))"
            }
            numbers.insert(number)
            contents[Round.content(event)] = number
            commentIndex[event.id] = comments.count
            comments.append(
                Comment(
                    id: event.id, number: number, participant: event.participant, author: event.author,
                    at: event.at, revision: revisions.first { $0.commit == commit }!.number, commit: commit,
                    procedure: payload["procedure"]!.string!, section: payload["section"]!.string!,
                    sectionNumber: payload["sectionNumber"]?.string, paragraph: payload["paragraph"]?.string, quote: quote,
                    type: Comment.Kind(rawValue: payload["type"]!.string!)!, text: payload["text"]!.string!,
                    proposed: payload["proposed"]?.string, blocking: payload["blocking"]?.bool ?? false))
        case .commentReplied:
            let index = commentIndex[payload["comment"]!.string!]!
            comments[index].replies.append(
                Comment.Reply(id: event.id, participant: event.participant, author: event.author, at: event.at, text: payload["text"]!.string!))
        case .commentDisposed:
            let index = commentIndex[payload["comment"]!.string!]!
            comments[index].disposition = Comment.Disposition(
                resolution: Comment.Resolution(rawValue: payload["resolution"]!.string!)!,
                reason: payload["reason"]?.string ?? "", author: event.author, at: event.at)
        case .blockingCleared:
            comments[commentIndex[payload["comment"]!.string!]!].cleared = true
        case .positionStated:
            let commit = payload["revision"]!.string!
            positions.append(Position(event: event, revision: revisions.first { $0.commit == commit }!.number)!)
            carriedTo[event.id] = commit
        case .positionsCarried:
            for id in payload["positions"]!.array!.compactMap(\.string) { carriedTo[id] = payload["to"]!.string! }
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
        guard let sequence = checkpoint.payload["registry"]?.int, let signer = checkpoint.signature?.key,
            registry?.keys.keys[signer]?.isValid == true
        else { return }
        Round.hold(checkpoint, at: sequence, in: &checkpointed)
    }

    /// Records what a checkpoint made at registry `sequence` holds: each listed event at that
    /// sequence, or at the earlier one `held` says a checkpoint had already held it at (the
    /// signer attests the past it saw, so that a revocation of that earlier checkpoint's key
    /// does not move the event after a revocation it had come before).
    static func hold(_ checkpoint: Event, at sequence: Int, in checkpointed: inout [String: Int]) {
        let held = checkpoint.payload["held"]?.object ?? [:]
        for case .string(let event) in checkpoint.payload["events"]?.array ?? [] {
            let at = min(max(held[event]?.int ?? sequence, 0), sequence)
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
        if event.signature != nil || kind == .positionStated || registry.requiresSignature(event.participant, checkpointed: checkpoint) {
            if event.signature == nil, event.participant == Round.secretariat {
                return Refusal(.notAllowed, "every event of the secretariat is signed with its registered key, and this one is not")
            }
            if let problem = registry.problem(with: event, checkpointed: checkpoint) { return Refusal(.notAllowed, problem) }
        }
        let payload = event.payload
        func text(_ key: String) -> String? {
            guard let value = payload[key]?.string, value.contains(where: { !$0.isWhitespace }) else { return nil }
            return value
        }
        if let refusal = authority(event.participant, kind, registry: registry) { return refusal }
        if kind == .roundOpened {
            guard !isOpened else { return Refusal(.notNow, "the round is already open") }
            guard text("draft") != nil, text("revision")?.count == 40, payload["procedures"]?.array != nil,
                let invited = payload["participants"]?.array, !invited.isEmpty, invited.allSatisfy({ $0.string.map(Participant.isCode) ?? false }),
                text("closes").flatMap(Timestamp.parse) != nil, text("rule").flatMap(DecisionRule.init(rawValue:)) != nil
            else { return Refusal(.malformed, "malformed round-opened payload") }
            return nil
        }
        guard isOpened else { return Refusal(.notNow, "the round has not been opened") }
        if closed != nil, event.participant != Round.secretariat { return Refusal(.notNow, "the round is closed") }
        if isClosing, checkpoint == nil, event.participant != Round.secretariat {
            return Refusal(.notNow, "the round is closed, and the secretariat's close does not hold this event (it arrived after the close)")
        }
        if closed != nil, kind != .commentReplied, kind != .commentDisposed, kind != .checkpoint { return Refusal(.notNow, "the round is closed") }
        switch kind {
        case .roundOpened: return nil
        case .roundRevised:
            guard let commit = text("revision"), commit.count == 40 else { return Refusal(.malformed, "malformed round-revised payload") }
            return commit == revision.commit ? Refusal(.notNow, "revision \(revisions.count) is already that commit") : nil
        case .roundExtended:
            return text("closes").flatMap(Timestamp.parse) == nil ? Refusal(.malformed, "malformed round-extended payload") : nil
        case .roundPaused:
            if state == .paused { return Refusal(.notNow, "the round is already paused") }
            return text("reason") == nil ? Refusal(.malformed, "a pause needs a reason") : nil
        case .roundResumed:
            if state != .paused { return Refusal(.notNow, "the round is not paused") }
            return text("reason") == nil ? Refusal(.malformed, "resuming needs a reason") : nil
        case .roundClosed, .checkpoint:
            guard let sequence = payload["registry"]?.int, (0...registry.keys.sequence).contains(sequence),
                payload["events"]?.array?.allSatisfy({ $0.string?.count == 64 }) == true
            else { return Refusal(.malformed, "a \(kind.rawValue) names the registry sequence it was made at and the IDs of the events it holds") }
            return nil
        case .commentAdded:
            if state == .paused { return Refusal(.notNow, "the round is paused") }
            if event.at > effectiveCloses(now: event.at) { return Refusal(.notNow, "the round closed for comments at \(Timestamp.string(effectiveCloses(now: event.at)))") }
            guard text("number") != nil, let commit = text("revision"), revisions.contains(where: { $0.commit == commit }),
                text("procedure") != nil, text("section") != nil, text("type").flatMap(Comment.Kind.init(rawValue:)) != nil
            else { return Refusal(.malformed, "malformed comment: it needs number, a revision of this round, procedure, section and type ge, te or ed") }
            guard text("text") != nil else { return Refusal(.malformed, "a comment needs text") }
            if let procedure = text("procedure"), !procedures.contains(procedure) {
                return Refusal(.malformed, "\(procedure) is not in this round (it covers \(procedures.joined(separator: ", ")))")
            }
            if let quote = payload["quote"], quote.object?["exact"]?.string?.isEmpty != false { return Refusal(.malformed, "malformed quote") }
            if (payload["quote"]?["exact"]?.string?.count ?? 0) > Round.maximumQuote { return Refusal(.malformed, "a quote is at most \(Round.maximumQuote) characters") }
            if payload["blocking"]?.bool == true, registry.set.participant(event.participant)?.kind == .observer {
                return Refusal(.notAllowed, "observers comment but do not hold a decision with blocking comments; send it as an ordinary comment")
            }
            if let reason = Round.tooLong(payload, ["text", "proposed", "paragraph"]) { return reason }
            if let existing = contents[Round.content(event)] { return Refusal(.duplicate, "the same comment is already recorded as \(existing)") }
            return nil
        case .commentReplied:
            guard let target = text("comment"), comment(target) != nil else { return Refusal(.malformed, "reply to an unknown comment") }
            return text("text") == nil ? Refusal(.malformed, "a reply needs text") : Round.tooLong(payload, ["text"])
        case .commentDisposed:
            guard let target = text("comment"), comment(target) != nil else { return Refusal(.malformed, "disposition of an unknown comment") }
            guard let resolution = text("resolution").flatMap(Comment.Resolution.init(rawValue:)) else {
                return Refusal(.malformed, "a disposition is accepted, modified, rejected or noted")
            }
            if resolution == .rejected, text("reason") == nil { return Refusal(.malformed, "a rejection needs a reason") }
            return nil
        case .blockingCleared:
            guard let target = text("comment").flatMap(comment) else { return Refusal(.malformed, "clearing an unknown comment") }
            guard target.blocking else { return Refusal(.malformed, "\(target.number) is not a blocking comment") }
            guard target.participant == event.participant else { return Refusal(.notAllowed, "only \(target.participant) may clear \(target.number)") }
            return target.disposition == nil ? Refusal(.malformed, "\(target.number) must be disposed of before it is cleared") : nil
        case .positionStated:
            if state == .paused { return Refusal(.notNow, "the round is paused") }
            guard let stance = text("position").flatMap(Position.Stance.init(rawValue:)) else {
                return Refusal(.malformed, "a position is approve, approve-with-comments, object or abstain")
            }
            guard let commit = text("revision"), revisions.contains(where: { $0.commit == commit }) else {
                return Refusal(.malformed, "a position must name a revision of this round")
            }
            if commit != revision.commit { return Refusal(.notNow, "position on a stale revision: the round is at revision \(revision.number)") }
            if rule == .silence, event.at > effectiveCloses(now: event.at) {
                return Refusal(.notNow, "the silence period ended at \(Timestamp.string(effectiveCloses(now: event.at)))")
            }
            if stance == .object, text("reason") == nil { return Refusal(.malformed, "an objection needs reasons") }
            let reservations = payload["reservations"]?.array ?? []
            if reservations.count > Round.maximumReservations {
                return Refusal(.malformed, "a position carries at most \(Round.maximumReservations) reservations; sections with the same statement go in one")
            }
            for reservation in reservations {
                guard let sections = reservation["sections"]?.array, !sections.isEmpty, sections.count <= Round.maximumReservations,
                    reservation["statement"]?.string?.contains(where: { !$0.isWhitespace }) == true
                else { return Refusal(.malformed, "a reservation names 1 to \(Round.maximumReservations) sections and carries a statement") }
                let outside = sections.compactMap(\.string).filter { !procedures.contains(String($0.prefix { $0 != "#" })) }
                if let first = outside.first { return Refusal(.malformed, "a reservation on \(first), which is not in this round") }
                if (reservation["statement"]?.string?.count ?? 0) > Round.maximumText {
                    return Refusal(.malformed, "a reservation's statement is longer than \(Round.maximumText) characters")
                }
            }
            return Round.tooLong(payload, ["reason"])
        case .positionsCarried:
            guard let to = text("to"), to == revision.commit, let ids = payload["positions"]?.array else {
                return Refusal(.malformed, "positions can only be carried to the current revision")
            }
            let known = Set(positions.map(\.id))
            return ids.allSatisfy({ $0.string.map(known.contains) ?? false }) ? nil : Refusal(.malformed, "carrying an unknown position")
        }
    }

    /// What makes two comments the same: who, where, which type, and the same words.
    static func content(_ event: Event) -> String {
        let payload = event.payload
        return [event.participant, payload["procedure"]?.string ?? "", payload["section"]?.string ?? "", payload["type"]?.string ?? "",
            Anchor.normalized(payload["text"]?.string ?? ""), Anchor.normalized(payload["proposed"]?.string ?? ""),
            payload["quote"]?["exact"]?.string ?? ""].joined(separator: "\u{1F}")
    }

    static func tooLong(_ payload: [String: JSONValue], _ keys: [String]) -> Refusal? {
        for key in keys where (payload[key]?.string?.count ?? 0) > maximumText {
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
