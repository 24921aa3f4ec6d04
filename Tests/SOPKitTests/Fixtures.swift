import Foundation
import Git
@testable import SOPKit

/// A throwaway workspace made by `Workspace.create`, removed after the test.
final class TemporaryWorkspace {
    let url: URL
    let workspace: Workspace

    init(sample: Bool = true) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sop-kit-\(UUID().uuidString)")
        workspace = try Workspace.create(at: url.path, sample: sample, author: Signature(name: "Test", email: "test@example.org")).0
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ path: String, _ text: String) throws {
        let target = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(path), encoding: .utf8)
    }

    func lint() throws -> [Diagnostic] {
        Linter.lint(try Snapshot.load(from: workspace.worktree()))
    }
}

/// A small valid procedure whose pieces a test can replace.
func procedure(
    id: String = "SOP-010", frontMatter: String? = nil, body: String? = nil
) -> String {
    let front = frontMatter ?? """
        id: \(id)
        title: Test Procedure
        version: "1.0"
        status: draft
        owner: TT
        language: en
        """
    let text = body ?? """
        ## 1 Purpose {#purpose}

        Text.

        ## 2 Scope {#scope}

        ## 3 Definitions {#definitions}

        ## 4 Responsibilities {#responsibilities}

        ## 5 Procedure {#procedure}

        ### 5.1 Screening {#screening}

        See [SOP-004 §5.7](SOP-004-maritime-interception.md#screening) and [§5.1](#screening).

        ## 6 Records {#records}

        ## 7 References {#references}
        """
    return "---\n\(front)\n---\n\n\(text)\n"
}
