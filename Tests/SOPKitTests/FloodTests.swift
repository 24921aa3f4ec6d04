import Foundation
import Testing
@testable import SOPKit

/// The set's `limits:` keep one participant from flooding a round: the comments it may record
/// (a rule of the record, so every writer and `sop verify` refuse the same ones) and the rows
/// one comment form may carry; and importing a large form records each comment once.
@Suite struct FloodTests {
    /// A round fixture whose draft's set.yaml (the one the round is opened on) has `limits`.
    func fixture(limits: String) throws -> RoundWorkspace {
        let fixture = try RoundWorkspace()
        try fixture.base.write(ProtocolSet.path, try fixture.base.read(ProtocolSet.path) + "limits:\n" + limits)
        _ = try Drafts(fixture.workspace).save(message: "Limits", author: fixture.secretariat.author)
        return fixture
    }

    /// A form for TT with one filled row per text, each on the section `scope`, and the empty
    /// rows of every section as the export gives them.
    func form(_ texts: [String], empty: Int = 3) -> Data {
        let filled = texts.map { ["TT", "", "SOP-004#scope", "", "", "ge", $0, "", ""] }
        let blank = (0..<empty).map { _ in ["TT", "", "SOP-004#scope", "", "", "", "", "", ""] }
        return CSV.write([CommentForm.columns] + filled + blank)
    }

    func head(_ fixture: RoundWorkspace, _ round: Round) throws -> String? {
        try fixture.workspace.repository.reference(Round.reference(round.id))?.hex
    }

    @Test func limitsAreReadFromSetYAMLWithDefaults() throws {
        let sample = try TemporaryWorkspace()
        let text = try sample.read(ProtocolSet.path)
        #expect(try ProtocolSet.parse(text).limits == ProtocolSet.Limits(commentsPerParticipant: 2_000, formRows: 5_000))
        let set = try ProtocolSet.parse(text + "limits:\n  form-rows: 40\n")
        #expect(set.limits == ProtocolSet.Limits(commentsPerParticipant: 2_000, formRows: 40))
        let error = #expect(throws: SOPError.self) { try ProtocolSet.parse(text + "limits:\n  comments-per-participant: 0\n") }
        #expect(error?.message == "'comments-per-participant' must be at least 1")
    }

    @Test func aFormBeyondTheRowLimitIsRefusedAndNothingIsWritten() throws {
        let fixture = try fixture(limits: "  form-rows: 3\n")
        let round = try fixture.open()
        let text = try RevisionText(workspace: fixture.workspace, commit: round.revision.commit, scope: round.procedures)
        let before = try head(fixture, round)
        let error = #expect(throws: SOPError.self) {
            try CommentForm.read(form(["One", "Two", "Three", "Four"]), path: "TT.csv", participant: "TT", round: round, text: text)
        }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "the form has 4 rows with a comment; one form holds at most 3 (limits: form-rows in set.yaml), so nothing was recorded")
        #expect(error?.hint == "split the comments over forms of at most 3 rows and import them one after the other")
        #expect(try head(fixture, round) == before)
        #expect(try fixture.consultation.log.round(round.id).comments.isEmpty)
        // The empty rows of the sections do not count.
        let drafts = try CommentForm.read(form(["One", "Two", "Three"], empty: 10), path: "TT.csv", participant: "TT", round: round, text: text)
        #expect(drafts.map(\.text) == ["One", "Two", "Three"])
    }

    @Test func anImportBeyondTheParticipantLimitIsRefusedWhole() throws {
        let fixture = try fixture(limits: "  comments-per-participant: 5\n")
        let round = try fixture.open()
        let first = (1...3).map { CommentDraft(section: "scope", type: .ge, text: "Comment \($0)") }
        #expect(try fixture.consultation.addComments(first, round: round.id, as: fixture.actor("TT"), now: fixture.at(1)).count == 3)
        let before = try head(fixture, round)
        let more = (4...6).map { CommentDraft(section: "scope", type: .ge, text: "Comment \($0)") }
        let error = #expect(throws: SOPError.self) {
            try fixture.consultation.addComments(more, round: round.id, as: fixture.actor("TT"), now: fixture.at(2))
        }
        #expect(error?.code == .tooLarge)
        #expect(
            error?.message
                == "TT has 3 comments in this round and may record at most 5 (limits: comments-per-participant in set.yaml), so 3 more comments cannot be recorded; send at most 2 more")
        #expect(try head(fixture, round) == before)
        #expect(try fixture.consultation.log.round(round.id).commentCount(of: "TT") == 3)
        // Another participant has a limit of its own; the secretariat has none.
        #expect(try fixture.consultation.addComments(more, round: round.id, as: fixture.actor("JM"), now: fixture.at(2)).count == 3)
        let secretariat = (1...7).map { CommentDraft(section: "scope", type: .ed, text: "Note \($0)") }
        #expect(try fixture.consultation.addComments(secretariat, round: round.id, as: fixture.secretariat, now: fixture.at(2)).count == 7)
    }

    @Test func commentsBeyondTheLimitArrivingAsEventsAreRefusedByTheFold() throws {
        let fixture = try fixture(limits: "  comments-per-participant: 2\n")
        let round = try fixture.open()
        let log = fixture.consultation.log
        let head = try #require(try fixture.workspace.repository.reference(Round.reference(round.id)))
        let opening = Array(try log.load(head).events.values)
        // As a replica would send them: three comments by TT, none checked by a writer here.
        let planted = (1...3).map { index in
            Event(
                kind: .commentAdded, round: round.id, participant: "TT", author: "Focal point TT <tt@example.org>", at: fixture.at(1),
                clock: 1 + index,
                payload: [
                    "number": .string("TT-\(index)"), "procedure": "SOP-004", "section": "scope", "type": "ge", "text": .string("Planted \(index)"),
                    "revision": .string(round.revision.commit),
                ])
        }
        let events = opening + planted
        let folded = Round(id: round.id, events: events, registry: log.registry(forRound: round.id, events))
        #expect(folded.comments.map(\.text) == ["Planted 1", "Planted 2"])
        #expect(folded.commentCount(of: "TT") == 2)
        let refused = folded.refused.map { ($0.event.id, $0.reason) }
        #expect(refused.map(\.0) == [planted[2].id])
        #expect(
            refused.first?.1
                == "TT has 2 comments in this round and may record at most 2 (limits: comments-per-participant in set.yaml), so another comment cannot be recorded; ask the secretariat to raise the limit for the next round, or reply to comments already recorded")
        #expect(folded.violation(planted[2])?.code == .overLimit)
        // Main's set.yaml (no limits: 2,000) does not govern the round; its opening's does.
        #expect(log.registry?.set.limits.commentsPerParticipant == 2_000)
        #expect(Round(id: round.id, events: events, registry: log.registry).refused.isEmpty)
    }

    @Test func aLargeImportRecordsEveryCommentOnce() throws {
        let fixture = try fixture(limits: "  comments-per-participant: 5000\n")
        let round = try fixture.open()
        let text = try RevisionText(workspace: fixture.workspace, commit: round.revision.commit, scope: round.procedures)
        let rows = (1...3_000).map { "Comment \($0): say who reports and by when." }
        // A form that repeats its own rows records each once.
        let data = form(rows + rows.prefix(100))
        let drafts = try CommentForm.read(data, path: "TT.csv", participant: "TT", round: round, text: text)
        #expect(drafts.count == 3_000)
        let added = try fixture.consultation.addComments(drafts, round: round.id, as: fixture.actor("TT"), now: fixture.at(1))
        #expect(added.map(\.number) == (1...3_000).map { "TT-\($0)" })

        let after = try fixture.consultation.log.round(round.id)
        #expect(after.comments.count == 3_000)
        #expect(try CommentForm.read(data, path: "TT.csv", participant: "TT", round: after, text: text).isEmpty)
        // The exported form, with every comment numbered and one new row, adds only that row.
        let exported = String(decoding: try CommentForm.export(after, text: text, participant: "TT"), as: UTF8.self)
        let edited = Data((exported + "\"TT\",\"\",\"SOP-004#scope\",\"\",\"\",\"te\",\"One more\",\"\",\"\"\r\n").utf8)
        #expect(try CommentForm.read(edited, path: "TT.csv", participant: "TT", round: after, text: text).map(\.text) == ["One more"])
    }

    @Test func repliesBeyondTheParticipantLimitAreRefused() throws {
        let fixture = try fixture(limits: "  replies-per-participant: 2\n")
        let round = try fixture.open()
        let comment = try #require(try fixture.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "Scope is too wide")], round: round.id, as: fixture.actor("TT"), now: fixture.at(1)).first)
        for index in 1...2 {
            _ = try fixture.consultation.reply(to: comment.number, round: round.id, text: "Reply \(index)", as: fixture.actor("TT"), now: fixture.at(Double(1 + index)))
        }
        let error = #expect(throws: SOPError.self) {
            try fixture.consultation.reply(to: comment.number, round: round.id, text: "Reply 3", as: fixture.actor("TT"), now: fixture.at(5))
        }
        #expect(error?.message == "TT has written 2 replies in this round and may write at most 2 (limits: replies-per-participant in set.yaml), so another reply cannot be recorded")
        _ = try fixture.consultation.reply(to: comment.number, round: round.id, text: "The secretariat answers", as: fixture.secretariat, now: fixture.at(6))
        #expect(try fixture.consultation.log.round(round.id).comment(comment.id)?.replies.map(\.text) == ["Reply 1", "Reply 2", "The secretariat answers"])
    }
}
