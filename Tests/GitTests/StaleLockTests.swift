import Foundation
import Git
import Testing

/// A lock file a killed process left behind is removed once it is older than any live libgit2
/// update; a fresh one is left for its writer.
@Suite struct StaleLockTests {
    func lock(_ path: String, age: TimeInterval) throws {
        FileManager.default.createFile(atPath: path, contents: Data("0000000000000000000000000000000000000000\n".utf8))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
    }

    @Test func aStaleReferenceLockIsRemovedAndAFreshOneKept() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a.txt": "one"], message: "one")
        let lockPath = repository.gitDirectory + "/refs/heads/main.lock"

        try lock(lockPath, age: 2)
        let second = try repository.commitFiles(["a.txt": "two"], on: "refs/heads/side", message: "two")
        let error = #expect(throws: GitError.self) {
            try repository.setReference("refs/heads/main", to: second, expecting: first, message: "move")
        }
        #expect(error?.code == .locked)
        #expect(FileManager.default.fileExists(atPath: lockPath))
        #expect(try repository.reference("refs/heads/main") == first)

        try lock(lockPath, age: 120)
        try repository.setReference("refs/heads/main", to: second, expecting: first, message: "move")
        #expect(try repository.reference("refs/heads/main") == second)
        #expect(!FileManager.default.fileExists(atPath: lockPath))
        #expect(try scratch.git("fsck", "--full").status == 0)
    }

    @Test func aStalePackedRefsLockDoesNotBlockTagsOrDeletes() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a.txt": "one"], message: "one")
        try scratch.git("pack-refs", "--all")
        try lock(repository.gitDirectory + "/packed-refs.lock", age: 120)
        try repository.createTag("set/2027.1", on: first, message: "record", tagger: tester)
        try lock(repository.gitDirectory + "/packed-refs.lock", age: 120)
        try repository.deleteReference("refs/heads/main", expecting: first)
        #expect(try scratch.git("show-ref", "--verify", "refs/heads/main").status != 0)
        #expect(try Repository.open(at: scratch.path).reference("refs/heads/main") == nil)
        #expect(try repository.tag("set/2027.1")?.target == first)
    }

    @Test func deletingAReferenceThatMovedIsRefused() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a.txt": "one"], message: "one")
        let second = try repository.commitFiles(["a.txt": "two"], message: "two")
        let error = #expect(throws: GitError.self) { try repository.deleteReference("refs/heads/main", expecting: first) }
        #expect(error?.isRace == true)
        #expect(try repository.reference("refs/heads/main") == second)
        try repository.deleteReference("refs/heads/gone", expecting: first)
    }

    @Test(arguments: [false, true])
    func aStaleLockInAPathRemoteIsRemovedByThePush(fileURL: Bool) throws {
        let scratch = try Scratch()
        let server = try Repository.create(at: scratch.path + "/server.git", bare: true)
        let local = try Repository.create(at: scratch.path + "/local")
        let commit = try local.commitFiles(["a.txt": "one"], on: "refs/sop/rounds/r-1", message: "one")
        try local.addRemote("origin", url: fileURL ? "file://" + scratch.path + "/server.git" : scratch.path + "/server.git")
        try FileManager.default.createDirectory(atPath: server.gitDirectory + "/refs/sop/rounds", withIntermediateDirectories: true)
        let lockPath = server.gitDirectory + "/refs/sop/rounds/r-1.lock"

        try lock(lockPath, age: 1)
        let refused = try? local.push(remote: "origin", refspecs: ["refs/sop/rounds/r-1:refs/sop/rounds/r-1"])
        #expect(refused.map { !$0.rejected.isEmpty } ?? true)
        #expect(try server.reference("refs/sop/rounds/r-1") == nil)
        #expect(FileManager.default.fileExists(atPath: lockPath))

        try lock(lockPath, age: 120)
        let report = try local.push(remote: "origin", refspecs: ["refs/sop/rounds/r-1:refs/sop/rounds/r-1"])
        #expect(report.rejected.isEmpty)
        #expect(try server.reference("refs/sop/rounds/r-1") == commit)
        #expect(!FileManager.default.fileExists(atPath: lockPath))
    }

    @Test func aStaleIndexLockDoesNotBlockTheIndex() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a.txt": "one"], message: "one")
        try lock(repository.gitDirectory + "/index.lock", age: 120)
        try repository.resetIndex(to: first)
        #expect(try scratch.git("ls-files").output == "a.txt\n")
    }
}
