import Foundation
import Git

/// Reads and appends the events of round refs.
///
/// Reading is incremental: after the first full read of a round, a later commit is read by
/// diffing its tree against the last one, so each retry of a contended append and each
/// re-read after a sync only decodes the events that are new.
public final class EventLog {
    public let repository: Repository
    private var cache: [ObjectID: Loaded] = [:]
    /// How many events the last `load` read from git rather than from a cache.
    private var freshlyRead = 0
    /// The folded state at the last commit read or written, so an append right after a read
    /// (the usual case) applies its new events instead of folding every event again.
    private var folded: (commit: ObjectID, round: Round)?

    /// Rounds this process has folded already (the portal shares one between requests).
    public var memory: RoundMemory?

    /// The events of one commit of a round ref, and the files that could not be read.
    public struct Loaded: Sendable {
        public let commit: ObjectID
        public let tree: ObjectID
        public let events: [String: Event]
        public let malformed: [String: String]
    }

    private let disk: EventCache
    /// set.yaml of the text in force and the key registry, read once; signatures in every
    /// round are checked against them.
    public private(set) lazy var registry: KeyRegistry? = KeyRegistry.current(repository)

    /// Reads set.yaml and the registry again (after a sync or a key change moved them).
    public func reloadRegistry() {
        registry = KeyRegistry.current(repository)
        folded = nil
    }

    /// The set.yaml of each revision a round was opened on, read once.
    private var governingSets: [String: ProtocolSet] = [:]

    /// What governs a round: the key registry, and the set.yaml of the revision its opening
    /// names, which the secretariat's signature on that event fixes, so no later commit on
    /// main (or a replica's) changes who is a member or an observer in it. Main's set.yaml
    /// stands in until the round has an opening that counts. This is the one place that
    /// decides; every fold, sync and verification of a round asks it.
    public func registry(forRound id: String, _ events: some Sequence<Event>) -> KeyRegistry? {
        guard let base = registry else { return nil }
        // The opening the fold will count: this round's, signed by a key that counts now or
        // was checkpointed before its revocation (an opening copied from another round, or
        // made with a revoked key, chooses nothing).
        let sorted = events.filter { $0.round == id }.sorted(by: <)
        let (held, _) = Round.checkpoints(sorted, round: id, registry: base)
        let opening = sorted.first { $0.kind == .roundOpened && $0.participant == Round.secretariat && base.problem(with: $0, checkpointed: held[$0.id]) == nil }
        guard let commit = opening?.payload["revision"]?.string else { return base }
        if governingSets[commit] == nil {
            guard let id = ObjectID(hex: commit), let data = try? repository.file(at: ProtocolSet.path, inCommit: id),
                let set = try? ProtocolSet.parse(String(decoding: data, as: UTF8.self))
            else { return base }
            governingSets[commit] = set
        }
        return governingSets[commit].map { KeyRegistry(set: $0, keys: base.keys, problem: base.problem) } ?? base
    }

    /// The number of events read from git in one go from which the disk cache is refreshed:
    /// a sixteenth of the round, from 8 (a small round's next command then reads one file and
    /// checks no signature twice) to 64 (a round of ten thousand is not rewritten at every
    /// comment).
    static func cacheThreshold(events: Int) -> Int { min(64, max(8, events / 16)) }

    private let cached: Bool

    /// `cached: false` reads every event from git and checks it (as `sop verify` does).
    public init(repository: Repository, cached: Bool = true) {
        self.repository = repository
        self.cached = cached
        disk = EventCache(repository: repository)
    }

    /// The IDs of every round in the repository, sorted.
    public func roundIDs() throws -> [String] {
        try repository.references(matching: "refs/sop/rounds/*").map { String($0.name.dropFirst("refs/sop/rounds/".count)) }
    }

    /// The round refs the last ``rounds()`` left out because they do not read as rounds, for
    /// the command that listed them to report by name.
    public private(set) var unreadableRounds: [UnreadableRound] = []

    /// Every round that reads, folded. A ref that does not (a blob, a tree, a commit without a
    /// valid opening, a name that is not a round's) is left out and kept in
    /// ``unreadableRounds``: one junk ref, from a replica or a hand, must not stop every
    /// listing, verification and comment lookup of the others.
    public func rounds() throws -> [Round] {
        var readable: [Round] = []
        unreadableRounds = []
        for (name, head) in try repository.references(matching: "refs/sop/rounds/*") {
            do {
                readable.append(try readRound(String(name.dropFirst("refs/sop/rounds/".count)), at: head))
            } catch let error as UnreadableRound {
                unreadableRounds.append(error)
            }
        }
        return readable
    }

    /// The folded round `id` at `head`, or ``UnreadableRound`` saying why that ref does not
    /// read as a round; the one judgement behind every listing, `sop verify` and sync.
    public func readRound(_ id: String, at head: ObjectID) throws -> Round {
        guard Round.isValidID(id) else { throw UnreadableRound(round: id, reason: "'\(id)' is not a valid round name") }
        do {
            return try round(id, at: head)
        } catch let error as SOPError {
            throw UnreadableRound(round: id, reason: error.message)
        }
    }

    /// Every event at a commit of a round ref. With `round`, the disk cache of that round
    /// serves as the starting point and is refreshed when many events had to be read.
    public func load(_ commit: ObjectID, round: String? = nil) throws -> Loaded {
        if let cached = cache[commit] { return cached }
        let remembered = round.flatMap { memory?.loaded($0) }
        if let remembered, remembered.commit == commit { return remembered }
        let tree = try repository.commit(commit).tree
        var events: [String: Event] = [:]
        var malformed: [String: String] = [:]
        var changed: [String]
        if let base = cache.values.first ?? remembered ?? (cached ? round.flatMap(disk.read) : nil) {
            events = base.events
            malformed = base.malformed
            changed = []
            for delta in try repository.diff(from: base.tree, to: tree) {
                if delta.status == .deleted {
                    events[delta.oldPath] = nil
                    malformed[delta.oldPath] = nil
                } else {
                    changed.append(delta.newPath)
                }
            }
        } else {
            changed = try repository.files(under: "events", inTree: tree).keys.sorted()
        }
        for path in changed {
            guard let entry = try repository.entry(at: path, inTree: tree) else { continue }
            do {
                // The header gives the size, so an oversized event from a replica is never read.
                let size = try repository.objectSize(entry.id)
                guard size <= Event.maximumSize else { throw Event.tooLarge(size, at: path) }
                events[path] = try Event(json: try repository.blob(entry.id), path: path)
                malformed[path] = nil
            } catch let error as SOPError {
                malformed[path] = error.message
                events[path] = nil
            }
        }
        let loaded = Loaded(commit: commit, tree: tree, events: events, malformed: malformed)
        cache = [commit: loaded]
        freshlyRead = changed.count
        return loaded
    }

    /// The folded state of a round at its ref's current commit.
    public func round(_ id: String) throws -> Round { try round(id, at: head(of: id)) }

    /// The commit a round's ref points at, or the error that names the rounds there are: what
    /// a reader folds and loads at once, so that both see the same events.
    public func head(of id: String) throws -> ObjectID {
        guard Round.isValidID(id), let head = try repository.reference(Round.reference(id)) else {
            let known = (try? roundIDs()) ?? []
            throw SOPError(
                .notFound, "unknown round '\(id)'",
                hint: known.isEmpty ? "no round is open; the secretariat opens one with `sop round open DRAFT`" : "rounds: \(known.joined(separator: ", "))")
        }
        return head
    }

    /// The activity log of a round at its ref's current commit (``RoundLog``).
    public func activity(_ id: String) throws -> RoundLog {
        let head = try head(of: id)
        return RoundLog(try round(id, at: head), events: try load(head, round: id).events.values)
    }

    /// The folded state of round `id` at one of its commits (a replica's, in sync), which must
    /// be a commit holding the round's opening. Whatever git cannot read there is an
    /// ``SOPError`` naming the round, like every other reason a round does not read.
    public func round(_ id: String, at head: ObjectID) throws -> Round {
        let round: Round
        do {
            let kind = try repository.objectHeader(head).kind
            guard kind == .commit else {
                throw SOPError(
                    .invalidFile, "round '\(id)' points at a \(kind.map { "\($0)" } ?? "git object") (\(head.short)), not a commit",
                    hint: "nothing reads it as a round; if it is not meant to be one, delete it with `git update-ref -d \(Round.reference(id))`")
            }
            round = try fold(id, at: head)
        } catch let error as GitError {
            throw SOPError(.invalidFile, "round '\(id)' cannot be read: \(error.message)", hint: "`git fsck` checks the repository's objects")
        }
        guard round.isOpened else {
            let reasons = round.refused.prefix(3).map(\.reason).joined(separator: "; ")
            throw SOPError(
                .invalidFile, "round '\(id)' has no valid opening event" + (reasons.isEmpty ? "" : " (\(reasons))"),
                hint: "`sop verify \(id)` lists every event the rules refuse")
        }
        return round
    }

    private func fold(_ id: String, at commit: ObjectID) throws -> Round {
        if let folded, folded.commit == commit, folded.round.id == id { return folded.round }
        if let round = memory?.round(id, at: commit, registry: registry) {
            folded = (commit, round)
            return round
        }
        let loaded = try load(commit, round: id)
        let round = Round(id: id, events: Array(loaded.events.values), registry: registry(forRound: id, loaded.events.values))
        // Written after the fold, so the cache also remembers which signatures verified.
        if cached, freshlyRead >= EventLog.cacheThreshold(events: loaded.events.count) { disk.write(loaded, round: id) }
        folded = (commit, round)
        memory?.remember(id, loaded: loaded, round: round, registry: registry)
        return round
    }

    /// Appends the events `make` builds from the current state, as one commit moved onto the
    /// round ref by compare-and-swap. `make` runs again on the new state when another writer
    /// got there first, so its checks always see every earlier event.
    @discardableResult
    public func append(
        to id: String, creating: Bool = false, author: String, message: String, signer: KeyPair? = nil,
        _ make: (Round) throws -> [Event]
    ) throws -> [Event] {
        var written: [Event] = []
        let signature = try Author.parse(author)
        try repository.updateReference(Round.reference(id), message: message) { parent in
            if parent == nil, !creating { throw SOPError(.notFound, "unknown round '\(id)'") }
            if parent != nil, creating { throw SOPError(.exists, "round '\(id)' already exists") }
            let loaded = try parent.map { try load($0, round: id) }
            var round = try parent.map { try fold(id, at: $0) } ?? Round(id: id, registry: registry)
            let events = try make(round).map { try signer.map($0.signed) ?? $0 }
            // A new round is governed by the set.yaml its opening names from the start, as every
            // later fold reads it, and not by main's until this process reads the round again.
            if parent == nil { round = Round(id: id, registry: registry(forRound: id, events)) }
            for event in events where event.json.count > Event.maximumSize {
                throw SOPError(.tooLarge, "the \(event.type) event would be \(event.json.count) bytes, more than the \(Event.maximumSize) an event may be")
            }
            for event in events {
                if let refusal = round.violation(event) { throw SOPError(refusal) }
                round.apply(event)
            }
            guard !events.isEmpty else { return nil }
            let changes = try events.map { TreeChange.write(path: $0.path, blob: try repository.writeBlob($0.json)) }
            let tree = try repository.updateTree(loaded?.tree, applying: changes)
            written = events
            let commit = try repository.createCommit(
                tree: tree, parents: parent.map { [$0] } ?? [], message: message,
                author: Signature(name: signature.name, email: signature.email, date: events[0].at))
            folded = (commit, round)
            var after = loaded?.events ?? [:]
            for event in events { after[event.path] = event }
            memory?.remember(
                id, loaded: Loaded(commit: commit, tree: tree, events: after, malformed: loaded?.malformed ?? [:]), round: round,
                registry: registry)
            return commit
        }
        return written
    }
}

/// A ref under `refs/sop/rounds/` that does not read as a round, and why.
public struct UnreadableRound: Error, Sendable, Codable, Equatable {
    public let round: String
    public let reason: String

    public init(round: String, reason: String) {
        self.round = round
        self.reason = reason
    }
}
