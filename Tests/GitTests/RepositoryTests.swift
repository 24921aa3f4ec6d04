import Foundation
import Git
import Testing

@Suite struct RepositoryTests {
    @Test func createWriteAndReadBackAtAnyRevision() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        #expect(try repository.head() == nil)
        #expect(try repository.headBranch() == "refs/heads/main")
        let first = try repository.commitFiles(["Procedures/a.md": "one\n", "README.md": "hi\n"], message: "first")
        let second = try repository.commitFiles(["Procedures/a.md": "two\n", "README.md": nil], message: "second")
        #expect(try repository.file(at: "Procedures/a.md", inCommit: first) == Data("one\n".utf8))
        #expect(try repository.file(at: "Procedures/a.md", inCommit: second) == Data("two\n".utf8))
        #expect(try repository.file(at: "README.md", inCommit: second) == nil)
        #expect(try repository.resolveCommit("main~1") == first)
        #expect(try repository.commit(second).parents == [first])
        #expect(try repository.commit(second).author.name == "Test Drafter")
        #expect(try scratch.git("fsck", "--strict").status == 0)
        #expect(try scratch.git("log", "--format=%s", "main").output == "second\nfirst\n")
    }

    @Test func bareRepositoryHasNoWorkTree() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path, bare: true)
        #expect(repository.isBare)
        #expect(repository.workdir == nil)
        try repository.commitFiles(["x": "y"], message: "in bare")
        #expect(try Repository.open(at: scratch.path).head() != nil)
    }

    @Test func errorsCarryLibgit2CodeClassAndMessage() throws {
        let scratch = try Scratch()
        let error = #expect(throws: GitError.self) {
            try Repository.open(at: scratch.url.appendingPathComponent("missing").path)
        }
        #expect(error?.code == .notFound)
        #expect(error?.errorClass != 0)
        #expect(error?.message.isEmpty == false)
        let repository = try Repository.create(at: scratch.path)
        let bad = #expect(throws: GitError.self) { try repository.resolveCommit("no-such-branch") }
        #expect(bad?.code == .notFound)
    }

    @Test func discoverFindsTheEnclosingRepository() throws {
        let scratch = try Scratch()
        _ = try Repository.create(at: scratch.path)
        let nested = scratch.url.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        let found = try Repository.discover(from: nested.path)
        #expect(found.workdir == scratch.url.resolvingSymlinksInPath().path)
    }
}
