import Foundation
import Testing
import TestSupport
@testable import Git

/// `histories(under:from:)` answers, for every file at once, what `history(of:from:)` answers
/// for one: on a history with edits, renames (a chain of them in one commit), a mode change and
/// a merge.
@Suite struct HistoriesTests {
    @Test func oneWalkAgreesWithAWalkPerFile() throws {
        let scratch = try Scratch()
        func git(_ arguments: [String]) throws {
            let result = try Command("/usr/bin/git", ["-C", scratch.path, "-c", "user.name=Test", "-c", "user.email=test@example.org"] + arguments).run()
            #expect(result.status == 0, "git \(arguments): \(result.output)")
        }
        func write(_ path: String, _ text: String) throws {
            let url = scratch.url.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        try git(["init", "-q", "-b", "main"])
        try write("docs/a.md", "alpha\n")
        try write("docs/b.md", "beta\n")
        try write("docs/c.md", "gamma\n")
        try git(["add", "-A"]); try git(["commit", "-qm", "three files"])
        try write("docs/a.md", "alpha 2\n")
        try git(["commit", "-qam", "edit a"])
        // A chain in one commit: b → d, a → b.
        try git(["mv", "docs/b.md", "docs/d.md"]); try git(["mv", "docs/a.md", "docs/b.md"])
        try git(["commit", "-qm", "chain of renames"])
        try git(["update-index", "--chmod=+x", "docs/c.md"]); try git(["commit", "-qm", "mode only"])
        try git(["checkout", "-qb", "side"])
        try write("docs/c.md", "gamma on the side\n")
        try git(["commit", "-qam", "side edit"])
        try git(["checkout", "-q", "main"])
        try write("docs/d.md", "beta on main\n")
        try git(["commit", "-qam", "main edit"])
        try git(["merge", "-q", "--no-edit", "side"])
        let repository = try Repository.open(at: scratch.url.path)
        let head = try #require(try repository.head())
        let all = try repository.histories(under: "docs", from: head)
        #expect(Set(all.keys) == ["docs/b.md", "docs/c.md", "docs/d.md"])
        for path in all.keys.sorted() {
            let one = try repository.history(of: path, from: head)
            #expect(all[path]!.map(\.commit.summary) == one.map(\.commit.summary), "\(path)")
            #expect(all[path]!.map(\.change) == one.map(\.change), "\(path)")
        }
        // b.md exists on both sides of the chain, so (without rewrite detection) it is an edit.
        #expect(all["docs/b.md"]!.map(\.commit.summary) == ["chain of renames", "three files"])
        #expect(all["docs/d.md"]!.map(\.change).first == .modified)
        #expect(all["docs/c.md"]!.map(\.commit.summary) == ["side edit", "three files"])
        let since = try repository.resolveCommit("HEAD~2")
        let changes = try repository.changes(under: "docs", from: head, since: since)
        #expect(Set(changes.keys) == ["docs/c.md", "docs/d.md"])
        #expect(changes["docs/d.md"]?.summary == "main edit")
    }
}
