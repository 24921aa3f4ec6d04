import Foundation
import Git
import Testing
@testable import SOPKit

@Suite struct RoundTests {
    /// Five countries, forty comments, replies, dispositions, two revisions and a close, with
    /// the status and the disposition table checked at each step.
    @Test func aFullRound() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        #expect(round.id == "maritime-2027-1")
        #expect(round.procedures == ["SOP-004"])
        #expect(round.revision.number == 1)
        var report = RoundReport(round, set: nil, now: fixture.at(0))
        #expect(report.daysLeft == 29)
        #expect(report.participants.allSatisfy { !$0.commented })

        let countries = ["BZ", "TT", "JM", "DO", "BS"]
        let sections = ["detection", "rescue", "boarding", "screening", "disembarkation", "deaths", "records", "scope"]
        for (index, code) in (0..<40).map({ countries[$0 % 5] }).enumerated() {
            let draft = CommentDraft(
                section: sections[index % sections.count], quote: index == 0 ? "within one hour" : nil,
                type: [SOPKit.Comment.Kind.ge, .te, .ed][index % 3], text: "Comment \(index) from \(code)",
                proposed: index % 2 == 0 ? "Proposal \(index)" : nil, blocking: index == 7)
            try fixture.consultation.addComments([draft], round: round.id, as: fixture.actor(code), now: fixture.at(1 + Double(index) / 10))
        }
        var state = try fixture.consultation.log.round(round.id)
        report = RoundReport(state, set: nil, now: fixture.at(6))
        #expect(report.comments == 40)
        #expect(report.byType == ["ge": 14, "te": 13, "ed": 13])
        #expect(report.byState["open"] == 40)
        #expect(report.participants.allSatisfy { $0.comments == 8 })
        #expect(report.openBlocking.map(\.number) == ["JM-2"])
        #expect(state.comments.first?.quote?.exact == "within one hour")

        for (index, comment) in state.comments.enumerated() where index % 4 == 0 {
            _ = try fixture.consultation.reply(to: comment.id, text: "Thank you; under review", as: fixture.secretariat, now: fixture.at(7))
        }
        _ = try fixture.consultation.reply(to: "JM-2", round: round.id, text: "We maintain the objection", as: fixture.actor("JM"), now: fixture.at(7))
        let resolutions: [SOPKit.Comment.Resolution] = [.accepted, .modified, .rejected, .noted]
        for (index, comment) in state.comments.enumerated() where index < 20 {
            _ = try fixture.consultation.dispose(
                comment.id, resolution: resolutions[index % 4], reason: "Reason \(index)", as: fixture.secretariat, now: fixture.at(8))
        }
        state = try fixture.consultation.log.round(round.id)
        report = RoundReport(state, set: nil, now: fixture.at(8))
        #expect(report.byState == ["open": 20, "accepted": 5, "modified": 5, "rejected": 5, "noted": 5])
        // Disposed of, but JM has not cleared it: it still holds the decision.
        #expect(report.openBlocking.map(\.number) == ["JM-2"])
        #expect(report.openBlocking.first?.state == "noted")
        let table = try rows(CommentForm.dispositions(state, text: try RevisionText(workspace: fixture.workspace, commit: state.revision.commit, scope: state.procedures)))
        #expect(table.count == 41)
        #expect(table[1][1] == "BZ-1" && table[1][8].hasPrefix("Accepted: Reason 0\nsecretariat: Thank you"))
        #expect(table.dropFirst().filter { $0[8].hasPrefix("Rejected") }.count == 5)

        // Revision 2 removes the quoted words: that comment becomes unplaced, the others stay.
        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "without delay") }
        _ = try Drafts(fixture.workspace).save(message: "Answer TT-1", author: fixture.secretariat.author)
        let second = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(9))
        #expect(second.revision.number == 2)
        let text2 = try RevisionText(workspace: fixture.workspace, commit: second.revision.commit, scope: second.procedures)
        #expect(second.comments.filter { !text2.isPlaced($0) }.map(\.number) == ["BZ-1"])
        try fixture.consultation.addComments(
            [CommentDraft(section: "detection", quote: "without delay", type: .te, text: "Better")], round: round.id,
            as: fixture.actor("BZ"), now: fixture.at(10))

        // Revision 3 only rewraps lines: every quote is still found.
        try fixture.edit { $0.replacingOccurrences(of: "national contact point without delay", with: "national contact point\nwithout delay") }
        _ = try Drafts(fixture.workspace).save(message: "Rewrap", author: fixture.secretariat.author)
        let third = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(11))
        let text3 = try RevisionText(workspace: fixture.workspace, commit: third.revision.commit, scope: third.procedures)
        #expect(third.comments.last.map(text3.isPlaced) == true)
        #expect(third.comments.last?.revision == 2)

        let closed = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(20))
        report = RoundReport(closed, set: nil, now: fixture.at(20))
        #expect(report.state == "closed")
        #expect(report.daysLeft == 0)
        #expect(report.comments == 41)
        #expect(try rows(CommentForm.dispositions(closed, text: try RevisionText(workspace: fixture.workspace, commit: closed.revision.commit, scope: closed.procedures))).count == 42)
        // The secretariat may still dispose after the close; nobody else may write.
        _ = try fixture.consultation.dispose("BZ-9", round: round.id, resolution: .noted, reason: nil, as: fixture.secretariat, now: fixture.at(21))
        #expect(throws: SOPError.self) {
            try fixture.consultation.reply(to: "BZ-9", text: "late", as: fixture.actor("BZ"), now: fixture.at(21))
        }
        #expect(try fixture.base.workspace.repository.reference(Round.reference(round.id)) != nil)
    }

    @Test func pausesStopTheClock() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        _ = try fixture.consultation.pause(round.id, reason: "Hurricane warning", as: fixture.secretariat, now: fixture.at(2))
        let error = #expect(throws: SOPError.self) {
            try fixture.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "x")], round: round.id, as: fixture.actor("TT"), now: fixture.at(3))
        }
        #expect(error?.message.contains("is paused: Hurricane warning") == true)
        let resumed = try fixture.consultation.resume(round.id, reason: "Warning lifted", as: fixture.secretariat, now: fixture.at(7))
        #expect(resumed.effectiveCloses(now: fixture.at(8)) == fixture.closes.addingTimeInterval(5 * 86_400))
        #expect(RoundReport(resumed, set: nil, now: fixture.at(8)).daysLeft == 26)
    }

    @Test func eventsAreContentAddressedAndTamperEvident() throws {
        let event = Event(kind: .roundClosed, round: "r-1", participant: "secretariat", author: "S <s@x>", at: Date(timeIntervalSince1970: 0), clock: 3, payload: [:])
        let read = try Event(json: event.json, path: event.path)
        #expect(read == event)
        let tampered = Data(String(decoding: event.json, as: UTF8.self).replacingOccurrences(of: "\"clock\": 3", with: "\"clock\": 4").utf8)
        let error = #expect(throws: SOPError.self) { try Event(json: tampered, path: event.path) }
        #expect(error?.message.contains("does not match its id") == true)
        #expect(throws: SOPError.self) { try Event(json: event.json, path: "events/00/elsewhere.json") }
        #expect(throws: SOPError.self) { try Event(json: Data("{\"id\": 1.5}".utf8), path: event.path) }
    }

    @Test func foldingIsOrderIndependent() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        for code in ["TT", "BZ", "JM"] {
            try fixture.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "from \(code)")], round: round.id, as: fixture.actor(code), now: fixture.at(1))
        }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(2))
        let events = Array(try fixture.consultation.log.load(try fixture.workspace.repository.reference(Round.reference(round.id))!).events.values)
        let forward = Round(id: round.id, events: events)
        let backward = Round(id: round.id, events: events.reversed())
        #expect(forward.comments == backward.comments)
        #expect(forward.closed == backward.closed)
    }

    func rows(_ data: Data) throws -> [[String]] {
        try CSV.parse(String(decoding: data, as: UTF8.self), path: "x.csv").map(\.fields)
    }
}

@Suite struct EventCacheTests {
    @Test func theCacheIsOnlyACache() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let drafts = (0..<80).map { CommentDraft(section: "scope", type: .ge, text: "Comment \($0)") }
        try fixture.consultation.addComments(drafts, round: round.id, as: fixture.actor("TT"), now: fixture.at(1))
        let cache = URL(fileURLWithPath: fixture.workspace.repository.gitDirectory).appendingPathComponent("sop/cache/rounds/\(round.id).json")
        // A fresh reader reads all 81 events from git and writes the cache.
        let fresh = try EventLog(repository: fixture.workspace.repository).round(round.id)
        #expect(fresh.comments.count == 80)
        #expect(FileManager.default.fileExists(atPath: cache.path))
        // Events added after the cache was written are read from git on top of it.
        try fixture.consultation.addComments([CommentDraft(section: "scope", type: .te, text: "After")], round: round.id, as: fixture.actor("JM"), now: fixture.at(2))
        let cached = try EventLog(repository: fixture.workspace.repository).round(round.id)
        #expect(cached.comments.count == 81)
        #expect(cached.comments.last?.text == "After")
        // A damaged cache is ignored, and the record in git still gives the same state.
        try Data("{\"cache\": 1, \"events\": [".utf8).write(to: cache)
        let rebuilt = try EventLog(repository: fixture.workspace.repository).round(round.id)
        #expect(rebuilt.comments == cached.comments)
        try FileManager.default.removeItem(at: cache)
        #expect(try EventLog(repository: fixture.workspace.repository).round(round.id).comments == cached.comments)
    }
}
