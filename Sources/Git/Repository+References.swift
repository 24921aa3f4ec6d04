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
    public func setReference(_ name: String, to id: ObjectID, expecting expected: ObjectID?, message: String) throws {
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

    /// Every direct reference whose name matches a glob (`refs/heads/draft/*`), sorted by name.
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
    public func createTag(_ name: String, on commit: ObjectID, message: String, tagger: Signature) throws {
        var oid = commit.oid
        let target = try Handle.make("read commit \(commit.short)", free: git_object_free) {
            git_object_lookup($0, pointer, &oid, GIT_OBJECT_COMMIT)
        }
        var tagID = git_oid()
        try tagger.withGitSignature { signature in
            try check(git_tag_create(&tagID, pointer, name, target.pointer, signature, message, 0), "create tag \(name)")
        }
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
