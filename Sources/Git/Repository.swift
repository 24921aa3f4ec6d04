import CGit2
import Foundation

/// A git repository opened through libgit2, bare or with a work tree.
///
/// Not `Sendable`: libgit2 allows one repository object per thread. Open one per task instead.
public final class Repository {
    let handle: Handle
    var pointer: OpaquePointer { handle.pointer }

    private init(_ handle: Handle) { self.handle = handle }

    /// Opens the repository at exactly `path` (its work tree or its git directory).
    public static func open(at path: String) throws -> Repository {
        try open(path, flags: GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
    }

    /// Opens the repository that contains `path`, looking upwards as `git` does.
    public static func discover(from path: String) throws -> Repository {
        try open(path, flags: 0)
    }

    private static func open(_ path: String, flags: UInt32) throws -> Repository {
        _ = LibGit2.ready
        return Repository(
            try Handle.make("open repository at \(path)", free: git_repository_free) {
                git_repository_open_ext($0, path, flags, nil)
            })
    }

    /// Creates a new repository whose unborn HEAD points at `initialBranch`.
    public static func create(at path: String, bare: Bool = false, initialBranch: String = "main") throws -> Repository {
        _ = LibGit2.ready
        var options = git_repository_init_options()
        try check(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "prepare repository options")
        options.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | (bare ? GIT_REPOSITORY_INIT_BARE.rawValue : 0)
        return try initialBranch.withCString { head in
            options.initial_head = head
            return Repository(
                try Handle.make("create repository at \(path)", free: git_repository_free) {
                    git_repository_init_ext($0, path, &options)
                })
        }
    }

    /// The work tree's root, with a trailing slash removed; nil for a bare repository.
    public var workdir: String? {
        guard let path = git_repository_workdir(pointer) else { return nil }
        return Repository.trimmed(String(cString: path))
    }

    /// The `.git` directory (or the bare repository itself).
    public var gitDirectory: String { Repository.trimmed(String(cString: git_repository_path(pointer))) }

    public var isBare: Bool { git_repository_is_bare(pointer) == 1 }

    private static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// The branch HEAD points at (`refs/heads/main`), even before its first commit.
    public func headBranch() throws -> String? {
        let ref = try Handle.make("read HEAD", free: git_reference_free) { git_reference_lookup($0, pointer, "HEAD") }
        guard let target = git_reference_symbolic_target(ref.pointer) else { return nil }
        return String(cString: target)
    }

    /// The commit HEAD resolves to; nil while the current branch has no commit yet.
    public func head() throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, "HEAD")
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(result, "resolve HEAD")
        return ObjectID(oid)
    }

    /// Points HEAD at a branch (`refs/heads/NAME`) without touching the work tree.
    public func setHead(_ reference: String) throws {
        try check(git_repository_set_head(pointer, reference), "point HEAD at \(reference)")
    }

    /// Resolves any revision expression (`main`, `HEAD~2`, `set/2027.1`, a hex id) to a commit.
    public func resolveCommit(_ revision: String) throws -> ObjectID {
        let object = try Handle.make("find revision '\(revision)'", free: git_object_free) {
            git_revparse_single($0, pointer, revision)
        }
        let commit = try Handle.make("'\(revision)' is not a commit", free: git_object_free) {
            git_object_peel($0, object.pointer, GIT_OBJECT_COMMIT)
        }
        return ObjectID(git_object_id(commit.pointer))
    }

    /// Whether `path` (relative to the work tree) matches the repository's ignore rules.
    public func isIgnored(_ path: String) throws -> Bool {
        var ignored: Int32 = 0
        try check(git_ignore_path_is_ignored(&ignored, pointer, path), "check ignore rules for \(path)")
        return ignored == 1
    }

    /// The identity from git config (`user.name`, `user.email`), as `git commit` would use it.
    public func defaultSignature() throws -> Signature {
        var sig: UnsafeMutablePointer<git_signature>?
        try check(git_signature_default(&sig, pointer), "read user.name and user.email from git config")
        defer { git_signature_free(sig) }
        return Signature(sig!)
    }
}
