import ArgumentParser
import Foundation
import SOPKit

/// `--repo PATH`, shared by every command that works on a workspace.
struct RepositoryOptions: ParsableArguments {
    @Option(name: .long, help: "The workspace repository (default: the one containing the current folder).")
    var repo: String?

    func workspace() throws -> Workspace { try Workspace.open(repo) }
}

/// `--json`, for commands whose output is data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text (keys are listed in the README).")
    var json = false
}
