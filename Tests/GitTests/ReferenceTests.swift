import Foundation
import Git
import Testing

@Suite struct ReferenceTests {
    @Test func compareAndSwapRefusesAStaleExpectation() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let first = try repository.commitFiles(["a": "1"], message: "1")
        let second = try repository.commitFiles(["a": "2"], message: "2")
        let error = #expect(throws: GitError.self) {
            try repository.setReference("refs/heads/main", to: first, expecting: first, message: "stale")
        }
        #expect(error?.isRace == true)
        #expect(try repository.reference("refs/heads/main") == second)
        let exists = #expect(throws: GitError.self) {
            try repository.setReference("refs/heads/main", to: first, expecting: nil, message: "create")
        }
        #expect(exists?.code == .exists)
    }

    @Test func concurrentWritersLoseNoCommit() async throws {
        let scratch = try Scratch()
        _ = try Repository.create(at: scratch.path).commitFiles(["seed": "0"], message: "seed")
        let path = scratch.path
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<6 {
                group.addTask {
                    let repository = try Repository.open(at: path)
                    for index in 0..<15 {
                        try repository.commitFiles(["w\(writer)/\(index)": "\(writer)-\(index)"], message: "w\(writer) \(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try scratch.git("rev-list", "--count", "main").output == "91\n")
        let files = try scratch.git("ls-tree", "-r", "--name-only", "main").output.split(separator: "\n")
        #expect(files.count == 91)
        #expect(try scratch.git("fsck", "--strict").status == 0)
    }

    @Test func listsBranchesByGlobAndMovesHead() throws {
        let scratch = try Scratch()
        let repository = try Repository.create(at: scratch.path)
        let head = try repository.commitFiles(["a": "1"], message: "1")
        try repository.setReference("refs/heads/draft/b", to: head, expecting: nil, message: "b")
        try repository.setReference("refs/heads/draft/a", to: head, expecting: nil, message: "a")
        #expect(try repository.references(matching: "refs/heads/draft/*").map(\.name) == ["refs/heads/draft/a", "refs/heads/draft/b"])
        try repository.setHead("refs/heads/draft/a")
        #expect(try scratch.git("symbolic-ref", "HEAD").output == "refs/heads/draft/a\n")
        #expect(Repository.isValidReferenceName("refs/heads/draft/ok-1"))
        #expect(!Repository.isValidReferenceName("refs/heads/draft/..bad"))
    }
}
