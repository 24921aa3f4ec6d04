import Foundation
import Git
import TestSupport
import Testing
@testable import SOPKit

/// The governed key registry, tried as a hostile capital would: one that syncs with the others
/// through the regional server and can write anything into its own clone.
@Suite struct TrustTests {
    static let states = ["BZ", "TT", "JM", "DO", "BS"]

    func git(_ arguments: String...) throws {
        let result = try Command("/usr/bin/git", arguments).run()
        #expect(result.status == 0, "git \(arguments): \(result.output)")
    }

    /// The honest secretariat's workspace (A) with a round open, the regional server, and a
    /// hostile capital's clone (H) that has synced everything once.
    func region() throws -> (a: RoundWorkspace, h: Workspace, server: URL, round: String) {
        let a = try RoundWorkspace(keys: TrustTests.states)
        let round = try a.open()
        let server = a.base.url.appendingPathExtension("server.git")
        try git("init", "-q", "--bare", server.path)
        try Sync(a.workspace, now: RoundWorkspace.syncClock).addRemote("regional", url: server.path)
        try git("-C", a.base.url.path, "push", "-q", server.path, "main")
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        let hURL = a.base.url.appendingPathExtension("hostile")
        try git("clone", "-q", "-b", "main", server.path, hURL.path)
        let h = Workspace(repository: try Repository.open(at: hURL.path))
        _ = try Sync(h, now: RoundWorkspace.syncClock).sync("origin")
        return (a, h, server, round.id)
    }

    /// Replaces the hostile clone's registry with `entries` and force-pushes it to the server,
    /// as a replica that writes its refs by hand would.
    func forgeRegistry(_ h: Workspace, _ entries: [RegistryEntry], server: URL) throws {
        let repository = h.repository
        let changes = try entries.map { TreeChange.write(path: $0.path, blob: try repository.writeBlob($0.json)) }
        let tree = try repository.updateTree(nil, applying: changes)
        let commit = try repository.createCommit(tree: tree, parents: [], message: "forged", author: Signature(name: "H", email: "h@example.org"))
        try repository.setReference(RegistryStore.reference, to: commit, expecting: try repository.reference(RegistryStore.reference), message: "forged")
        try git("-C", h.root!.path, "push", "-q", "-f", server.path, "\(RegistryStore.reference):\(RegistryStore.reference)")
    }

    func entry(
        _ kind: RegistryEntry.Kind, after registry: Registry, holder: String, key: String, signer: KeyPair
    ) throws -> RegistryEntry {
        try RegistryEntry.make(
            kind, sequence: registry.sequence + 1, previous: registry.head, holder: holder, key: key, name: "Forged", role: nil,
            author: "H <h@example.org>", at: Timestamp.parse("2027-01-02T00:00Z")!, signer: signer)
    }

    func cleanUp(_ h: Workspace, _ server: URL) {
        [server, h.root!].forEach { try? FileManager.default.removeItem(at: $0) }
    }

    @Test func keysAReplicaGivesItselfAreRefusedOnSyncAndNeverCount() throws {
        let (a, h, server, round) = try region()
        defer { cleanUp(h, server) }
        let registryBefore = try a.workspace.repository.reference(RegistryStore.reference)
        // H makes keys for the secretariat and for TT, lists them in set.yaml on main and
        // appends them to the registry signed with its own key.
        let thief = KeyPair.generate(participant: "TT", name: "Thief", role: nil)
        let fakeSecretariat = KeyPair.generate(participant: "secretariat", name: "Thief", role: nil)
        let honest = try RegistryStore(h.repository).read().registry
        let added = try entry(.keyAdded, after: honest, holder: "TT", key: thief.publicKey, signer: thief)
        var forged = honest
        forged.apply(added)
        let secretariatAdded = try entry(.keyAdded, after: forged, holder: "secretariat", key: fakeSecretariat.publicKey, signer: fakeSecretariat)
        try forgeRegistry(h, honest.entries + [added, secretariatAdded], server: server)
        let text = try String(contentsOf: h.root!.appendingPathComponent(ProtocolSet.path), encoding: .utf8)
        let listed = try KeyRegistration.adding(RegisteredKey(key: thief.publicKey, name: "Thief"), for: "TT", to: text)
        _ = try h.commitSet(listed, message: "Keys", author: Signature(name: "H", email: "h@example.org"))
        // An objection "of TT" signed with the thief's key, delivered in the round.
        let state = try EventLog(repository: h.repository).round(round)
        let objection = try Event(
            kind: .positionStated, round: round, participant: "TT", author: "Thief <t@example.org>", at: a.at(1), clock: 9,
            payload: ["position": "object", "reason": "forged", "revision": .string(state.revision.commit), "fingerprints": .object([:])]
        ).signed(with: thief)
        let repository = h.repository
        try repository.updateReference(Round.reference(round), message: "forged") { parent in
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: objection.path, blob: try repository.writeBlob(objection.json))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "forged", author: Signature(name: "H", email: "h@example.org"))
        }
        try git("-C", h.root!.path, "push", "-q", "-f", server.path, "main", "\(Round.reference(round)):\(Round.reference(round))")

        let report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        let registryRefusal = report.refused.first { $0.round == "registry" }
        #expect(registryRefusal?.reason.contains("a key of TT is added by the secretariat or by TT's own valid key; entry 7 is signed by a key the registry does not hold") == true, "\(report.refused)")
        #expect(try a.workspace.repository.reference(RegistryStore.reference) == registryBefore, "the registry stays as it was")
        #expect(report.arrivedDrafts == ["main"], "set.yaml on main may change; it does not govern keys")
        #expect(report.refused.contains { $0.event == objection.id && $0.reason == "signed with a key that is not registered for TT in the key registry" })
        #expect(try a.consultation.log.round(round).currentPositions["TT"] == nil)
        #expect(try Verification(a.workspace).registry().ok)
    }

    @Test func aForgedRootOrARewrittenRegistryIsRefused() throws {
        let (a, h, server, _) = try region()
        defer { cleanUp(h, server) }
        let before = try a.workspace.repository.reference(RegistryStore.reference)
        // A registry of its own, from a root of its own.
        let root = KeyPair.generate(participant: "secretariat", name: "Other root", role: nil)
        let otherRoot = try entry(.root, after: Registry(), holder: "secretariat", key: root.publicKey, signer: root)
        try forgeRegistry(h, [otherRoot], server: server)
        var report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        #expect(report.refused.first { $0.round == "registry" }?.reason.contains("but this clone trusts root") == true, "\(report.refused)")
        #expect(try a.workspace.repository.reference(RegistryStore.reference) == before)

        // The honest history with its last entry replaced by another validly signed one (as a
        // force-push would leave it): a rewrite, refused by name.
        let honest = try RegistryStore(a.workspace.repository).read().registry
        let secretariat = try KeyPair.load(for: "secretariat", in: a.keyDirectory)!
        let cut = honest.prefix(honest.sequence - 1)
        let replacement = try entry(.keyAdded, after: cut, holder: "JM", key: KeyPair.generate(participant: "JM", name: "x", role: nil).publicKey, signer: secretariat)
        try forgeRegistry(h, cut.entries + [replacement], server: server)
        report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        #expect(report.refused.first { $0.round == "registry" }?.reason.contains("differs from this clone's at entry \(honest.sequence)") == true, "\(report.refused)")
        #expect(report.diverged.contains("registry"))
        #expect(try a.workspace.repository.reference(RegistryStore.reference) == before)

        // A fresh clone pins the root it first sees; another root offered later is refused.
        let fresh = a.base.url.appendingPathExtension("fresh")
        defer { try? FileManager.default.removeItem(at: fresh) }
        try git("clone", "-q", "-b", "main", server.path, fresh.path)
        let clone = Workspace(repository: try Repository.open(at: fresh.path))
        try forgeRegistry(h, honest.entries, server: server)
        _ = try Sync(clone, now: RoundWorkspace.syncClock).sync("origin")
        #expect(RegistryStore(clone.repository).pinnedRoot() == honest.rootID)
        try forgeRegistry(h, [otherRoot], server: server)
        report = try Sync(clone, now: RoundWorkspace.syncClock).sync("origin")
        #expect(report.refused.first { $0.round == "registry" }?.reason.contains("this clone trusts root") == true, "\(report.refused)")
    }

    @Test func theRegistryRulesWhoMayChangeWhat() throws {
        let root = KeyPair.generate(participant: "secretariat", name: "Root", role: nil)
        let tt = KeyPair.generate(participant: "TT", name: "TT", role: nil)
        let jm = KeyPair.generate(participant: "JM", name: "JM", role: nil)
        var registry = Registry()
        func next(_ kind: RegistryEntry.Kind, _ holder: String, _ key: String, by signer: KeyPair) throws -> String? {
            let candidate = try entry(kind, after: registry, holder: holder, key: key, signer: signer)
            if let reason = registry.violation(candidate) { return reason }
            registry.apply(candidate)
            return nil
        }
        #expect(try next(.root, "secretariat", root.publicKey, by: tt) == "the root is a secretariat key that signs its own entry")
        #expect(try next(.root, "secretariat", root.publicKey, by: root) == nil)
        #expect(try next(.keyAdded, "TT", tt.publicKey, by: tt)?.contains("signed by a key the registry does not hold") == true)
        #expect(try next(.keyAdded, "TT", tt.publicKey, by: root) == nil)
        #expect(try next(.keyAdded, "JM", jm.publicKey, by: tt)?.hasPrefix("a key of JM is added by the secretariat or by JM's own valid key") == true)
        let second = KeyPair.generate(participant: "secretariat", name: "Deputy", role: nil)
        #expect(try next(.keyAdded, "secretariat", second.publicKey, by: tt)?.hasPrefix("a secretariat key is added only by the root key") == true)
        // A participant rotates its own key: adds the new one with the old, then the old one
        // revokes itself and hands over.
        let rotated = KeyPair.generate(participant: "TT", name: "TT new", role: nil)
        #expect(try next(.keyAdded, "TT", rotated.publicKey, by: tt) == nil)
        #expect(try next(.keyRevoked, "TT", tt.publicKey, by: rotated)?.hasPrefix("a key of TT is revoked by the secretariat, or by that key itself or the key that added it") == true)
        #expect(try next(.keyRevoked, "TT", tt.publicKey, by: tt) == nil)
        #expect(registry.keys[rotated.publicKey]?.isValid == true)
        // A thief with the new key adds one of his own; the secretariat's revocation of the
        // stolen key takes the thief's with it.
        let thief = KeyPair.generate(participant: "TT", name: "thief", role: nil)
        #expect(try next(.keyAdded, "TT", thief.publicKey, by: rotated) == nil)
        #expect(try next(.keyAdded, "portal", KeyPair.generate(participant: "portal", name: "p", role: nil).publicKey, by: rotated)?.hasPrefix("a key of the portal is added only by the secretariat") == true)
        #expect(try next(.keyRevoked, "TT", rotated.publicKey, by: root) == nil)
        #expect(registry.keys[thief.publicKey]?.revoked == registry.sequence)
        // A chain of successors dies whole, even through one that revoked itself.
        let first = KeyPair.generate(participant: "DO", name: "DO", role: nil)
        let successor = KeyPair.generate(participant: "DO", name: "DO 2", role: nil)
        let last = KeyPair.generate(participant: "DO", name: "DO 3", role: nil)
        #expect(try next(.keyAdded, "DO", first.publicKey, by: root) == nil)
        #expect(try next(.keyAdded, "DO", successor.publicKey, by: first) == nil)
        #expect(try next(.keyAdded, "DO", last.publicKey, by: successor) == nil)
        #expect(try next(.keyRevoked, "DO", successor.publicKey, by: successor) == nil)
        #expect(registry.keys[last.publicKey]?.isValid == true)
        #expect(try next(.keyRevoked, "DO", first.publicKey, by: root) == nil)
        #expect(registry.keys[last.publicKey]?.isValid == false)
        // A revoked key signs nothing more, and never comes back.
        let other = KeyPair.generate(participant: "TT", name: "x", role: nil)
        #expect(try next(.keyAdded, "TT", other.publicKey, by: tt)?.contains("revoked at entry") == true)
        #expect(try next(.keyAdded, "TT", tt.publicKey, by: root)?.contains("is never registered twice") == true)
        #expect(try next(.keyRevoked, "secretariat", root.publicKey, by: root) == "the root key is replaced with a root rotation, not revoked")
        // An entry that does not follow the chain's last one.
        let stale = try RegistryEntry.make(
            .keyAdded, sequence: registry.sequence + 1, previous: registry.entries[0].id, holder: "JM", key: jm.publicKey, name: nil, role: nil,
            author: "x", at: Date(), signer: root)
        #expect(registry.violation(stale)?.contains("does not follow entry") == true)
        // The root moves; the old root then signs nothing.
        #expect(try next(.rootRotated, "secretariat", second.publicKey, by: root) == nil)
        #expect(try next(.keyAdded, "JM", jm.publicKey, by: root)?.contains("revoked at entry") == true)
        #expect(try next(.keyAdded, "JM", jm.publicKey, by: second) == nil)
    }

    @Test func aTamperedEntryIsRefusedWhereItIsRead() throws {
        let root = KeyPair.generate(participant: "secretariat", name: "Root", role: nil)
        let made = try entry(.root, after: Registry(), holder: "secretariat", key: root.publicKey, signer: root)
        let tampered = String(decoding: made.json, as: UTF8.self).replacingOccurrences(of: "\"Forged\"", with: "\"Changed\"")
        let error = #expect(throws: SOPError.self) { try RegistryEntry(json: Data(tampered.utf8), path: made.path) }
        #expect(error?.message.contains("does not match its id") == true)
        #expect(throws: SOPError.self) { try RegistryEntry(json: made.json, path: RegistryEntry.path(for: 2)) }
    }

    @Test func removingKeysFromSetYamlOrRevokingLaterLeavesAnEarlierDecisionStanding() throws {
        let (fixture, round, _) = try RoundWorkspace.adopted(TrustTests.states)
        // Every key deleted from set.yaml on main: set.yaml is for people; nothing changes.
        let first = try Command("/usr/bin/git", ["-C", fixture.base.url.path, "rev-list", "--max-parents=0", "main"]).run().stdout
        let original = try Command("/usr/bin/git", ["-C", fixture.base.url.path, "show", "\(first.trimmingCharacters(in: .whitespacesAndNewlines)):\(ProtocolSet.path)"]).run().stdout
        _ = try fixture.workspace.commitSet(original, message: "Remove keys", author: fixture.secretariat.author)
        #expect(try ProtocolSet.parse(try fixture.base.read(ProtocolSet.path)).listedKeys(for: "TT").isEmpty)
        // TT's key is revoked after the adoption.
        let tt = try KeyPair.load(for: "TT", in: fixture.keyDirectory)!
        let root = try KeyPair.load(for: "secretariat", in: fixture.keyDirectory)!
        _ = try fixture.workspace.revokeKey(tt.publicKey, of: "TT", signer: root, consultation: fixture.consultation, author: fixture.secretariat.author, now: fixture.at(5))
        let verification = Verification(fixture.workspace)
        let tag = try verification.tag("set/2027.1")
        #expect(tag.ok, "\(tag.checks.filter { !$0.ok }.map(\.what))")
        let roundReport = try verification.round(round.id)
        #expect(roundReport.ok, "\(roundReport.checks.filter { !$0.ok }.map(\.what))")
    }

    @Test func unsignedEventsCountOnlyWhereNoKeyExistedWhenTheSecretariatCheckpointedThem() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        // JM has no key yet: its unsigned comment counts, and the secretariat checkpoints it.
        try fixture.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "Before the key")], round: round.id, as: fixture.actor("JM"), now: fixture.at(1))
        _ = try fixture.consultation.checkpoint(round.id, as: fixture.secretariat, now: fixture.at(1.5))
        _ = try Drafts(fixture.workspace).switchTo("main")
        let root = try KeyPair.load(for: "secretariat", in: fixture.keyDirectory)!
        try RoundWorkspace.register("JM", in: fixture.workspace, keys: fixture.keyDirectory, signer: root, author: fixture.secretariat.author)
        let log = EventLog(repository: fixture.workspace.repository)
        let events = Array(try log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let folded = Round(id: round.id, events: events, registry: log.registry)
        #expect(folded.comments.map(\.text) == ["Before the key"], "checkpointed before JM had a key: it stands")
        // An unsigned comment "of JM" backdated to before its key is refused.
        let backdated = Event(
            kind: .commentAdded, round: round.id, participant: "JM", author: "Someone <s@example.org>", at: fixture.at(0.5), clock: 2,
            payload: ["number": "JM-9", "revision": .string(round.revision.commit), "procedure": "SOP-004", "section": "scope", "type": "ge", "text": "Backdated"])
        let refolded = Round(id: round.id, events: events + [backdated], registry: log.registry)
        #expect(refolded.refused.first { $0.event.id == backdated.id }?.reason == "the event is not signed")
        // A secretariat event is refused unsigned whatever time it claims.
        let close = Event(kind: .roundClosed, round: round.id, participant: "secretariat", author: "x <x@example.org>", at: fixture.at(-30), clock: 3, payload: ["registry": 0, "events": .array([])])
        #expect(Round(id: round.id, events: events + [close], registry: log.registry).refused.first { $0.event.id == close.id }?.reason == "every event of the secretariat is signed with its registered key, and this one is not")
    }

    @Test func aRevokedSecretariatKeyCannotSealANewRecord() throws {
        let root = KeyPair.generate(participant: "secretariat", name: "Root", role: nil)
        let deputy = KeyPair.generate(participant: "secretariat", name: "Deputy", role: nil)
        var registry = Registry()
        for (kind, key) in [(RegistryEntry.Kind.root, root.publicKey), (.keyAdded, deputy.publicKey)] {
            registry.apply(try entry(kind, after: registry, holder: "secretariat", key: key, signer: root))
        }
        let honest = try Record(body: ["format": 2, "version": "2027.1"]).signed(with: deputy)
        let revocation = try RegistryEntry.make(
            .keyRevoked, sequence: registry.sequence + 1, previous: registry.head, holder: "secretariat", key: deputy.publicKey, name: nil, role: nil,
            author: "x", at: Date(), signer: root, keeps: [honest.id])
        #expect(registry.violation(revocation) == nil)
        registry.apply(revocation)
        let set = try ProtocolSet.parse(try TemporaryWorkspace().read(ProtocolSet.path))
        let keys = KeyRegistry(set: set, keys: registry)
        #expect(honest.isSealed(by: keys), "a record the revocation keeps still counts")
        let forged = try Record(body: ["format": 2, "version": "2099.1"]).signed(with: deputy)
        #expect(!forged.isSealed(by: keys), "a record sealed with the key afterwards does not, whatever it claims")
    }

    @Test func aRegistryCutOnTheServerIsPutBackAndTheRevocationSpreads() throws {
        let (a, h, server, _) = try region()
        defer { cleanUp(h, server) }
        _ = try Drafts(a.workspace).switchTo("main")
        let tt = try KeyPair.load(for: "TT", in: a.keyDirectory)!
        let root = try KeyPair.load(for: "secretariat", in: a.keyDirectory)!
        _ = try a.workspace.revokeKey(tt.publicKey, of: "TT", signer: root, consultation: a.consultation, author: a.secretariat.author, now: a.at(2))
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        let full = try RegistryStore(a.workspace.repository).read().registry
        // Someone who can write to the server cuts the revocation off, with no key at all.
        try forgeRegistry(h, Array(full.entries.dropLast()), server: server)
        var report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        #expect(report.sent.contains(RegistryStore.reference), "\(report)")
        var served = try RegistryStore(try Repository.open(at: server.path)).read().registry
        #expect(served.head == full.head, "the server holds the revocation again")
        // Or puts an entry that does not verify in its place.
        let stranger = KeyPair.generate(participant: "TT", name: "x", role: nil)
        let cut = full.prefix(full.sequence - 1)
        try forgeRegistry(h, cut.entries + [try entry(.keyAdded, after: cut, holder: "TT", key: stranger.publicKey, signer: stranger)], server: server)
        report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        served = try RegistryStore(try Repository.open(at: server.path)).read().registry
        #expect(served.head == full.head, "\(report)")
        // A clone that had only the part before the revocation takes the verified part of a
        // registry with a bad entry at its end.
        let honestTail = try entry(.keyAdded, after: full, holder: "JM", key: stranger.publicKey, signer: stranger)
        try forgeRegistry(h, full.entries + [honestTail], server: server)
        let fresh = a.base.url.appendingPathExtension("late")
        defer { try? FileManager.default.removeItem(at: fresh) }
        try git("clone", "-q", "-b", "main", server.path, fresh.path)
        let late = Workspace(repository: try Repository.open(at: fresh.path))
        report = try Sync(late, now: RoundWorkspace.syncClock).sync("origin")
        #expect(try RegistryStore(late.repository).read().registry.head == full.head, "\(report.refused)")
    }

    @Test func aHostileRegistryRefIsARefusalNotAFailedSync() throws {
        let (a, h, server, _) = try region()
        defer { cleanUp(h, server) }
        let blob = try h.repository.writeBlob(Data("not a chain".utf8))
        try git("-C", h.root!.path, "update-ref", RegistryStore.reference, blob.hex)
        try git("-C", h.root!.path, "push", "-q", "-f", server.path, "\(RegistryStore.reference):\(RegistryStore.reference)")
        let report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        #expect(report.refused.contains { $0.round == "registry" }, "\(report.refused)")
    }

    @Test func aCheckpointCannotVouchForEventsItsSignerKeptBack() throws {
        let fixture = try RoundWorkspace(keys: TrustTests.states)
        _ = try Drafts(fixture.workspace).switchTo("main")
        let root = try KeyPair.load(for: "secretariat", in: fixture.keyDirectory)!
        let deputy = KeyPair.generate(participant: "secretariat", name: "Deputy", role: nil)
        _ = try fixture.workspace.registerKey(deputy.publicKey, name: "Deputy", role: nil, for: "secretariat", signer: root, author: fixture.secretariat.author, now: fixture.at(0))
        fixture.consultation.log.reloadRegistry()
        let round = try fixture.open()
        let log = fixture.consultation.log
        let sequence = log.registry!.keys.sequence
        // The deputy, soon to be revoked, writes a close and keeps it back, and publishes a
        // checkpoint that lists it.
        let hidden = try Event(
            kind: .roundClosed, round: round.id, participant: "secretariat", author: "Deputy <d@example.org>", at: fixture.at(1), clock: 2,
            payload: ["registry": .int(sequence), "events": .array([]), "outcome": .object(["result": "not-adopted", "summary": "closed"])]
        ).signed(with: deputy)
        try log.append(to: round.id, author: "Deputy <d@example.org>", message: "checkpoint", signer: deputy) { current in
            [Event(kind: .checkpoint, round: round.id, participant: "secretariat", author: "Deputy <d@example.org>", at: fixture.at(1), clock: current.clock + 1,
                   payload: ["registry": .int(sequence), "events": .array([.string(hidden.id)])])]
        }
        // The root revokes the deputy; its revocation checkpoints the round first.
        _ = try fixture.workspace.revokeKey(deputy.publicKey, of: "secretariat", signer: root, consultation: fixture.consultation, author: fixture.secretariat.author, now: fixture.at(2))
        let reader = EventLog(repository: fixture.workspace.repository)
        let events = Array(try reader.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let folded = Round(id: round.id, events: events + [hidden], registry: reader.registry(forRound: round.id, events))
        #expect(folded.state == .open, "the close kept back does not count")
        #expect(folded.refused.first { $0.event.id == hidden.id }?.reason.hasPrefix("signed with a key of secretariat that was revoked") == true)
    }

    @Test func anEventDatedInTheFutureOfTheReceivingClockIsRefused() throws {
        let (a, h, server, round) = try region()
        defer { cleanUp(h, server) }
        let repository = h.repository
        let state = try EventLog(repository: repository).round(round)
        let future = try Event(
            kind: .commentAdded, round: round, participant: "JM", author: "X <x@example.org>", at: a.at(3), clock: 2,
            payload: ["number": "JM-1", "revision": .string(state.revision.commit), "procedure": "SOP-004", "section": "scope", "type": "ge", "text": "From the future"]
        ).signed(with: try KeyPair.load(for: "JM", in: a.keyDirectory)!)
        try repository.updateReference(Round.reference(round), message: "future") { parent in
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: future.path, blob: try repository.writeBlob(future.json))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "future", author: Signature(name: "H", email: "h@example.org"))
        }
        try git("-C", h.root!.path, "push", "-q", "-f", server.path, "\(Round.reference(round)):\(Round.reference(round))")
        // Received a day after the round opened, it says it was written two days later.
        let report = try Sync(a.workspace, now: a.at(1)).sync("regional")
        #expect(report.refused.first { $0.event == future.id }?.reason == "it is dated 2027-01-07T09:00:00Z, in the future of this clone's clock")
    }

    @Test func revokingTheKeyThatRanAndSealedARoundLeavesItAndItsTagStanding() throws {
        let fixture = try RoundWorkspace(keys: TrustTests.states)
        _ = try Drafts(fixture.workspace).switchTo("main")
        let root = try KeyPair.load(for: "secretariat", in: fixture.keyDirectory)!
        // A deputy of the secretariat, with a key directory of its own, runs and seals the round.
        let deputyKeys = fixture.base.url.appendingPathComponent(".git/deputy-keys")
        let deputy = KeyPair.generate(participant: "secretariat", name: "Deputy", role: nil)
        _ = try deputy.save(in: deputyKeys)
        for code in TrustTests.states { _ = try KeyPair.load(for: code, in: fixture.keyDirectory)!.save(in: deputyKeys) }
        _ = try fixture.workspace.registerKey(deputy.publicKey, name: "Deputy", role: nil, for: "secretariat", signer: root, author: fixture.secretariat.author, now: fixture.at(0))
        let byDeputy = Consultation(fixture.workspace)
        byDeputy.keyDirectory = deputyKeys
        _ = try Drafts(fixture.workspace).switchTo("maritime-2027")
        let round = try byDeputy.open(draft: "maritime-2027", invitation: .only(TrustTests.states), closes: fixture.closes, rule: nil, title: "M", as: fixture.secretariat, now: fixture.at(0.5))
        for code in TrustTests.states {
            _ = try byDeputy.state(.approve, round: round.id, reason: nil, reservations: [], statement: nil, as: fixture.actor(code), now: fixture.at(1))
        }
        _ = try byDeputy.close(round.id, as: fixture.secretariat, now: fixture.at(2))
        _ = try Drafts(fixture.workspace).switchTo("main")
        _ = try Adoption(byDeputy).adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(3))
        // The deputy itself revokes a state's key, so its own checkpoints hold every event.
        let bs = try KeyPair.load(for: "BS", in: fixture.keyDirectory)!
        _ = try fixture.workspace.revokeKey(bs.publicKey, of: "BS", signer: deputy, consultation: byDeputy, author: fixture.secretariat.author, now: fixture.at(3.5))
        // The root revokes the deputy's key: it checkpoints the closed round and keeps the record.
        let change = try fixture.workspace.revokeKey(
            deputy.publicKey, of: "secretariat", signer: root, consultation: Consultation(fixture.workspace, keys: fixture.keyDirectory), author: fixture.secretariat.author,
            now: fixture.at(4))
        #expect(change.checkpointed == [round.id])
        #expect(change.entry.keeps.count == 1)
        let verification = Verification(fixture.workspace)
        let roundReport = try verification.round(round.id)
        #expect(roundReport.ok, "\(roundReport.checks.filter { !$0.ok }.map(\.what))")
        let tag = try verification.tag("set/2027.1")
        #expect(tag.ok, "\(tag.checks.filter { !$0.ok }.map(\.what))")
    }

    @Test func aCommitThatDeletesEventsDeletesNothing() throws {
        let (a, h, server, round) = try region()
        defer { cleanUp(h, server) }
        try a.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "Keep me")], round: round, as: a.actor("JM"), now: a.at(1))
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        _ = try Sync(h, now: RoundWorkspace.syncClock).sync("origin")
        let repository = h.repository
        let comment = try EventLog(repository: repository).round(round).comments[0]
        try repository.updateReference(Round.reference(round), message: "delete") { parent in
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.remove(path: Event.path(for: comment.id))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "delete", author: Signature(name: "H", email: "h@example.org"))
        }
        try git("-C", h.root!.path, "push", "-q", "-f", server.path, "\(Round.reference(round)):\(Round.reference(round))")
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        #expect(try EventLog(repository: a.workspace.repository).round(round).comments.map(\.text) == ["Keep me"])
        let served = try Repository.open(at: server.path)
        #expect(try served.entry(at: Event.path(for: comment.id), inTree: try served.commit(try served.reference(Round.reference(round))!).tree) != nil)
    }
}
