import CGit2
import Foundation

/// One edit to a tree: put a blob at a path, or remove whatever is there.
public enum TreeChange: Sendable, Equatable {
    case write(path: String, blob: ObjectID, executable: Bool = false)
    case remove(path: String)

    public var path: String {
        switch self {
        case .write(let path, _, _), .remove(let path): return path
        }
    }
}

extension Repository {
    /// Stores bytes as a blob and returns its id (the same bytes always give the same id).
    public func writeBlob(_ data: Data) throws -> ObjectID {
        var oid = git_oid()
        _ = try data.withUnsafeBytes { buffer in
            try check(git_blob_create_from_buffer(&oid, pointer, buffer.baseAddress, buffer.count), "write blob")
        }
        return ObjectID(oid)
    }

    /// An empty tree, the base for a repository's first commit.
    public func writeEmptyTree() throws -> ObjectID {
        let builder = try Handle.make("make tree builder", free: git_treebuilder_free) {
            git_treebuilder_new($0, pointer, nil)
        }
        var oid = git_oid()
        try check(git_treebuilder_write(&oid, builder.pointer), "write empty tree")
        return ObjectID(oid)
    }

    /// Builds a new tree from `base` with `changes` applied, entirely in the object database:
    /// no index and no work tree are touched, so concurrent writers never see each other's
    /// half-done state.
    public func updateTree(_ base: ObjectID?, applying changes: [TreeChange]) throws -> ObjectID {
        guard !changes.isEmpty || base == nil else { return base! }
        let baseTree = try base.map(lookupTree)
        guard !changes.isEmpty else { return try writeEmptyTree() }
        let paths = changes.map { strdup($0.path) }
        defer { paths.forEach { free($0) } }
        var updates = zip(changes, paths).map { change, path -> git_tree_update in
            var update = git_tree_update()
            update.path = UnsafePointer(path)
            switch change {
            case .write(_, let blob, let executable):
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = blob.oid
                update.filemode = executable ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB
            case .remove:
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            return update
        }
        var oid = git_oid()
        try check(
            git_tree_create_updated(&oid, pointer, baseTree?.pointer, updates.count, &updates),
            "build tree with \(changes.count) change(s)")
        return ObjectID(oid)
    }

    /// Creates a commit object without moving any reference; move one with `setReference`.
    public func createCommit(
        tree: ObjectID, parents: [ObjectID], message: String, author: Signature, committer: Signature? = nil
    ) throws -> ObjectID {
        let treeHandle = try lookupTree(tree)
        let parentHandles = try parents.map { id -> Handle in
            var oid = id.oid
            return try Handle.make("read parent \(id.short)", free: git_commit_free) { git_commit_lookup($0, pointer, &oid) }
        }
        var parentPointers: [OpaquePointer?] = parentHandles.map { $0.pointer }
        var oid = git_oid()
        _ = try author.withGitSignature { authorSig in
            try (committer ?? author).withGitSignature { committerSig in
                try check(
                    git_commit_create(
                        &oid, pointer, nil, authorSig, committerSig, "UTF-8", message, treeHandle.pointer,
                        parentPointers.count, &parentPointers),
                    "create commit")
            }
        }
        return ObjectID(oid)
    }
}

extension Repository {
    /// The id `writeBlob` would give these bytes, without storing them.
    public func blobID(for text: String) throws -> ObjectID {
        var oid = git_oid()
        let data = Data(text.utf8)
        _ = try data.withUnsafeBytes { buffer in
            try check(git_odb_hash(&oid, buffer.baseAddress, buffer.count, GIT_OBJECT_BLOB), "hash blob")
        }
        return ObjectID(oid)
    }
}
