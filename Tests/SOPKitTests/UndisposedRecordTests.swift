import Foundation
import Git
import Testing
import TestSupport
@testable import SOPKit

/// Comments the secretariat did not answer: adoption refuses them unless the sealed record
/// names them, and `sop verify` holds every record to the same rule at the time it was sealed.
@Suite struct UndisposedRecordTests {
    static let states = ["BZ", "TT", "JM"]

    /// A closed round in which TT and JM commented and only JM's comment was answered.
    func closedWithOneAnswer() throws -> (RoundWorkspace, Round) {
        let fixture = try RoundWorkspace(keys: Self.states)
        let round = try fixture.open(Self.states)
        for code in ["TT", "JM"] {
            _ = try fixture.consultation.addComments(
                [CommentDraft(section: "detection", type: .ed, text: "A word from \(code)")], round: round.id, as: fixture.actor(code), now: fixture.at(1))
        }
        _ = try fixture.consultation.dispose("JM-1", round: round.id, resolution: .noted, reason: nil, as: fixture.secretariat, now: fixture.at(1.5))
        for code in Self.states { try fixture.state(code, .approve, on: round.id) }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        return (fixture, try fixture.consultation.log.round(round.id))
    }

    @Test func adoptionNamesTheUnansweredCommentsOrIsRefused() throws {
        let (fixture, round) = try closedWithOneAnswer()
        let adoption = Adoption(fixture.consultation)
        let error = #expect(throws: SOPError.self) {
            try adoption.adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(4))
        }
        #expect(error?.message == "round \(round.id) cannot be adopted: 1 comment has no disposition from the secretariat: TT-1")
        #expect(try fixture.workspace.repository.tag("set/2027.1") == nil)
        let preview = try adoption.preview(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(4))
        #expect(preview.undisposed == ["TT-1"] && preview.obstacles == [.undisposed])

        let result = try adoption.adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, allowUndisposed: true, as: fixture.secretariat, now: fixture.at(4))
        #expect(result.record.undisposed == ["TT-1"])
        #expect(result.record.body["format"] == .int(Record.format) && Record.format >= 3, "undisposed came with format 3")
        #expect(try Verification(fixture.workspace).tag("set/2027.1").ok)
    }

    /// The secretariat's own key cannot seal a record that leaves an unanswered comment out:
    /// the signature holds, the rule does not.
    @Test func aRecordSignedByTheSecretariatThatHidesAComment() throws {
        let (fixture, round) = try closedWithOneAnswer()
        let result = try Adoption(fixture.consultation).adopt(
            round.id, version: "2027.1", effective: Day("2027-03-01")!, allowUndisposed: true, as: fixture.secretariat, now: fixture.at(4))
        var body = result.record.body
        body["undisposed"] = .array([])
        let secretariat = try #require(try KeyPair.load(for: Round.secretariat, in: fixture.keyDirectory))
        let forged = try Record(body: body).signed(with: secretariat)
        let repository = fixture.workspace.repository
        #expect(try Command("/usr/bin/git", ["-C", fixture.base.url.path, "tag", "-d", "set/2027.1"]).run().status == 0)
        try repository.createTag("set/2027.1", on: result.commit, message: forged.message, tagger: fixture.secretariat.author)

        let report = try Verification(fixture.workspace).tag("set/2027.1")
        #expect(!report.ok)
        #expect(report.checks.filter { !$0.ok }.map(\.what) == ["round \(round.id) had TT-1 without a disposition when it was adopted, but the record names none"])
        // Without the field at all, as a record of format 2 is written, the same.
        body["undisposed"] = nil
        body["format"] = .int(2)
        #expect(try Command("/usr/bin/git", ["-C", fixture.base.url.path, "tag", "-d", "set/2027.1"]).run().status == 0)
        try repository.createTag("set/2027.1", on: result.commit, message: try Record(body: body).signed(with: secretariat).message, tagger: fixture.secretariat.author)
        #expect(try Verification(fixture.workspace).tag("set/2027.1").checks.filter { !$0.ok }.count == 1)
    }

    @Test func aCommentAnsweredAfterTheAdoptionLeavesTheRecordTrue() throws {
        let (fixture, round) = try closedWithOneAnswer()
        _ = try Adoption(fixture.consultation).adopt(
            round.id, version: "2027.1", effective: Day("2027-03-01")!, allowUndisposed: true, as: fixture.secretariat, now: fixture.at(4))
        _ = try fixture.consultation.dispose("TT-1", round: round.id, resolution: .accepted, reason: nil, as: fixture.secretariat, now: fixture.at(5))
        let folded = try fixture.consultation.log.round(round.id)
        #expect(folded.undisposed().isEmpty && folded.undisposed(at: fixture.at(4)).map(\.number) == ["TT-1"])
        #expect(try Verification(fixture.workspace).tag("set/2027.1").ok)
    }

    @Test func longListsEndWithHowManyMore() {
        #expect(Adoption.Preview.listed((1...12).map { "TT-\($0)" }) == "TT-1, TT-2, TT-3, TT-4, TT-5, TT-6, TT-7, TT-8, TT-9, TT-10 and 2 more")
        #expect(Adoption.Preview.listed(["TT-1"]) == "TT-1")
    }
}
