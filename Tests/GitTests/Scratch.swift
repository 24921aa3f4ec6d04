import Foundation
import Git
import TestSupport

/// A temporary folder removed when the test is done.
final class Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sop-git-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    /// Runs the `git` CLI to look at a repository from the outside.
    @discardableResult
    func git(_ arguments: String...) throws -> (status: Int32, output: String) {
        let result = try Command("/usr/bin/git", ["-C", path] + arguments).run()
        return (result.status, result.output)
    }
}

let tester = Signature(name: "Test Drafter", email: "drafter@example.org", date: Date(timeIntervalSince1970: 1_800_000_000))

extension Repository {
    /// Commits `files` on top of `parent` and moves `branch` there.
    @discardableResult
    func commitFiles(_ files: [String: String?], on branch: String = "refs/heads/main", message: String) throws -> ObjectID {
        try updateReference(branch, message: message) { parent in
            let base = try parent.map { try self.commit($0).tree }
            let changes = try files.sorted { $0.key < $1.key }.map { path, text -> TreeChange in
                guard let text else { return .remove(path: path) }
                return .write(path: path, blob: try writeBlob(Data(text.utf8)))
            }
            let tree = try updateTree(base, applying: changes)
            return try createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: tester)
        }!
    }
}
