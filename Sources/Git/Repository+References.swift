import CGit2
import Foundation

extension Repository {
    /// Whether `name` is a well-formed full reference name (`refs/heads/draft/x`).
    public static func isValidReferenceName(_ name: String) -> Bool {
        _ = LibGit2.ready
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, name) == 0 && valid == 1
    }

    /// The commit a reference points to (following symbolic references); nil when it does not exist.
    public func reference(_ name: String) throws -> ObjectID? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, name)
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EUNBORNBRANCH.rawValue { return nil }
        try check(result, "read reference \(name)")
        return ObjectID(oid)
    }

    /// Moves (or creates) a reference only if it still points at `expected`.
    ///
    /// `expected == nil` means "must not exist yet". Losing the race throws a `GitError` whose
    /// `isRace` is true; nothing is changed in that case.
    ///
    /// A lock on the reference left by a killed process is removed and the move tried again
    /// (see ``StaleLock``).
    public func setReference(_ name: String, to id: ObjectID, expecting expected: ObjectID?, message: String) throws {
        try recoveringStaleLocks(of: [name]) {
            var newID = id.oid
            var ref: OpaquePointer?
            let result: Int32
            if var old = expected?.oid {
                result = git_reference_create_matching(&ref, pointer, name, &newID, 1, &old, message)
            } else {
                result = git_reference_create(&ref, pointer, name, &newID, 0, message)
            }
            defer { git_reference_free(ref) }
            try check(result, "move \(name) to \(id.short)")
        }
    }

    /// Deletes a reference only if it still points at `expected`; a reference already gone is
    /// not an error.
    ///
    /// When a stale lock (see ``StaleLock``) refused it, the lock is removed and the deletion
    /// tried once more through a freshly opened repository: libgit2 drops a packed reference
    /// from its in-memory list before it fails to lock `packed-refs`, so this repository would
    /// find nothing left to delete.
    public func deleteReference(_ name: String, expecting expected: ObjectID) throws {
        do {
            try deleteOnce(name, expecting: expected)
        } catch {
            let locks = [name + ".lock", "packed-refs.lock"]
            guard StaleLock.removeStale(after: error, in: commonDirectory, locks: locks) else { throw error }
            try Repository.open(at: commonDirectory).deleteOnce(name, expecting: expected)
        }
    }

    private func deleteOnce(_ name: String, expecting expected: ObjectID) throws {
        var ref: OpaquePointer?
        let found = git_reference_lookup(&ref, pointer, name)
        if found == GIT_ENOTFOUND.rawValue { return }
        try check(found, "read reference \(name)")
        defer { git_reference_free(ref) }
        guard let target = git_reference_target(ref), ObjectID(target) == expected else {
            throw GitError(code: .modified, message: "\(name) no longer points at \(expected.short)", operation: "delete \(name)")
        }
        try check(git_reference_delete(ref), "delete \(name)")
    }

    /// The directory that holds the references and objects (shared by all work trees).
    var commonDirectory: String {
        let path = String(cString: git_repository_commondir(pointer))
        return path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Runs `body`, and once more after removing stale lock files when it failed on a lock:
    /// those of `references`, `packed-refs.lock`, and any lock the error names.
    @discardableResult
    func recoveringStaleLocks<T>(of references: [String], _ body: () throws -> T) throws -> T {
        try StaleLock.recovering(in: commonDirectory, locks: references.map { $0 + ".lock" } + ["packed-refs.lock"], body)
    }

    /// Reads a reference, lets `body` build the next commit from it, and moves the reference
    /// with compare-and-swap, starting over from the new value each time another writer won.
    ///
    /// `body` returns nil to leave the reference alone. The result is the commit the reference
    /// points to afterwards.
    @discardableResult
    public func updateReference(
        _ name: String, message: String, attempts: Int = 200, _ body: (ObjectID?) throws -> ObjectID?
    ) throws -> ObjectID? {
        var attempt = 0
        while true {
            let old = try reference(name)
            guard let new = try body(old) else { return old }
            do {
                try setReference(name, to: new, expecting: old, message: message)
                return new
            } catch let error as GitError where error.isRace && attempt < attempts {
                attempt += 1
                usleep(UInt32.random(in: 200...(2_000 + UInt32(min(attempt, 50)) * 200)))
            }
        }
    }

    /// Every reference whose name matches a glob (`refs/heads/draft/*`), sorted by name, with
    /// the object it points to; a symbolic one with the object it leads to, as ``reference(_:)``
    /// reads it, so that no listing hides what a lookup by name finds.
    public func references(matching glob: String) throws -> [(name: String, target: ObjectID)] {
        let iterator = try Handle.make("list references \(glob)", free: git_reference_iterator_free) {
            git_reference_iterator_glob_new($0, pointer, glob)
        }
        var result: [(String, ObjectID)] = []
        while true {
            var ref: OpaquePointer?
            let status = git_reference_next(&ref, iterator.pointer)
            if status == GIT_ITEROVER.rawValue { break }
            try check(status, "list references \(glob)")
            defer { git_reference_free(ref) }
            if let target = git_reference_target(ref) {
                result.append((String(cString: git_reference_name(ref)), ObjectID(target)))
            } else {
                var resolved: OpaquePointer?
                guard git_reference_resolve(&resolved, ref) == 0 else { continue }
                defer { git_reference_free(resolved) }
                if let target = git_reference_target(resolved) { result.append((String(cString: git_reference_name(ref)), ObjectID(target))) }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }
}

/// An annotated tag: the commit it names and its message.
public struct AnnotatedTag: Sendable, Equatable {
    public let name: String
    public let target: ObjectID
    public let message: String
    public let tagger: Signature?
}

extension Repository {
    /// Creates an annotated tag `refs/tags/<name>` on a commit; refuses to replace one.
    /// Returns the tag object's id.
    @discardableResult
    public func createTag(_ name: String, on commit: ObjectID, message: String, tagger: Signature) throws -> ObjectID {
        var oid = commit.oid
        let target = try Handle.make("read commit \(commit.short)", free: git_object_free) {
            git_object_lookup($0, pointer, &oid, GIT_OBJECT_COMMIT)
        }
        var tagID = git_oid()
        try recoveringStaleLocks(of: ["refs/tags/\(name)"]) {
            try tagger.withGitSignature { signature in
                try check(git_tag_create(&tagID, pointer, name, target.pointer, signature, message, 0), "create tag \(name)")
            }
        }
        return ObjectID(tagID)
    }

    /// The annotated tag `refs/tags/<name>`, or nil when there is none.
    public func tag(_ name: String) throws -> AnnotatedTag? {
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, pointer, "refs/tags/\(name)")
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "read tag \(name)")
        var tag: OpaquePointer?
        guard git_tag_lookup(&tag, pointer, &oid) == 0, let tag else { return nil }
        defer { git_tag_free(tag) }
        return AnnotatedTag(
            name: name, target: ObjectID(git_tag_target_id(tag)), message: git_tag_message(tag).map { String(cString: $0) } ?? "",
            tagger: git_tag_tagger(tag).map { Signature($0) })
    }

    /// The merge base of two commits, or nil when they share no history.
    public func mergeBase(_ a: ObjectID, _ b: ObjectID) throws -> ObjectID? {
        var base = git_oid()
        var first = a.oid
        var second = b.oid
        let result = git_merge_base(&base, pointer, &first, &second)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "find the merge base")
        return ObjectID(base)
    }
}

/// Lock files left behind by a killed process, and when it is safe to remove them.
///
/// libgit2 changes a reference (or `packed-refs`, or the index) by creating `<file>.lock`
/// exclusively, writing it and renaming it over the file, all within milliseconds. A process
/// killed in between (`kill -9` of a sync while it pushes, of a save while it moves a branch)
/// leaves the lock, and every later change of that file fails with `GIT_ELOCKED` until someone
/// deletes it by hand. A lock names no owner, so its age is the only sign: one older than
/// ``age`` cannot belong to a live libgit2 update and is removed, then the operation is tried
/// once more. A younger lock may belong to a writer that is still running and is left alone;
/// the operation then fails as it did before.
enum StaleLock {
    /// How old a lock must be before it is taken for a dead process's: libgit2 holds a lock
    /// for milliseconds, so thirty seconds leaves a wide margin for a slow disk.
    static let age: TimeInterval = 30

    /// Runs `body`, and once more when it failed on a lock and ``removeStale(after:in:locks:)``
    /// removed one.
    @discardableResult
    static func recovering<T>(in directory: String, locks: [String], _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            guard removeStale(after: error, in: directory, locks: locks) else { throw error }
            return try body()
        }
    }

    /// When `error` is a failure on a lock, removes the stale ones among `locks` (relative to
    /// `directory`) and those libgit2's message names inside `directory`; whether any was.
    static func removeStale(after error: Error, in directory: String, locks: [String]) -> Bool {
        guard let error = error as? GitError, error.code == .locked || isLock(error.message) else { return false }
        return removeStale(locks.map { directory + "/" + $0 } + named(in: error.message), inside: directory)
    }

    /// Whether a libgit2 message (or a remote's refusal) is about a lock file: both quote its
    /// path (`failed to lock file '/r/refs/x.lock' for writing`, `Unable to create '….lock'`).
    static func isLock(_ message: String) -> Bool { message.contains(".lock'") }

    /// The `.lock` paths libgit2 quotes in a message (`failed to lock file '/r/refs/x.lock' for writing`).
    static func named(in message: String) -> [String] {
        message.split(separator: "'", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.hasSuffix(".lock") }.map { String($0.element) }
    }

    /// Removes those of `paths` that are stale lock files inside `directory`; whether any was.
    static func removeStale(_ paths: [String], inside directory: String) -> Bool {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.path + "/"
        var removed = false
        for path in Set(paths) {
            let lock = URL(fileURLWithPath: path).standardizedFileURL.path
            guard lock.hasPrefix(root), lock.hasSuffix(".lock"), !lock.contains("/../") else { continue }
            if removeIfStale(lock, aside: root) { removed = true }
        }
        return removed
    }

    /// Removes one lock file if it is a regular file older than ``age``.
    ///
    /// Two processes may find the same stale lock; the second could delete the fresh lock the
    /// first then took. So the lock is first renamed aside (atomic: exactly one process gets
    /// it), its age checked again on what was taken, and a fresh lock put back with `link`,
    /// which never replaces a lock someone has taken since.
    private static func removeIfStale(_ lock: String, aside directory: String) -> Bool {
        guard isStale(lock) else { return false }
        let aside = directory + "sop-stale-lock-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard rename(lock, aside) == 0 else { return false }
        if isStale(aside) {
            unlink(aside)
            return true
        }
        link(aside, lock)
        unlink(aside)
        return false
    }

    private static func isStale(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        return Date().timeIntervalSince1970 - modified > age
    }
}
