import Foundation
import Git
import Testing
@testable import SOPKit

/// A round's activity log is read from its events as the fold sees them: in order, with who,
/// through which channel, what happened, the revision, the signature, and refusals kept.
@Suite struct RoundLogTests {
    @Test func theLogTellsEveryEventInOrderWithItsChannelSignatureAndRefusal() throws {
        let fixture = try RoundWorkspace(keys: ["TT", "JM", "BZ", KeyRegistry.portal])
        let consultation = fixture.consultation
        let root = try #require(try KeyPair.load(for: Round.secretariat, in: fixture.keyDirectory))
        let portal = try #require(try KeyPair.load(for: KeyRegistry.portal, in: fixture.keyDirectory))
        let round = try fixture.open(["BZ", "TT", "JM"])
        try consultation.addComments(
            [CommentDraft(section: "SOP-004#detection", quote: "within one hour", type: .te, text: "Not feasible at night", blocking: true)],
            round: round.id, as: fixture.actor("TT"), now: fixture.at(1))
        consultation.portalKey = portal
        try consultation.addComments([CommentDraft(section: "SOP-004#screening", type: .ed, text: "Typo")], round: round.id, as: fixture.actor("JM"), now: fixture.at(1.5))
        consultation.portalKey = nil
        _ = try consultation.dispose("TT-1", resolution: .modified, reason: "Two hours at night", as: fixture.secretariat, now: fixture.at(2))
        _ = try consultation.clear("TT-1", as: fixture.actor("TT"), now: fixture.at(2.5))
        _ = try consultation.pause(round.id, reason: "Hurricane warning", as: fixture.secretariat, now: fixture.at(3))
        _ = try consultation.resume(round.id, reason: "Warning lifted", as: fixture.secretariat, now: fixture.at(4))
        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "within two hours at night") }
        _ = try Drafts(fixture.workspace).save(message: "Two hours at night", author: fixture.secretariat.author)
        _ = try consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(5))
        try fixture.state("JM", .approve, on: round.id, day: 6)
        // TT's position signed with BZ's key, as a replica could send it: the rules refuse it.
        let folded = try consultation.log.round(round.id)
        let forged = try Event(
            kind: .positionStated, round: round.id, participant: "TT", author: "Focal point TT <tt@example.org>", at: fixture.at(7),
            clock: folded.clock + 1, payload: ["position": "approve", "revision": .string(folded.revision.commit), "fingerprints": .object([:])]
        ).signed(with: try #require(try KeyPair.load(for: "BZ", in: fixture.keyDirectory)))
        try BoundedInputTests().plant([forged.path: forged.json], in: fixture, round: round)

        let log = try EventLog(repository: fixture.workspace.repository).activity(round.id)
        #expect(log.entries.map(\.summary) == [
            "secretariat opened the round on draft maritime-2027 (revision 1)",
            "TT commented on SOP-004#detection (TT-1, te, blocking)",
            "JM commented on SOP-004#screening (JM-1, ed)",
            "secretariat disposed TT-1: modified",
            "TT lifted the blocking comment TT-1",
            "secretariat paused the round: Hurricane warning",
            "secretariat resumed the round: Warning lifted",
            "secretariat put up revision 2",
            "JM approved revision 2",
            "TT approved revision 2",
        ])
        #expect(log.entries.map(\.clock) == log.entries.map(\.clock).sorted(), "in the fold's order")
        #expect(log.entries.map(\.kind) == [
            "round-opened", "comment-added", "comment-added", "comment-disposed", "blocking-cleared", "round-paused", "round-resumed",
            "round-revised", "position-stated", "position-stated",
        ])
        #expect(log.entries.map(\.revision) == [1, 1, 1, nil, nil, nil, nil, 2, 2, 2])
        #expect(log.entries.map(\.channel) == [.cli, .cli, .portal, .cli, .cli, .cli, .cli, .cli, .cli, .cli])
        #expect(log.entries[2].author == "Focal point JM <jm@example.org>", "the official the portal wrote for")
        #expect(log.entries[0].signed == RoundLog.Signed(key: root.publicKey, holder: Round.secretariat, verified: true))
        #expect(log.entries[2].signed?.holder == KeyRegistry.portal && log.entries[2].signed?.verified == true)
        #expect(log.entries.dropLast().allSatisfy { $0.refused == nil })

        let refused = try #require(log.entries.last)
        #expect(refused.event == forged.id)
        #expect(refused.refused == RoundLog.Refused(code: "not-allowed", reason: "signed with a key that is not registered for TT in the key registry"))
        #expect(refused.signed?.holder == "BZ" && refused.signed?.verified == false)

        #expect(try log.entries(of: "TT").map(\.kind) == ["comment-added", "blocking-cleared", "position-stated"])
        #expect(try log.entries(of: Round.secretariat).count == 5)
        let stranger = #expect(throws: SOPError.self) { try log.entries(of: "DO") }
        #expect(stranger?.message == "'DO' does not take part in round \(round.id)" && stranger?.hint == "--participant takes one of secretariat, BZ, JM, TT")
    }

    /// A replica's unsigned comment that says it came through the portal is refused by the
    /// rules and logged as what it is: only the portal's signature, counted, says "portal".
    @Test func anUnsignedEventClaimingThePortalIsNotLoggedAsThePortals() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open(["DO"])
        let folded = try fixture.consultation.log.round(round.id)
        var body = Event(
            kind: .commentAdded, round: round.id, participant: "DO", author: "Focal point DO <do@example.org>", at: fixture.at(1),
            clock: folded.clock + 1,
            payload: [
                "number": "DO-1", "revision": .string(folded.revision.commit), "procedure": "SOP-004", "section": "detection", "type": "ge",
                "text": "Said to come through the portal", "blocking": false,
            ]
        ).body
        body["via"] = .string(KeyRegistry.portal)
        body["account"] = "someone@example.org"
        body["id"] = .string(Event.hash(body))
        let claimed = try #require(Event(checked: body))
        try BoundedInputTests().plant([claimed.path: claimed.json], in: fixture, round: round)
        let entry = try #require(try fixture.consultation.log.activity(round.id).entries.first { $0.event == claimed.id })
        #expect(entry.channel == .cli && entry.signed == nil)
        #expect(entry.refused?.reason == "it says it came through the portal but carries no signature of the portal's key", "the rules refuse it")
    }

    @Test func anUnknownRoundIsNamedWithTheRoundsThereAre() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let error = #expect(throws: SOPError.self) { try fixture.consultation.log.activity("no-such-1") }
        #expect(error?.code == .notFound && error?.message == "unknown round 'no-such-1'" && error?.hint == "rounds: \(round.id)")
    }
}
