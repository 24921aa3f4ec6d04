import Foundation
import Git
import Testing

@Suite struct HistoryAndDiffTests {
    @Test func historyOfOneFileFollowsRenames() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let body = (1...40).map { "Line \($0) of the procedure text." }.joined(separator: "\n")
        try repository.commitFiles(["P/old.md": body], message: "add")
        try repository.commitFiles(["other.md": "unrelated"], message: "other")
        try repository.commitFiles(["P/old.md": body + "\nmore"], message: "edit")
        try repository.commitFiles(["P/old.md": nil, "P/new.md": body + "\nmore"], message: "rename")
        try repository.commitFiles(["P/new.md": body + "\nmore\nagain"], message: "edit again")
        let history = try repository.history(of: "P/new.md", from: try repository.head()!)
        #expect(history.map(\.commit.summary) == ["edit again", "rename", "edit", "add"])
        #expect(history[1].change == .renamed(from: "P/old.md"))
        #expect(history.last?.path == "P/old.md")
        let gitLog = try scratch.git("log", "--follow", "--format=%s", "--", "P/new.md").output
        #expect(gitLog == "edit again\nrename\nedit\nadd\n")
    }

    @Test func treeDiffDetectsRenames() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let body = (1...30).map { "Paragraph \($0)." }.joined(separator: "\n")
        let a = try repository.commitFiles(["x.md": body, "y.md": "y"], message: "a")
        let b = try repository.commitFiles(["x.md": nil, "z.md": body, "y.md": "y2"], message: "b")
        let deltas = try repository.diff(from: repository.commit(a).tree, to: repository.commit(b).tree, detectRenames: true)
        #expect(deltas.contains { $0.status == .renamed && $0.oldPath == "x.md" && $0.newPath == "z.md" })
        #expect(deltas.contains { $0.status == .modified && $0.newPath == "y.md" })
    }

    @Test func lineDiffOfTwoTexts() throws {
        let lines = try Repository.diffLines(Data("a\nb\nc\n".utf8), Data("a\nB\nc\nd\n".utf8))
        #expect(lines.filter { $0.origin == .removed }.map(\.text) == ["b\n"])
        #expect(lines.filter { $0.origin == .added }.map(\.text) == ["B\n", "d\n"])
        #expect(lines.first { $0.origin == .added }?.newLine == 2)
    }

    @Test func lastChangesWalksHistoryOnce() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        try repository.commitFiles(["P/a": "1", "P/b": "1"], message: "both")
        try repository.commitFiles(["P/a": "2"], message: "a again")
        let changes = try repository.lastChanges(under: "P", from: try repository.head()!)
        #expect(changes["P/a"]?.summary == "a again")
        #expect(changes["P/b"]?.summary == "both")
    }

    @Test func checkoutRefusesToOverwriteUnsavedWork() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a.md": "one\n"], message: "1")
        try repository.checkout(first)
        try repository.commitFiles(["a.md": "two\n"], on: "refs/heads/other", message: "2")
        try "edited by hand\n".write(to: scratch.url.appendingPathComponent("a.md"), atomically: true, encoding: .utf8)
        let other = try repository.reference("refs/heads/other")!
        #expect(throws: GitError.self) { try repository.checkout(other) }
        #expect(try String(contentsOf: scratch.url.appendingPathComponent("a.md"), encoding: .utf8) == "edited by hand\n")
    }
}
