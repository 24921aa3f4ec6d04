import Foundation
import Git

/// Consultation rounds on drafts: the secretariat's side (open, revise, extend, pause, resume,
/// close) and the reports everyone reads. Comments are in `Consultation+Comments.swift`.
public final class Consultation {
    public let workspace: Workspace
    public let log: EventLog
    /// Where the officials' private keys are read from (`$SOP_KEY_DIR` by default).
    public var keyDirectory: URL = KeyPair.directory
    /// The portal's key (`sop serve`): when set, it signs every event on behalf of the
    /// signed-in official instead of the official's own key.
    public var portalKey: KeyPair?
    var repository: Repository { workspace.repository }

    public init(_ workspace: Workspace, keys: URL = KeyPair.directory) {
        self.workspace = workspace
        keyDirectory = keys
        log = EventLog(repository: workspace.repository)
    }

    /// The actor's key when it is registered in set.yaml and valid now. Comments and the
    /// secretariat's events are signed when there is one; a key that is not registered (yet)
    /// is not used, because the events it signed would be refused.
    /// With the portal's key, an event is never written unsigned: a key that stopped counting
    /// is an error, not a silent fall-back.
    func signer(for actor: Actor, now: Date) throws -> KeyPair? {
        if let portalKey { return try registered(portalKey, now: now) }
        return try ownKey(of: actor, now: now)
    }

    /// The actor's own registered key, which seals records even when the portal signs events.
    func ownKey(of actor: Actor, now: Date) throws -> KeyPair? {
        guard let key = try KeyPair.load(for: actor.participant, in: keyDirectory) else { return nil }
        return isRegistered(key, now: now) ? key : nil
    }

    /// Whether `key` is registered in the key registry for its holder and not revoked.
    func isRegistered(_ key: KeyPair, now: Date) -> Bool {
        log.registry?.keys(for: key.participant).first { $0.key == key.publicKey }?.isValid == true
    }

    /// `key` when it counts now, or an error saying what to do: make a new key when it is
    /// revoked, register it otherwise.
    public func registered(_ key: KeyPair, now: Date) throws -> KeyPair {
        guard !isRegistered(key, now: now) else { return key }
        let holder = key.participant
        let revoked = log.registry?.keys(for: holder).contains { $0.key == key.publicKey && $0.revoked != nil } == true
        throw SOPError(
            .invalidArgument, "the key \(key.publicKey.prefix(20))… is not registered for \(holder) in the key registry, or it is revoked",
            hint: revoked
                ? "it is revoked; move its key file out of \(keyDirectory.path) and make a new one with `sop key new --as \(holder) --name \"\(key.name)\" --register`"
                : "the secretariat registers it on main with `sop key register --as \(holder) --key \(key.publicKey) --name \"\(key.name)\"`")
    }

    /// Who is invited: everyone in set.yaml, or a list of codes.
    public enum Invitation: Sendable {
        case all
        case only([String])

        public init(_ text: String) {
            self = text == "all" ? .all : .only(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
    }

    /// The set.yaml of a commit.
    public func protocolSet(at commit: String) throws -> ProtocolSet {
        guard let text = try workspace.commitSource(commit).text(at: ProtocolSet.path) else {
            throw SOPError(.notFound, "\(ProtocolSet.path) is missing at \(commit.prefix(10))")
        }
        return try ProtocolSet.parse(text)
    }

    func requireSecretariat(_ actor: Actor, _ action: String) throws {
        guard actor.isSecretariat else {
            throw SOPError(.invalidArgument, "only the secretariat may \(action)", hint: "run it with --as secretariat")
        }
    }

    private func draftHead(_ draft: String) throws -> ObjectID {
        guard let head = try repository.reference(try Drafts.branch(for: draft)) else {
            throw SOPError(.notFound, "no draft named '\(draft)'", hint: "`sop draft list` shows the drafts")
        }
        return head
    }

    /// Opens a round on the draft's current head (revision 1) and returns it.
    public func open(
        draft: String, invitation: Invitation, closes: Date, rule: DecisionRule?, title: String?, as actor: Actor, now: Date
    ) throws -> Round {
        try requireSecretariat(actor, "open a round")
        try DisplayText.checkWritten(["round title": title])
        let head = try draftHead(draft)
        let set = try protocolSet(at: head.hex)
        let invited: [String]
        switch invitation {
        case .all: invited = set.participants.map(\.code)
        case .only(let codes):
            let unknown = codes.filter { set.participant($0) == nil }
            guard unknown.isEmpty, !codes.isEmpty else {
                throw SOPError(
                    .invalidArgument, "unknown participant\(unknown.count == 1 ? "" : "s") '\(unknown.joined(separator: ", "))'",
                    hint: "participants in set.yaml: \(set.participants.map(\.code).joined(separator: ", "))")
            }
            invited = Array(Set(codes)).sorted()
        }
        guard closes > now else {
            throw SOPError(.invalidArgument, "the closing time \(Timestamp.string(closes)) is not in the future")
        }
        let scope = try changedProcedures(head)
        let existing = Set(try log.roundIDs())
        var number = 1
        while existing.contains("\(draft)-\(number)") { number += 1 }
        let id = "\(draft)-\(number)"
        let payload: [String: JSONValue] = [
            "draft": .string(draft), "revision": .string(head.hex), "procedures": .array(scope.map(JSONValue.string)),
            "participants": .array(invited.map(JSONValue.string)), "closes": .string(Timestamp.string(closes)),
            "rule": .string((rule ?? set.defaultRule).rawValue), "title": .string(title ?? "Consultation on draft \(draft)"),
        ]
        try log.append(to: id, creating: true, author: actor.authorText, message: "Open round \(id) on draft/\(draft)", signer: try signer(for: actor, now: now)) { _ in
            [Event(kind: .roundOpened, round: id, participant: actor.participant, author: actor.authorText, at: now, clock: 1, payload: payload)]
        }
        return try log.round(id)
    }

    /// The procedures the draft changes since it left `main` (their merge base), so that what
    /// main did meanwhile is not mistaken for the proposal; all of them when it changes none.
    func changedProcedures(_ head: ObjectID) throws -> [String] {
        let headTree = try repository.commit(head).tree
        let all = try repository.files(under: Workspace.proceduresDirectory, inTree: headTree).keys.compactMap(Procedure.idPrefix(ofFile:))
        guard let main = try repository.reference("refs/heads/main"), let base = try repository.mergeBase(main, head) else {
            return all.sorted()
        }
        let changed = try repository.diff(from: repository.commit(base).tree, to: headTree)
            .compactMap { Procedure.idPrefix(ofFile: $0.newPath) }
            .filter(all.contains)
        return Array(Set(changed.isEmpty ? all : changed)).sorted()
    }

    /// Appends events to a round after checking them against the current state, signed with
    /// the actor's key when there is one.
    @discardableResult
    func record(
        _ items: [(Event.Kind, [String: JSONValue])], round id: String, as actor: Actor, now: Date, message: String
    ) throws -> Round {
        try record(round: id, as: actor, now: now, message: message) { _ in items }
    }

    /// Appends the events `make` builds from the round's state at the moment of writing, so
    /// a checkpoint lists exactly the events the secretariat holds then. `key` signs instead
    /// of the actor's own key when given.
    @discardableResult
    func record(
        round id: String, as actor: Actor, now: Date, message: String, signedBy key: KeyPair? = nil,
        _ make: (Round) -> [(Event.Kind, [String: JSONValue])]
    ) throws -> Round {
        _ = try log.round(id)
        try log.append(to: id, author: actor.authorText, message: message, signer: try key ?? signer(for: actor, now: now)) { round in
            try make(round).enumerated().map { index, item in
                Event(
                    kind: item.0, round: id, participant: actor.participant, author: actor.authorText, at: now,
                    clock: try Event.clock(after: round.clock, index: index, round: id), payload: item.1)
            }
        }
        return try log.round(id)
    }

    /// The most event IDs one checkpoint lists, so that it stays far below the largest event
    /// read (``Event/maximumSize``) however many events a round holds.
    static let checkpointSize = 15_000

    /// What checkpoints (and a close, the last of them) sign: the registry they were made under
    /// and every event of the round applied so far (not only the new ones: an earlier
    /// checkpoint's key may be revoked later, and then only these vouch for them), in as many
    /// payloads as ``checkpointSize`` needs.
    func checkpointPayloads(_ round: Round) -> [[String: JSONValue]] {
        let ids = round.applied
        let sequence = log.registry?.keys.sequence ?? 0
        return stride(from: 0, to: max(ids.count, 1), by: Consultation.checkpointSize).map { start in
            let chunk = ids[start..<min(start + Consultation.checkpointSize, ids.count)]
            var payload: [String: JSONValue] = ["registry": .int(sequence), "events": .array(chunk.map(JSONValue.string))]
            payload["head"] = log.registry?.keys.head.map(JSONValue.string)
            let held = chunk.compactMap { id in round.checkpointed[id].flatMap { $0 < sequence ? (id, JSONValue.int($0)) : nil } }
            if !held.isEmpty { payload["held"] = .object(Dictionary(uniqueKeysWithValues: held)) }
            return payload
        }
    }

    /// Signs a checkpoint of the round: from now on a revocation of any key cannot undo the
    /// events it holds, and no event a stolen key backdates later can join them. With `always`
    /// it is written even when every event is held already (a revocation may take away the
    /// key of the checkpoints that hold them).
    @discardableResult
    public func checkpoint(_ id: String, as actor: Actor, now: Date, signedBy key: KeyPair? = nil, always: Bool = false) throws -> Round {
        try requireSecretariat(actor, "checkpoint a round")
        return try record(round: id, as: actor, now: now, message: "Checkpoint round \(id)", signedBy: key) { round in
            !always && round.uncheckpointed.isEmpty ? [] : self.checkpointPayloads(round).map { (.checkpoint, $0) }
        }
    }

    /// Checkpoints every round, closed ones included, signed by `key` (before a key is
    /// revoked: what it signed in them keeps counting, whichever checkpoints held it before).
    public func checkpointRounds(as actor: Actor, signedBy key: KeyPair, now: Date) throws -> [String] {
        try log.roundIDs().filter { id in
            guard (try? log.round(id)) != nil else { return false }
            try checkpoint(id, as: actor, now: now, signedBy: key, always: true)
            return true
        }
    }

    @discardableResult
    private func record(
        _ kind: Event.Kind, round id: String, payload: [String: JSONValue], as actor: Actor, now: Date, message: String
    ) throws -> Round {
        try record([(kind, payload)], round: id, as: actor, now: now, message: message)
    }

    /// Consults on the draft's new head as the next revision.
    public func revise(_ id: String, as actor: Actor, now: Date) throws -> Round {
        try requireSecretariat(actor, "revise a round")
        let round = try log.round(id)
        let head = try draftHead(round.draft)
        guard head.hex != round.revision.commit else {
            throw SOPError(
                .invalidArgument, "draft/\(round.draft) has no new commit since revision \(round.revision.number)",
                hint: "save the revised text with `sop draft save` first")
        }
        let scope = Array(Set(round.procedures + (try changedProcedures(head)))).sorted()
        var payload: [String: JSONValue] = ["revision": .string(head.hex)]
        if scope != round.procedures { payload["procedures"] = .array(scope.map(JSONValue.string)) }
        var items: [(Event.Kind, [String: JSONValue])] = [(.roundRevised, payload)]
        // A revision that changes no section's words (metadata or whitespace only) keeps every
        // current position; the carry-over is an event of its own.
        let before = try RevisionText(workspace: workspace, commit: round.revision.commit, scope: scope).fingerprints()
        let after = try RevisionText(workspace: workspace, commit: head.hex, scope: scope).fingerprints()
        let current = round.currentPositions.values.map(\.id).sorted()
        if before == after, !current.isEmpty {
            items.append((.positionsCarried, ["from": .string(round.revision.commit), "to": .string(head.hex), "positions": .array(current.map(JSONValue.string))]))
        }
        return try record(items, round: id, as: actor, now: now, message: "Revise round \(id)")
    }

    public func extend(_ id: String, closes: Date, as actor: Actor, now: Date) throws -> Round {
        try requireSecretariat(actor, "extend a round")
        guard closes > now else { throw SOPError(.invalidArgument, "the new closing time \(Timestamp.string(closes)) is not in the future") }
        return try record(.roundExtended, round: id, payload: ["closes": .string(Timestamp.string(closes))], as: actor, now: now, message: "Extend round \(id)")
    }

    public func pause(_ id: String, reason: String, as actor: Actor, now: Date) throws -> Round {
        try requireSecretariat(actor, "pause a round")
        try DisplayText.checkWritten(["reason": reason])
        return try record(.roundPaused, round: id, payload: ["reason": .string(reason)], as: actor, now: now, message: "Pause round \(id)")
    }

    public func resume(_ id: String, reason: String, as actor: Actor, now: Date) throws -> Round {
        try requireSecretariat(actor, "resume a round")
        try DisplayText.checkWritten(["reason": reason])
        return try record(.roundResumed, round: id, payload: ["reason": .string(reason)], as: actor, now: now, message: "Resume round \(id)")
    }

    /// Closes the round and records the outcome its rule gives at that moment.
    public func close(_ id: String, as actor: Actor, now: Date) throws -> Round {
        try requireSecretariat(actor, "close a round")
        let round = try log.round(id)
        let outcome = Decision.evaluate(round, set: round.registry?.set, now: now, closing: true)
        // The close is the last checkpoint: it names every event that counts and nothing
        // that arrives after it can join them.
        return try record(round: id, as: actor, now: now, message: "Close round \(id): \(outcome.result.rawValue)") { current in
            var payloads = self.checkpointPayloads(current)
            var last = payloads.removeLast()
            last["outcome"] = .object(["result": .string(outcome.result.rawValue), "summary": .string(outcome.summary)])
            return payloads.map { (.checkpoint, $0) } + [(.roundClosed, last)]
        }
    }
}
