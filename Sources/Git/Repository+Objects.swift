import CGit2
import Foundation

/// A commit's metadata.
public struct Commit: Sendable, Equatable {
    public let id: ObjectID
    public let tree: ObjectID
    public let parents: [ObjectID]
    public let message: String
    public let author: Signature
    public let committer: Signature

    /// The first line of the message.
    public var summary: String { String(message.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
}

/// One entry of a tree.
public struct TreeEntry: Sendable, Equatable {
    public enum Kind: Sendable { case blob, tree, commit, other }
    public let name: String
    public let id: ObjectID
    public let kind: Kind
    /// The git file mode (0o100644, 0o100755, 0o040000, …).
    public let mode: UInt32
}

extension TreeEntry.Kind {
    init(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_COMMIT: self = .commit
        default: self = .other
        }
    }
}

extension Repository {
    public func commit(_ id: ObjectID) throws -> Commit {
        var oid = id.oid
        let commit = try Handle.make("read commit \(id.short)", free: git_commit_free) {
            git_commit_lookup($0, pointer, &oid)
        }
        let count = git_commit_parentcount(commit.pointer)
        return Commit(
            id: id,
            tree: ObjectID(git_commit_tree_id(commit.pointer)),
            parents: (0..<count).map { ObjectID(git_commit_parent_id(commit.pointer, $0)) },
            message: git_commit_message(commit.pointer).map { String(cString: $0) } ?? "",
            author: Signature(git_commit_author(commit.pointer)),
            committer: Signature(git_commit_committer(commit.pointer)))
    }

    func lookupTree(_ id: ObjectID) throws -> Handle {
        var oid = id.oid
        return try Handle.make("read tree \(id.short)", free: git_tree_free) { git_tree_lookup($0, pointer, &oid) }
    }

    /// The entries of a tree, in git's order.
    public func entries(ofTree id: ObjectID) throws -> [TreeEntry] {
        let tree = try lookupTree(id)
        return (0..<git_tree_entrycount(tree.pointer)).map { index in
            let entry = git_tree_entry_byindex(tree.pointer, index)
            return TreeEntry(
                name: String(cString: git_tree_entry_name(entry)),
                id: ObjectID(git_tree_entry_id(entry)),
                kind: .init(git_tree_entry_type(entry)),
                mode: git_tree_entry_filemode(entry).rawValue)
        }
    }

    /// The entry at a slash-separated path inside a tree; nil when nothing is there.
    public func entry(at path: String, inTree tree: ObjectID) throws -> TreeEntry? {
        let root = try lookupTree(tree)
        var entry: OpaquePointer?
        let result = git_tree_entry_bypath(&entry, root.pointer, path)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "find \(path) in tree \(tree.short)")
        defer { git_tree_entry_free(entry) }
        return TreeEntry(
            name: String(cString: git_tree_entry_name(entry)),
            id: ObjectID(git_tree_entry_id(entry)),
            kind: .init(git_tree_entry_type(entry)),
            mode: git_tree_entry_filemode(entry).rawValue)
    }

    /// The bytes of a blob.
    public func blob(_ id: ObjectID) throws -> Data {
        var oid = id.oid
        let blob = try Handle.make("read blob \(id.short)", free: git_blob_free) { git_blob_lookup($0, pointer, &oid) }
        let size = Int(git_blob_rawsize(blob.pointer))
        guard size > 0, let bytes = git_blob_rawcontent(blob.pointer) else { return Data() }
        return Data(bytes: bytes, count: size)
    }

    /// The size of a blob from its header, without reading it; throws when `id` is not a blob.
    public func blobSize(_ id: ObjectID) throws -> Int {
        let (kind, size) = try objectHeader(id)
        guard kind == .blob else {
            throw GitError(code: .invalid, message: "object \(id.short) is not a blob", operation: "read blob \(id.short)")
        }
        return size
    }

    /// The size of any object from its header, without reading or inflating its content, so
    /// that an object from another replica can be checked against a limit before it is read.
    public func objectSize(_ id: ObjectID) throws -> Int { try objectHeader(id).size }

    /// The file at `path` in a commit; nil when the commit has no file there.
    public func file(at path: String, inCommit commit: ObjectID) throws -> Data? {
        guard let entry = try entry(at: path, inTree: try self.commit(commit).tree), entry.kind == .blob else { return nil }
        return try blob(entry.id)
    }

    /// Every blob under `directory` in a tree (recursively), keyed by path relative to the tree root.
    public func files(under directory: String, inTree tree: ObjectID) throws -> [String: TreeEntry] {
        var result: [String: TreeEntry] = [:]
        let start: ObjectID
        if directory.isEmpty {
            start = tree
        } else {
            guard let entry = try entry(at: directory, inTree: tree), entry.kind == .tree else { return [:] }
            start = entry.id
        }
        func walk(_ id: ObjectID, prefix: String) throws {
            for entry in try entries(ofTree: id) {
                let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
                switch entry.kind {
                case .tree: try walk(entry.id, prefix: path)
                case .blob: result[path] = entry
                default: break
                }
            }
        }
        try walk(start, prefix: directory)
        return result
    }
}
