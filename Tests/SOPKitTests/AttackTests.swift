import Foundation
import Git
import Testing
@testable import SOPKit

/// Forged, replayed, stale and tampered events are refused by the rules wherever events are read.
@Suite struct AttackTests {
    func setUp() throws -> (RoundWorkspace, Round, [Event]) {
        let fixture = try RoundWorkspace(keys: ["BZ", "TT", "JM", "DO", "BS"])
        let round = try fixture.open()
        let head = try fixture.workspace.repository.reference(Round.reference(round.id))!
        let events = Array(try fixture.consultation.log.load(head).events.values)
        return (fixture, round, events)
    }

    func position(_ fixture: RoundWorkspace, _ round: Round, as participant: String, stance: String = "approve", reason: String? = nil,
                  revision: String? = nil, roundID: String? = nil, clock: Int = 5, day: Double = 2) -> Event {
        var payload: [String: JSONValue] = ["position": .string(stance), "revision": .string(revision ?? round.revision.commit), "fingerprints": .object([:])]
        if let reason { payload["reason"] = .string(reason) }
        return Event(kind: .positionStated, round: roundID ?? round.id, participant: participant, author: "X <x@example.org>", at: fixture.at(day), clock: clock, payload: payload)
    }

    func key(_ fixture: RoundWorkspace, _ code: String) throws -> KeyPair { try KeyPair.load(for: code, in: fixture.keyDirectory)! }

    func refusal(_ fixture: RoundWorkspace, _ round: Round, _ events: [Event], _ extra: Event, registry: KeyRegistry? = nil) -> String? {
        let folded = Round(id: round.id, events: events + [extra], registry: registry ?? fixture.consultation.log.registry)
        return folded.refused.first { $0.event.id == extra.id }?.reason
    }

    @Test func aPositionSignedWithAnotherStatesKeyIsRefused() throws {
        let (fixture, round, events) = try setUp()
        let forged = try position(fixture, round, as: "TT").signed(with: key(fixture, "BZ"))
        #expect(refusal(fixture, round, events, forged) == "signed with a key that is not registered for TT in the key registry")
        let unsigned = position(fixture, round, as: "TT")
        #expect(refusal(fixture, round, events, unsigned) == "the event is not signed")
        let genuine = try position(fixture, round, as: "TT").signed(with: key(fixture, "TT"))
        #expect(refusal(fixture, round, events, genuine) == nil)
    }

    @Test func aSignatureDoesNotSurviveAChangedEvent() throws {
        let (fixture, round, events) = try setUp()
        let signed = try position(fixture, round, as: "TT").signed(with: key(fixture, "TT"))
        // Changing the content after signing changes the hash: the stored file is refused as tampered.
        let tampered = String(decoding: signed.json, as: UTF8.self).replacingOccurrences(of: "\"approve\"", with: "\"object\"")
        let error = #expect(throws: SOPError.self) { try Event(json: Data(tampered.utf8), path: signed.path) }
        #expect(error?.message.contains("does not match its id") == true)
        // Re-signing the changed content with the same claimed key still fails the signature.
        var body = signed.body
        body["payload"] = .object(["position": "object", "reason": "x", "revision": .string(round.revision.commit), "fingerprints": .object([:])])
        let id = Event.hash(body)
        body["id"] = .string(id)
        let rewritten = Event(checked: body)!
        #expect(refusal(fixture, round, events, rewritten) == "the signature does not match the event (forged or changed after signing)")
    }

    @Test func staleClosedReplayedAndReasonlessPositionsAreRefused() throws {
        let (fixture, round, events) = try setUp()
        let tt = try key(fixture, "TT")
        let objection = try position(fixture, round, as: "TT", stance: "object").signed(with: tt)
        #expect(refusal(fixture, round, events, objection) == "an objection needs reasons")
        let replayed = try position(fixture, round, as: "TT", roundID: "other-1").signed(with: tt)
        #expect(refusal(fixture, round, events, replayed) == "event belongs to round 'other-1', not '\(round.id)'")
        let unknownRevision = try position(fixture, round, as: "TT", revision: String(repeating: "a", count: 40)).signed(with: tt)
        #expect(refusal(fixture, round, events, unknownRevision) == "a position must name a revision of this round")

        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "at once") }
        _ = try Drafts(fixture.workspace).save(message: "Words", author: fixture.secretariat.author)
        _ = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(3))
        let revisedEvents = Array(try fixture.consultation.log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let stale = try position(fixture, round, as: "TT", clock: 9, day: 4).signed(with: tt)
        #expect(refusal(fixture, round, revisedEvents, stale) == "position on a stale revision: the round is at revision 2")

        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(5))
        let closedEvents = Array(try fixture.consultation.log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let late = try position(fixture, try fixture.consultation.log.round(round.id), as: "TT", clock: 20, day: 6).signed(with: tt)
        #expect(refusal(fixture, round, closedEvents, late) == "the round is closed")
        #expect(throws: SOPError.self) {
            try fixture.consultation.state(.approve, round: round.id, reason: nil, reservations: [], statement: nil, as: fixture.actor("TT"), now: fixture.at(6))
        }
    }

    @Test func aRevokedKeyCountsOnlyForWhatWasCheckpointedBeforeWhateverTimeItClaims() throws {
        let (fixture, round, _) = try setUp()
        let tt = try key(fixture, "TT")
        try fixture.state("TT", .approve, on: round.id, day: 1)
        let root = try key(fixture, "secretariat")
        _ = try Drafts(fixture.workspace).switchTo("main")
        // The secretariat revokes TT's stolen key; its revocation checkpoints the open round first.
        let change = try fixture.workspace.revokeKey(
            tt.publicKey, of: "TT", signer: root, consultation: fixture.consultation, author: fixture.secretariat.author, now: fixture.at(3))
        #expect(change.checkpointed == [round.id])
        let after = try fixture.consultation.log.round(round.id)
        #expect(after.currentPositions["TT"] != nil, "the approval checkpointed before the revocation still counts")
        let events = Array(try fixture.consultation.log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        // The thief signs an objection dated before the revocation (and before the checkpoint).
        let backdated = try position(fixture, round, as: "TT", stance: "object", reason: "stolen", clock: 3, day: 1.5).signed(with: tt)
        #expect(refusal(fixture, round, events, backdated)?.hasPrefix("signed with a key of TT that was revoked (registry entry") == true)
    }

    @Test func aPrivateKeyOthersCanReadIsRefused() throws {
        let (fixture, _, _) = try setUp()
        let file = fixture.keyDirectory.appendingPathComponent("TT.key")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let error = #expect(throws: SOPError.self) { try KeyPair.load(for: "TT", in: fixture.keyDirectory) }
        #expect(error?.hint == "run `chmod 600 \(file.path)`")
    }

    @Test func whoeverHasAKeyCannotBeSpokenForWithoutIt() throws {
        let fixture = try RoundWorkspace(keys: ["secretariat", "BZ", "TT", "JM", "DO", "BS"])
        let round = try fixture.open()
        let head = try fixture.workspace.repository.reference(Round.reference(round.id))!
        let events = Array(try fixture.consultation.log.load(head).events.values)
        #expect(events.allSatisfy { $0.signature != nil })
        let unsignedClose = Event(kind: .roundClosed, round: round.id, participant: "secretariat", author: "Nobody <n@example.org>", at: fixture.at(2), clock: 5, payload: [:])
        #expect(refusal(fixture, round, events, unsignedClose) == "every event of the secretariat is signed with its registered key, and this one is not")
        let unsignedComment = Event(
            kind: .commentAdded, round: round.id, participant: "TT", author: "Nobody <n@example.org>", at: fixture.at(2), clock: 5,
            payload: ["number": "TT-1", "revision": .string(round.revision.commit), "procedure": "SOP-004", "section": "scope", "type": "ge", "text": "x"])
        #expect(refusal(fixture, round, events, unsignedComment) == "the event is not signed")
    }

    @Test func aPositionWrittenAfterTheCloseDoesNotCountWhateverItsClock() throws {
        let (fixture, round, _) = try setUp()
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        let events = Array(try fixture.consultation.log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let late = try position(fixture, round, as: "TT", stance: "object", reason: "late", clock: 2, day: 2).signed(with: key(fixture, "TT"))
        #expect(refusal(fixture, round, events, late)?.hasPrefix("the round is closed") == true)
    }

    @Test func linksEmphasisAndNumbersAreNotEditorial() throws {
        let fixture = try RoundWorkspace(keys: ["BZ", "TT", "JM", "DO", "BS"])
        let round = try fixture.open()
        for code in ["BZ", "TT", "JM", "DO", "BS"] { try fixture.state(code, .approve, on: round.id) }
        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "within **one** hour") }
        _ = try Drafts(fixture.workspace).save(message: "Emphasis", author: fixture.secretariat.author)
        let revised = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(3))
        #expect(revised.currentPositions.isEmpty)
    }

    @Test func keysAreRegisteredOnMainOnly() throws {
        let fixture = try RoundWorkspace()
        let text = try fixture.base.read(ProtocolSet.path)
        let entry = RegisteredKey(key: KeyPair.generate(participant: "TT", name: "X", role: nil).publicKey, name: "X")
        let error = #expect(throws: SOPError.self) {
            try fixture.workspace.commitSet(try KeyRegistration.adding(entry, for: "TT", to: text), message: "x", author: fixture.secretariat.author)
        }
        #expect(error?.message.contains("keys are registered in set.yaml on main") == true)
    }

    @Test func aRoundWhoseOpeningIsRefusedIsAnErrorNotACrash() throws {
        let fixture = try RoundWorkspace(keys: ["secretariat"])
        let repository = fixture.workspace.repository
        let draft = try repository.reference("refs/heads/draft/maritime-2027")!
        let forged = Event(
            kind: .roundOpened, round: "forged-1", participant: "secretariat", author: "Nobody <n@example.org>", at: fixture.at(1), clock: 1,
            payload: ["draft": "maritime-2027", "revision": .string(draft.hex), "procedures": .array(["SOP-004"]), "participants": .array(["TT"]),
                      "closes": "2027-02-01T17:00:00Z", "rule": "consensus", "title": "Forged"])
        try repository.updateReference(Round.reference("forged-1"), message: "forged") { _ in
            let tree = try repository.updateTree(nil, applying: [.write(path: forged.path, blob: try repository.writeBlob(forged.json))])
            return try repository.createCommit(tree: tree, parents: [], message: "forged", author: fixture.secretariat.author)
        }
        let error = #expect(throws: SOPError.self) { try EventLog(repository: repository).round("forged-1") }
        #expect(error?.message == "round 'forged-1' has no valid opening event (every event of the secretariat is signed with its registered key, and this one is not)")
        let report = try Verification(fixture.workspace).round("forged-1")
        #expect(!report.ok)
    }

    @Test func aCommentOrReservationOutsideTheRoundsScopeIsRefused() throws {
        let (fixture, round, events) = try setUp()
        #expect(round.procedures == ["SOP-004"])
        let outside = Event(
            kind: .commentAdded, round: round.id, participant: "JM", author: "X <x@example.org>", at: fixture.at(1), clock: 5,
            payload: ["number": "JM-1", "revision": .string(round.revision.commit), "procedure": "SOP-002", "section": "scope", "type": "ge", "text": "x"])
        let signed = try outside.signed(with: key(fixture, "JM"))
        #expect(refusal(fixture, round, events, signed) == "SOP-002 is not in this round (it covers SOP-004)")
        var payload = position(fixture, round, as: "TT").payload
        payload["reservations"] = .array([.object(["sections": .array(["SOP-002#scope"]), "statement": "No"])])
        let reserved = try Event(kind: .positionStated, round: round.id, participant: "TT", author: "X <x@example.org>", at: fixture.at(2), clock: 5, payload: payload)
            .signed(with: key(fixture, "TT"))
        #expect(refusal(fixture, round, events, reserved) == "a reservation on SOP-002#scope, which is not in this round")
    }
}
