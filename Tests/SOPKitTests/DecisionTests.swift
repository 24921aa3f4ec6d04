import Foundation
import Git
import Testing
@testable import SOPKit

/// Each decision rule on worked cases, computed from the events alone.
@Suite struct DecisionTests {
    static let five = ["BZ", "TT", "JM", "DO", "BS"]

    @Test func consensusNeedsEveryMemberAndNoObjection() throws {
        let fixture = try RoundWorkspace(keys: Self.five + ["IOM"])
        let round = try fixture.open(Self.five + ["IOM"])
        for code in ["BZ", "TT", "JM", "DO"] { try fixture.state(code, .approve, on: round.id) }
        var outcome = try fixture.outcome(round.id, day: 3)
        #expect(outcome.result == .pending)
        #expect(outcome.summary == "waiting on BS")
        try fixture.state("BS", .approveWithComments, on: round.id)
        outcome = try fixture.outcome(round.id, day: 3)
        #expect(outcome.result == .adopted)
        #expect(outcome.summary == "adopted by consensus of 5 member states")
        // A state may change its position until the round closes; the last one counts.
        try fixture.state("JM", .object, on: round.id, reason: "5.1 cannot be met at night", day: 4)
        outcome = try fixture.outcome(round.id, day: 4)
        #expect(outcome.result == .pending)
        #expect(outcome.summary == "objection from JM")
        let closed = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(5))
        #expect(closed.recordedOutcome?["result"]?.string == "not-adopted")
        #expect(closed.positions.count == 6)
    }

    @Test func silenceIsAdoptedAtTheDeadlineUnlessBroken() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open(rule: .silence)
        var outcome = try fixture.outcome(round.id, day: 1)
        #expect(outcome.result == .pending)
        #expect(outcome.summary == "adopted if no objection by 2027-02-01T17:00:00Z")
        outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.result == .adopted)
        #expect(outcome.final)
        // A pause stops the clock: the deadline moves by the paused time.
        _ = try fixture.consultation.pause(round.id, reason: "Hurricane", as: fixture.secretariat, now: fixture.at(2))
        _ = try fixture.consultation.resume(round.id, reason: "Clear", as: fixture.secretariat, now: fixture.at(5))
        #expect(try fixture.outcome(round.id, day: 3).summary == "adopted if no objection by 2027-02-04T17:00:00Z")
        try fixture.state("DO", .object, on: round.id, reason: "Needs a data protection clause", day: 6)
        outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.result == .notAdopted)
        #expect(outcome.summary == "silence broken by DO")
    }

    @Test func aBlockingCommentHoldsUntilDisposedAndCleared() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open(rule: .silence)
        try fixture.consultation.addComments([CommentDraft(section: "detection", type: .te, text: "Not feasible", blocking: true)], round: round.id, as: fixture.actor("TT"), now: fixture.at(1))
        #expect(try fixture.outcome(round.id, day: 2).summary == "blocked by comment TT-1 from TT")
        #expect(throws: SOPError.self) { try fixture.consultation.clear("TT-1", as: fixture.actor("TT"), now: fixture.at(2)) }
        _ = try fixture.consultation.dispose("TT-1", resolution: .modified, reason: "Night-time limit added", as: fixture.secretariat, now: fixture.at(3))
        #expect(try fixture.outcome(round.id, day: 3).summary == "blocked by comment TT-1 from TT until cleared")
        #expect(throws: SOPError.self) { try fixture.consultation.clear("TT-1", as: fixture.actor("JM"), now: fixture.at(3)) }
        #expect(try fixture.outcome(round.id, day: 40).result == .notAdopted)
        _ = try fixture.consultation.clear("TT-1", as: fixture.actor("TT"), now: fixture.at(4))
        #expect(try fixture.outcome(round.id, day: 40).result == .adopted)
    }

    @Test func qualifiedMajorityAtItsThresholds() throws {
        let members = ["AG", "BS", "BB", "BZ", "CU", "DM", "DO", "GD", "GY", "HT", "JM"]
        let fixture = try RoundWorkspace(keys: members)
        let round = try fixture.open(members, rule: .qualified)
        // 6 approve, 2 object: 3/4 approve (at least 2/3) and exactly 1/4 object → adopted.
        for code in ["AG", "BS", "BB", "BZ", "CU", "DM"] { try fixture.state(code, .approve, on: round.id) }
        for code in ["DO", "GD"] { try fixture.state(code, .object, on: round.id) }
        try fixture.state("GY", .abstain, on: round.id)
        var outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.result == .adopted)
        #expect(outcome.summary == "adopted: 6 of 8 member votes approve (2/3 needed), 2 of 8 votes cast object (at most 1/4)")
        // One more objection: 6 of 9 is exactly 2/3, but 3 of 9 objections is more than 1/4.
        try fixture.state("HT", .object, on: round.id)
        outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.result == .notAdopted)
        #expect(outcome.summary == "not adopted: 6 of 9 member votes approve (2/3 needed), 3 of 9 votes cast object (at most 1/4)")
        // Abstentions are not votes.
        #expect(outcome.abstentions == ["GY"])
    }

    /// Exactly 2/3 of the member states approve; territories' votes count among the votes cast,
    /// of which exactly 1/4 are objections.
    @Test func qualifiedMajorityExactlyAtTwoThirdsAndOneQuarter() throws {
        let invited = ["BZ", "TT", "JM", "AI"]
        let fixture = try RoundWorkspace(keys: invited)
        let round = try fixture.open(invited, rule: .qualified)
        for code in ["BZ", "TT", "AI"] { try fixture.state(code, .approve, on: round.id) }
        try fixture.state("JM", .object, on: round.id)
        var outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.summary == "adopted: 2 of 3 member votes approve (2/3 needed), 1 of 4 votes cast object (at most 1/4)")
        #expect(outcome.result == .adopted)
        // The territory objects instead: still 2/3 of member votes, but 2 of 4 votes cast object.
        try fixture.state("AI", .object, on: round.id, day: 3)
        outcome = try fixture.outcome(round.id, day: 40)
        #expect(outcome.summary == "not adopted: 2 of 3 member votes approve (2/3 needed), 2 of 4 votes cast object (at most 1/4)")
        #expect(outcome.result == .notAdopted)
    }

    @Test func silenceClosedEarlyIsNotAdoption() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open(rule: .silence)
        let closed = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(5))
        #expect(closed.recordedOutcome?["summary"]?.string == "not adopted: closed before the silence period ended at 2027-02-01T17:00:00Z")
    }

    @Test func majorityOfThoseVoting() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open(rule: .majority)
        try fixture.state("BZ", .approve, on: round.id)
        try fixture.state("TT", .object, on: round.id)
        #expect(try fixture.outcome(round.id, day: 40).result == .notAdopted)
        try fixture.state("JM", .approve, on: round.id)
        #expect(try fixture.outcome(round.id, day: 3).summary.hasPrefix("would be adopted now: 2 of 3 votes approve"))
    }

    @Test func reservationsAreKeptWithThePosition() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open()
        let position = try fixture.consultation.state(
            .approve, round: round.id, reason: nil, reservations: ["boarding"], statement: "Belize applies 5.4 subject to its Maritime Areas Act",
            as: fixture.actor("BZ"), now: fixture.at(2))
        #expect(position.reservations == [.init(sections: ["SOP-004#boarding"], statement: "Belize applies 5.4 subject to its Maritime Areas Act")])
        let report = RoundReport(try fixture.consultation.log.round(round.id), set: fixture.consultation.log.registry?.set, now: fixture.at(2))
        #expect(report.participants.first { $0.code == "BZ" }?.reservations.first?.sections == ["SOP-004#boarding"])
        #expect(throws: SOPError.self) {
            try fixture.consultation.state(.approve, round: round.id, reason: nil, reservations: ["boarding"], statement: nil, as: fixture.actor("TT"), now: fixture.at(2))
        }
    }

    @Test func positionsGoStaleWhenWordsChangeAndCarryOverWhenTheyDoNot() throws {
        let fixture = try RoundWorkspace(keys: Self.five)
        let round = try fixture.open()
        for code in Self.five { try fixture.state(code, .approve, on: round.id) }
        // Metadata and line wrapping only: every position is carried over, as an event.
        try fixture.edit { $0.replacingOccurrences(of: "version: \"1.0\"", with: "version: \"1.1\"").replacingOccurrences(of: "national contact point within one hour", with: "national contact point\nwithin one hour") }
        _ = try Drafts(fixture.workspace).save(message: "Metadata only", author: fixture.secretariat.author)
        var revised = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(3))
        #expect(revised.revision.number == 2)
        #expect(revised.currentPositions.count == 5)
        #expect(try fixture.outcome(round.id, day: 3).result == .adopted)
        // A change of words: every position is stale until stated again.
        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "without delay") }
        _ = try Drafts(fixture.workspace).save(message: "Words", author: fixture.secretariat.author)
        revised = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(4))
        #expect(revised.currentPositions.isEmpty)
        #expect(revised.stalePositions == Self.five.sorted())
        #expect(try fixture.outcome(round.id, day: 4).summary == "waiting on BS, BZ, DO, JM, TT")
        try fixture.state("TT", .approve, on: round.id, day: 5)
        #expect(try fixture.consultation.log.round(round.id).currentPositions["TT"]?.revision == 3)
    }
}
