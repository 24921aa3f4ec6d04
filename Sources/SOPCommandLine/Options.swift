import ArgumentParser
import Foundation
import SOPKit

/// `--repo PATH`, shared by every command that works on a workspace.
public struct RepositoryOptions: ParsableArguments {
    public init() {}

    @Option(name: .long, help: "The workspace repository (default: the one containing the current folder).")
    public var repo: String?

    public func workspace() throws -> Workspace { try Workspace.open(repo) }
}

/// `--json`, for commands whose output is data.
public struct OutputOptions: ParsableArguments {
    public init() {}

    @Flag(name: .long, help: "Print JSON instead of text (keys are listed in the README).")
    public var json = false
}

/// `--as CODE|secretariat` and `--author`, for commands that record events.
public struct ActorOptions: ParsableArguments {
    public init() {}

    @Option(name: .customLong("as"), help: "Whom you speak for: a participant code from set.yaml (TT) or 'secretariat' ('portal' too for keys).")
    public var participant: String

    @Option(help: "Who you are, as 'Name <email>' (default: GIT_AUTHOR_NAME/EMAIL, then git config).")
    public var author: String?

    /// The actor, with `--as` checked against the set.yaml of `commit` (HEAD when nil).
    public func actor(_ workspace: Workspace, at commit: String? = nil, allowingPortal: Bool = false) throws -> Actor {
        let consultation = Consultation(workspace)
        let set = try (commit.flatMap { try? consultation.protocolSet(at: $0) }) ?? consultation.protocolSet(at: "HEAD")
        let code = try Actor.check(participant, in: set, allowingPortal: allowingPortal)
        return Actor(participant: code, author: try Author.resolve(author, repository: workspace.repository))
    }
}
