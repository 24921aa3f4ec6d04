import Foundation
import Git
import TestSupport
import Testing
@testable import SOPKit

/// An approval covers the whole text of each procedure in the round: front matter (but the
/// fields adoption writes), the preamble, and every heading with or without an ID.
@Suite struct WholeTextTests {
    static let states = ["BZ", "TT", "JM", "DO", "BS"]

    /// Opens a round, has every state approve, applies `change` to the draft, saves and
    /// revises; returns the positions that still count.
    func positionsAfterRevising(_ change: (String) -> String) throws -> [String: Position] {
        let fixture = try RoundWorkspace(keys: WholeTextTests.states)
        let round = try fixture.open()
        for code in WholeTextTests.states { try fixture.state(code, .approve, on: round.id) }
        try fixture.edit(change)
        let repository = fixture.workspace.repository
        // Committed directly, as a replica or a hand edit would: no lint stands in the way.
        try repository.updateReference("refs/heads/draft/maritime-2027", message: "edit") { parent in
            let text = try fixture.base.read(fixture.path)
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: fixture.path, blob: try repository.writeBlob(Data(text.utf8)))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "Edit", author: fixture.secretariat.author)
        }
        return try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(3)).currentPositions
    }

    static let preamble = "Most smuggling in the Caribbean moves by sea"

    /// Changes outside every `{#id}` section.
    enum Change: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case preamble, headingWithoutID, supersedes, title

        func applied(to text: String) -> String {
            switch self {
            case .preamble: text.replacingOccurrences(of: WholeTextTests.preamble, with: "Most smuggling in the Caribbean never moves by sea")
            case .headingWithoutID:
                text.replacingOccurrences(of: "## 1 Purpose {#purpose}", with: "## 0 Exceptions\n\nNone of this applies to vessels of member states.\n\n## 1 Purpose {#purpose}")
            case .supersedes: text.replacingOccurrences(of: "supersedes: []", with: "supersedes: [SOP-002]")
            case .title: text.replacingOccurrences(of: "title: Maritime Interception and Disembarkation", with: "title: Maritime Interception")
            }
        }

        var testDescription: String { rawValue }
    }

    @Test(arguments: Change.allCases)
    func aChangeAnywhereInTheFileEndsEveryApproval(_ change: Change) throws {
        let current = try positionsAfterRevising(change.applied(to:))
        #expect(current.isEmpty, "a change of \(change) carried approvals over: \(current.keys.sorted())")
    }

    @Test func rewrappingLinesOrTheFieldsAdoptionWritesKeepEveryApproval() throws {
        let current = try positionsAfterRevising { text in
            text.replacingOccurrences(of: "Most smuggling in the Caribbean moves by sea: in wooden sloops,", with: "Most smuggling in the Caribbean moves by sea:\nin wooden sloops,")
                .replacingOccurrences(of: "status: effective", with: "status: in-consultation")
        }
        #expect(current.keys.sorted() == WholeTextTests.states.sorted())
    }

    @Test func aTagMovedOntoAChangedPreambleFailsVerification() throws {
        let (fixture, _, result) = try RoundWorkspace.adopted(WholeTextTests.states)
        #expect(try Verification(fixture.workspace).tag(result.tag).ok)
        let repository = fixture.workspace.repository
        let message = try repository.tag("set/2027.1")!.message
        let changed = try repository.updateReference("refs/heads/main", message: "preamble") { parent in
            let text = String(decoding: try repository.file(at: fixture.path, inCommit: parent!)!, as: UTF8.self)
                .replacingOccurrences(of: WholeTextTests.preamble, with: "Smuggling by sea is not covered here; most smuggling in the Caribbean moves by sea")
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: fixture.path, blob: try repository.writeBlob(Data(text.utf8)))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "Preamble", author: fixture.secretariat.author)
        }!
        #expect(try Command("/usr/bin/git", ["-C", fixture.base.url.path, "tag", "-d", "set/2027.1"]).run().status == 0)
        try repository.createTag("set/2027.1", on: changed, message: message, tagger: fixture.secretariat.author)
        let report = try Verification(fixture.workspace).tag("set/2027.1")
        #expect(!report.ok)
        #expect(report.checks.contains { !$0.ok && $0.what == "the tagged text differs from the approved text in: SOP-004 (front matter, preamble, a heading without an ID or the order of its sections)" }, "\(report.checks.map(\.what))")
    }

    @Test func bodyLinesThatLookLikeAdoptionFieldsAreBound() throws {
        let text = """
            ---
            id: SOP-009
            title: Test
            version: "1.0"
            status: draft
            owner: secretariat
            ...

            status: This protocol binds all member states.

            ---

            ## 1 Purpose {#purpose}

            Text.
            """
        let procedure = try Procedure.parse(path: "Procedures/SOP-009-test.md", text: text)
        #expect(procedure.unsectionedText.contains("status: This protocol binds all member states."))
        #expect(!procedure.unsectionedText.contains("status: draft"))
        #expect(procedure.unsectionedText.contains("owner: secretariat"))
    }
}
