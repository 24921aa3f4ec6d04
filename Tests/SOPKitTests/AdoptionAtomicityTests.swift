import Foundation
import Git
import Testing
@testable import SOPKit

/// Main and the `set/*` tag move together or not at all.
@Suite struct AdoptionAtomicityTests {
    /// A commit on `parent` that appends `line` to the file at `path`.
    func commit(_ repository: Repository, on parent: ObjectID, appending line: String, to path: String, author: Signature) throws -> ObjectID {
        let text = String(decoding: try #require(try repository.file(at: path, inCommit: parent)), as: UTF8.self) + line
        let tree = try repository.updateTree(try repository.commit(parent).tree, applying: [.write(path: path, blob: try repository.writeBlob(Data(text.utf8)))])
        return try repository.createCommit(tree: tree, parents: [parent], message: line, author: author)
    }

    @Test func whenMainMovedMeanwhileTheTagIsDeletedAndTheWorkTreePutBack() throws {
        let fixture = try RoundWorkspace()
        _ = try Drafts(fixture.workspace).switchTo("main")
        let repository = fixture.workspace.repository
        let before = try #require(try repository.reference("refs/heads/main"))
        let adoption = try commit(repository, on: before, appending: "\nAdopted text.\n", to: fixture.path, author: fixture.secretariat.author)
        // Another writer moves main while the adoption is being prepared.
        let other = "Procedures/SOP-001-regional-framework.md"
        let moved = try commit(repository, on: before, appending: "\nA note on main.\n", to: other, author: fixture.secretariat.author)
        try repository.checkout(moved)
        try repository.setReference("refs/heads/main", to: moved, expecting: before, message: "other writer")

        let error = #expect(throws: SOPError.self) {
            try Adoption(fixture.consultation).bringIntoForce(
                adoption, over: before, tag: "set/2027.9", record: Record(body: ["summary": "Test"]), tagger: fixture.secretariat.author,
                message: "adopt")
        }
        #expect(error?.code == .conflict)
        #expect(try repository.reference("refs/tags/set/2027.9") == nil)
        #expect(try repository.reference("refs/heads/main") == moved)
        #expect(try fixture.base.read(other).contains("A note on main."))
        #expect(try !fixture.base.read(fixture.path).contains("Adopted text."))
        #expect(try Adoption(fixture.consultation).finishInterrupted() == nil)
    }

    @Test func anExistingTagRefusesTheAdoptionWithNothingChanged() throws {
        let fixture = try RoundWorkspace()
        _ = try Drafts(fixture.workspace).switchTo("main")
        let repository = fixture.workspace.repository
        let before = try #require(try repository.reference("refs/heads/main"))
        try repository.createTag("set/2027.9", on: before, message: "taken", tagger: fixture.secretariat.author)
        let adoption = try commit(repository, on: before, appending: "\nAdopted text.\n", to: fixture.path, author: fixture.secretariat.author)

        let error = #expect(throws: SOPError.self) {
            try Adoption(fixture.consultation).bringIntoForce(
                adoption, over: before, tag: "set/2027.9", record: Record(body: ["summary": "Test"]), tagger: fixture.secretariat.author,
                message: "adopt")
        }
        #expect(error?.code == .exists)
        #expect(try repository.tag("set/2027.9")?.target == before)
        #expect(try repository.reference("refs/heads/main") == before)
        #expect(try !fixture.base.read(fixture.path).contains("Adopted text."))
    }
}
