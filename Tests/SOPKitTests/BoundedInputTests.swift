import Foundation
import Git
import Testing
@testable import SOPKit

/// What a replica can put into a round (clocks, sizes, nesting) is bounded where events are
/// read, so no event can make a later write overflow or a reader exhaust memory or stack.
@Suite struct BoundedInputTests {
    /// A comment by TT with the given clock, unsigned (TT has no registered key in the fixture).
    func comment(_ fixture: RoundWorkspace, _ round: Round, clock: Int) -> Event {
        Event(
            kind: .commentAdded, round: round.id, participant: "TT", author: "Focal point TT <tt@example.org>", at: fixture.at(1),
            clock: clock, payload: ["number": "TT-9", "procedure": "SOP-004", "section": "scope", "type": "ge", "text": "Planted", "revision": .string(round.revision.commit)])
    }

    /// Adds raw files to the round's ref, as a sync from a replica would.
    func plant(_ files: [String: Data], in fixture: RoundWorkspace, round: Round) throws {
        let repository = fixture.workspace.repository
        try repository.updateReference(Round.reference(round.id), message: "planted") { parent in
            let base = try parent.map { try repository.commit($0).tree }
            let changes = try files.map { TreeChange.write(path: $0.key, blob: try repository.writeBlob($0.value)) }
            let tree = try repository.updateTree(base, applying: changes)
            return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: "planted", author: fixture.secretariat.author)
        }
    }

    func malformed(_ fixture: RoundWorkspace, _ round: Round) throws -> [String: String] {
        let repository = fixture.workspace.repository
        let head = try #require(try repository.reference(Round.reference(round.id)))
        return try EventLog(repository: repository, cached: false).load(head).malformed
    }

    @Test(arguments: [Int.max, Event.maximumClock + 1])
    func aClockBeyondTheLimitIsRefusedOnRead(clock: Int) throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let event = comment(fixture, round, clock: clock)
        let error = #expect(throws: SOPError.self) { try Event(json: event.json, path: event.path) }
        #expect(error?.code == .invalidFile)
        #expect(error?.message == "malformed event: its clock \(clock) exceeds the largest allowed, \(Event.maximumClock)")
        #expect(Event(checked: event.body) == nil)
        #expect(throws: SOPError.self) { try event.signed(with: KeyPair.generate(participant: "TT", name: "Official TT", role: nil)) }
    }

    @Test func aRoundHoldingAnEventWithClockIntMaxStillTakesComments() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let planted = comment(fixture, round, clock: Int.max)
        try plant([planted.path: planted.json], in: fixture, round: round)
        #expect(try malformed(fixture, round)[planted.path]?.contains("exceeds the largest allowed") == true)

        let added = try fixture.consultation.addComments(
            [CommentDraft(section: "scope", type: .ge, text: "After the planted event")], round: round.id, as: fixture.actor("JM"), now: fixture.at(2))
        #expect(added.map(\.number) == ["JM-1"])
        let state = try fixture.consultation.log.round(round.id)
        #expect(state.clock < 10)
        #expect(state.comments.map(\.text) == ["After the planted event"])
    }

    @Test func aClockThatJumpsFarAheadIsRefusedAndTheRoundGoesOn() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let planted = comment(fixture, round, clock: Event.maximumClock)
        try plant([planted.path: planted.json], in: fixture, round: round)
        let folded = try fixture.consultation.log.round(round.id)
        #expect(folded.clock == 1)
        #expect(folded.refused.first { $0.event.id == planted.id }?.reason == "its clock \(Event.maximumClock) jumps more than \(Round.maximumClockStep) past the round's highest, 1")
        let added = try fixture.consultation.addComments(
            [CommentDraft(section: "scope", type: .ge, text: "Next")], round: round.id, as: fixture.actor("JM"), now: fixture.at(2))
        #expect(added.map(\.number) == ["JM-1"])
        #expect(throws: SOPError.self) { try Event.clock(after: Int.max, index: 0, round: round.id) }
        #expect(try Event.clock(after: 41, index: 2, round: round.id) == 44)
    }

    @Test func anOversizedEventBlobIsMalformedWithoutBeingParsed() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        // Deeply nested brackets: parsed, they would fail with "nested too deeply", not the size.
        let path = Event.path(for: String(repeating: "ab", count: 32))
        try plant([path: Data(repeating: UInt8(ascii: "["), count: Event.maximumSize + 1)], in: fixture, round: round)

        let repository = fixture.workspace.repository
        let head = try #require(try repository.reference(Round.reference(round.id)))
        let entry = try #require(try repository.entry(at: path, inTree: try repository.commit(head).tree))
        #expect(try repository.objectSize(entry.id) == Event.maximumSize + 1)
        #expect(try repository.blobSize(entry.id) == Event.maximumSize + 1)
        #expect(try malformed(fixture, round)[path] == "malformed event: \(Event.maximumSize + 1) bytes, more than the largest allowed, \(Event.maximumSize)")
        #expect(try fixture.consultation.log.round(round.id).isOpened)

        let error = #expect(throws: SOPError.self) { try Event(json: Data(count: Event.maximumSize + 1), path: path) }
        #expect(error?.message.contains("more than the largest allowed") == true)
    }

    @Test func aBlobSizeOfATreeIsAnError() throws {
        let fixture = try RoundWorkspace()
        let repository = fixture.workspace.repository
        let tree = try repository.commit(try #require(try repository.reference("refs/heads/main"))).tree
        #expect(try repository.objectSize(tree) > 0)
        #expect(throws: GitError.self) { try repository.blobSize(tree) }
    }

    @Test func jsonNestedTenThousandDeepIsRefusedCleanly() throws {
        for (open, close) in [("[", "]"), ("{\"a\":", "}")] {
            let text = String(repeating: open, count: 10_000) + "1" + String(repeating: close, count: 10_000)
            let failure = #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(text.utf8)) }
            #expect(failure?.reason == "nested too deeply")
        }
        let event = "{\"id\":\"x\",\"payload\":" + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "}"
        let error = #expect(throws: SOPError.self) { try Event(json: Data(event.utf8), path: "events/ab/x.json") }
        #expect(error?.message.hasPrefix("malformed event: nested too deeply at byte") == true)
    }
}
