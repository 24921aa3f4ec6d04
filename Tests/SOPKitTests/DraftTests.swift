import Foundation
import Git
import Testing
@testable import SOPKit

@Suite struct DraftTests {
    let author = Signature(name: "Drafter", email: "d@example.org")

    @Test func saveCommitsOnlyProceduresAndTemplates() throws {
        let workspace = try TemporaryWorkspace()
        let drafts = Drafts(workspace.workspace)
        _ = try drafts.start("maritime-2027")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try workspace.write(path, try workspace.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        try workspace.write("notes.txt", "not part of the set")
        try FileManager.default.removeItem(at: workspace.url.appendingPathComponent("Procedures/SOP-007-smuggling-investigations.md"))
        let commit = try drafts.save(message: "Tighten reporting", author: author)
        let repository = workspace.workspace.repository
        #expect(try repository.headBranch() == "refs/heads/draft/maritime-2027")
        #expect(try String(decoding: repository.file(at: path, inCommit: commit.id)!, as: UTF8.self).contains("within one hour"))
        #expect(try repository.file(at: "notes.txt", inCommit: commit.id) == nil)
        #expect(try repository.file(at: "Procedures/SOP-007-smuggling-investigations.md", inCommit: commit.id) == nil)
        let again = #expect(throws: SOPError.self) { try drafts.save(message: "again", author: author) }
        #expect(again?.code == .nothingToSave)
        #expect(try drafts.list().map(\.name) == ["maritime-2027"])
    }

    @Test func saveOnMainIsRefused() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("Procedures/SOP-001-regional-framework.md", "changed")
        let error = #expect(throws: SOPError.self) { try Drafts(workspace.workspace).save(message: "m", author: author) }
        #expect(error?.message.contains("not a draft") == true)
    }

    @Test func badDraftNamesAreRefused() throws {
        let workspace = try TemporaryWorkspace()
        for name in ["", "../x", "a b", "-x", "x..y", "ä"] {
            #expect(throws: SOPError.self) { try Drafts(workspace.workspace).start(name) }
        }
        #expect(try workspace.workspace.repository.references(matching: "refs/heads/draft/*").isEmpty)
    }

    @Test func switchKeepsUnsavedWorkSafe() throws {
        let workspace = try TemporaryWorkspace()
        let drafts = Drafts(workspace.workspace)
        _ = try drafts.start("a")
        let path = "Procedures/SOP-002-border-interview.md"
        let original = try workspace.read(path)
        try workspace.write(path, original + "\nSaved on a.\n")
        _ = try drafts.save(message: "on a", author: author)
        _ = try drafts.switchTo("main")
        #expect(try workspace.read(path) == original)
        try workspace.write(path, original + "\nunsaved\n")
        let error = #expect(throws: SOPError.self) { try drafts.switchTo("a") }
        #expect(error?.code == .conflict)
        #expect(try workspace.read(path) == original + "\nunsaved\n")
    }
}
