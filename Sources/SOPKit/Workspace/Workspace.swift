import Foundation
import Git

/// A git repository that holds a protocol set: `Procedures/` and `Templates/` on its branches.
public final class Workspace {
    public static let proceduresDirectory = "Procedures"
    public static let templatesDirectory = "Templates"

    public let repository: Repository
    /// The work tree's root; nil for a bare repository (which is read through commits only).
    public let root: URL?

    public init(repository: Repository) {
        self.repository = repository
        root = repository.workdir.map { URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL }
    }

    /// Opens the repository at or above `path` (default: the current directory).
    public static func open(_ path: String? = nil) throws -> Workspace {
        let start = path ?? FileManager.default.currentDirectoryPath
        guard FileManager.default.fileExists(atPath: start) else {
            throw SOPError(.notAWorkspace, "\(start) does not exist", hint: "pass --repo with the path of a workspace")
        }
        do {
            return Workspace(repository: try Repository.discover(from: start))
        } catch let error as GitError where error.code == .notFound {
            throw SOPError(
                .notAWorkspace, "not inside a git repository (searched \(start) and the folders above it)",
                hint: "run `sop init PATH --sample` to create a workspace, or pass --repo PATH")
        }
    }

    /// The work tree, or an error for a bare repository.
    public func worktree() throws -> WorktreeSource {
        guard let root else {
            throw SOPError(.invalidArgument, "\(repository.gitDirectory) is a bare repository and has no work tree", hint: "run this command in a clone with a work tree")
        }
        return WorktreeSource(root: root)
    }

    /// The files of a revision, or the work tree when `revision` is nil (HEAD in a bare repository).
    public func source(at revision: String?) throws -> FileSource {
        if let revision { return try commitSource(revision) }
        if root != nil { return try worktree() }
        guard try repository.head() != nil else {
            throw SOPError(.notFound, "\(repository.gitDirectory) has no commits yet", hint: "push or sync a protocol set into it first")
        }
        return try commitSource("HEAD")
    }

    public func commitSource(_ revision: String) throws -> CommitSource {
        let commit: ObjectID
        do {
            commit = try repository.resolveCommit(revision)
        } catch let error as GitError {
            throw SOPError(
                .notFound, "unknown revision '\(revision)': \(error.message)",
                hint: "use a branch (main, draft/NAME), a tag (set/2027.1) or a commit id; `sop history ID` lists commits")
        }
        return try CommitSource(repository: repository, commit: commit, name: revision)
    }

    /// The workspace-relative path a command argument names: a procedure ID (`SOP-004`) looked
    /// up in `source`, or a file path that must lie inside the work tree.
    public func path(for argument: String, in source: FileSource) throws -> String {
        if Metadata.isProcedureID(argument) {
            let matches = try source.files(in: Workspace.proceduresDirectory).filter {
                Procedure.idPrefix(ofFile: $0) == argument && $0.hasSuffix(".md")
            }
            guard let match = matches.first else {
                throw SOPError(
                    .notFound, "no procedure \(argument) in \(Workspace.proceduresDirectory)/ (\(source.name))",
                    hint: "`sop list` shows the procedures there")
            }
            return match
        }
        let path = try relativePath(argument)
        guard try source.contains(path) else {
            if argument.uppercased().hasPrefix("SOP") {
                throw SOPError(
                    .invalidArgument, "'\(argument)' is neither a procedure ID nor a file in the workspace",
                    hint: "procedure IDs look like SOP-004; `sop list` shows them")
            }
            throw SOPError(.notFound, "no file \(path) in \(source.name)")
        }
        return path
    }

    /// A user-given file path made relative to the work tree root, refusing paths that leave it.
    public func relativePath(_ argument: String) throws -> String {
        guard !argument.isEmpty, !argument.contains("\0") else {
            throw SOPError(.invalidArgument, "empty path")
        }
        let base = root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let absolute = (argument.hasPrefix("/") ? URL(fileURLWithPath: argument) : cwd.appendingPathComponent(argument))
            .standardizedFileURL.resolvingSymlinksInPath()
        let rootPath = base.resolvingSymlinksInPath().path
        let full = absolute.path
        guard full.hasPrefix(rootPath + "/") else {
            throw SOPError(
                .outsideWorkspace, "'\(argument)' is outside the workspace \(rootPath)",
                hint: "name a file inside the workspace, or pass --repo with the repository that contains it")
        }
        return String(full.dropFirst(rootPath.count + 1))
    }
}
