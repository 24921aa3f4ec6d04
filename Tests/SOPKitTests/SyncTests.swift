import Foundation
import Git
import TestSupport
import Testing
@testable import SOPKit

/// Sync between two repositories through a bare "regional server", at the library level.
@Suite struct SyncTests {
    func git(_ arguments: String...) throws {
        let result = try Command("/usr/bin/git", arguments).run()
        #expect(result.status == 0, "git \(arguments): \(result.output)")
    }

    /// Capital A opens a round and publishes it; capital B clones the server and syncs.
    func twoCapitals() throws -> (a: RoundWorkspace, b: Workspace, server: URL, round: String) {
        let a = try RoundWorkspace()
        let round = try a.open()
        let server = a.base.url.appendingPathExtension("server.git")
        try git("init", "-q", "--bare", server.path)
        let sync = Sync(a.workspace, now: RoundWorkspace.syncClock)
        try sync.addRemote("regional", url: server.path)
        try git("-C", a.base.url.path, "push", "-q", server.path, "main")
        _ = try sync.sync("regional")
        let bURL = a.base.url.appendingPathExtension("b")
        try git("clone", "-q", "-b", "main", server.path, bURL.path)
        let b = Workspace(repository: try Repository.open(at: bURL.path))
        let report = try Sync(b, now: RoundWorkspace.syncClock).sync("origin")
        #expect(report.arrivedEvents[round.id] == 1)
        #expect(report.arrivedDrafts == ["draft/maritime-2027"])
        #expect(report.arrivedKeyChanges == 1)
        return (a, b, server, round.id)
    }

    @Test func commentsMadeOfflineConvergeInEitherOrder() throws {
        let (a, b, server, round) = try twoCapitals()
        defer { [server, b.root!].forEach { try? FileManager.default.removeItem(at: $0) } }
        let consultationB = Consultation(b)
        try a.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "From A")], round: round, as: a.actor("TT"), now: a.at(1))
        try consultationB.addComments([CommentDraft(section: "scope", type: .te, text: "From B")], round: round, as: a.actor("JM"), now: a.at(1))
        _ = try Sync(b, now: RoundWorkspace.syncClock).sync("origin")
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        _ = try Sync(b, now: RoundWorkspace.syncClock).sync("origin")
        let stateA = try a.consultation.log.round(round)
        let stateB = try consultationB.log.round(round)
        #expect(stateA.comments.map(\.id).sorted() == stateB.comments.map(\.id).sorted())
        #expect(stateA.comments.count == 2)
        #expect(stateA.comments == stateB.comments)
    }

    @Test func numbersGivenTwiceOfflineAreToldApartTheSameWayEverywhere() throws {
        let (a, b, server, round) = try twoCapitals()
        defer { [server, b.root!].forEach { try? FileManager.default.removeItem(at: $0) } }
        try a.consultation.addComments([CommentDraft(section: "scope", type: .ge, text: "From the capital")], round: round, as: a.actor("TT"), now: a.at(1))
        try Consultation(b).addComments([CommentDraft(section: "scope", type: .ge, text: "From the embassy")], round: round, as: a.actor("TT"), now: a.at(1))
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        _ = try Sync(b, now: RoundWorkspace.syncClock).sync("origin")
        _ = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        let numbersA = try a.consultation.log.round(round).comments.map(\.number)
        let numbersB = try Consultation(b).log.round(round).comments.map(\.number)
        #expect(numbersA.sorted() == ["TT-1", "TT-1a"])
        #expect(numbersA == numbersB)
        let (_, found) = try a.consultation.findComment("TT-1a", round: round)
        #expect(found.number == "TT-1a")
    }

    @Test func eventsThatBreakTheRulesAreRefused() throws {
        let (a, b, server, round) = try twoCapitals()
        defer { [server, b.root!].forEach { try? FileManager.default.removeItem(at: $0) } }
        let repository = b.repository
        let reference = Round.reference(round)
        let log = EventLog(repository: repository)
        let state = try log.round(round)
        let commit = state.revision.commit
        func comment(_ participant: String, clock: Int, text: String = "x") -> Event {
            Event(
                kind: .commentAdded, round: round, participant: participant, author: "X <x@example.org>", at: a.at(1), clock: clock,
                payload: ["number": .string("\(participant)-1"), "revision": .string(commit), "procedure": "SOP-004", "section": "scope", "type": "ge", "text": .string(text)])
        }
        let closing = Event(kind: .roundClosed, round: round, participant: "TT", author: "X <x@example.org>", at: a.at(1), clock: 2, payload: [:])
        let uninvited = comment("HT", clock: 2)
        let noSection = Event(
            kind: .commentAdded, round: round, participant: "TT", author: "X <x@example.org>", at: a.at(1), clock: 2,
            payload: ["number": "TT-1", "revision": .string(commit), "procedure": "SOP-004", "section": "nowhere", "type": "ge", "text": "x"])
        let good = comment("BZ", clock: 2, text: "fine")
        let otherRound = Event(kind: .roundClosed, round: "elsewhere-1", participant: "secretariat", author: "X <x@example.org>", at: a.at(1), clock: 2, payload: [:])
        var files: [TreeChange] = []
        for event in [closing, uninvited, noSection, good] {
            files.append(.write(path: event.path, blob: try repository.writeBlob(event.json)))
        }
        files.append(.write(path: otherRound.path, blob: try repository.writeBlob(otherRound.json)))
        files.append(.write(path: "events/ff/ffff.json", blob: try repository.writeBlob(Data("not json".utf8))))
        try repository.updateReference(reference, message: "forged") { parent in
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: files)
            return try repository.createCommit(tree: tree, parents: [parent!], message: "forged", author: Signature(name: "X", email: "x@example.org"))
        }
        try git("-C", b.root!.path, "push", "-q", "-f", server.path, "\(reference):\(reference)")

        let report = try Sync(a.workspace, now: RoundWorkspace.syncClock).sync("regional")
        let reasons = Dictionary(report.refused.map { ($0.event, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons[closing.id] == "only the secretariat may record 'round-closed'")
        #expect(reasons[uninvited.id] == "HT is not invited to this round")
        #expect(reasons[noSection.id] == "no section SOP-004#nowhere in the revision it comments on")
        #expect(reasons[otherRound.id] == "event belongs to round 'elsewhere-1', not '\(round)'")
        #expect(reasons["events/ff/ffff.json"]?.contains("malformed event") == true)
        #expect(report.arrivedEvents[round] == 1)
        let merged = try a.consultation.log.round(round)
        #expect(merged.comments.map(\.text) == ["fine"])
        #expect(merged.state == .open)
        // What A sent back to the server no longer holds the refused files.
        let serverRepository = try Repository.open(at: server.path)
        let serverTree = try serverRepository.commit(try serverRepository.reference(reference)!).tree
        #expect(try serverRepository.entry(at: uninvited.path, inTree: serverTree) == nil)
        #expect(try serverRepository.entry(at: good.path, inTree: serverTree) != nil)
    }

    @Test func unreachableRemotesAreExplained() throws {
        let fixture = try RoundWorkspace()
        let sync = Sync(fixture.workspace, now: RoundWorkspace.syncClock)
        #expect(throws: SOPError.self) { try sync.sync(nil) }
        let missing = #expect(throws: SOPError.self) { try sync.addRemote("nowhere", url: "/no/such/repository.git") }
        #expect(missing?.message == "no repository at /no/such/repository.git")
        try sync.addRemote("plain", url: FileManager.default.temporaryDirectory.path)
        let error = #expect(throws: SOPError.self) { try sync.sync("plain") }
        #expect(error?.message.hasPrefix("cannot fetch from plain (\(FileManager.default.temporaryDirectory.path))") == true)
        #expect(throws: SOPError.self) { try sync.addRemote("plain", url: "/tmp") }
        #expect(throws: SOPError.self) { try sync.addRemote("bad name", url: "/x") }
    }
}
