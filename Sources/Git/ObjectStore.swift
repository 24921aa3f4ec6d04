import CGit2
import Foundation

/// One object database read and written directly, without the alternates a repository may
/// borrow from: what it says it holds is in its own folder.
///
/// A fetch from a replica lands in a quarantine repository that borrows this repository's
/// objects; only objects that were checked are copied here, so nothing a replica sent is
/// reachable, or even present, until it has been judged.
public final class ObjectStore {
    let handle: Handle

    /// The object kinds git stores.
    public enum Kind: Sendable, Equatable { case commit, tree, blob, tag }

    /// Opens the objects folder of `repository` on its own (`.git/objects`).
    public init(objectsOf repository: Repository) throws {
        let folder = repository.gitDirectory + "/objects"
        handle = try Handle.make("open object database \(folder)", free: git_odb_free) { git_odb_open($0, folder) }
    }

    /// Whether the object is in this folder itself.
    public func contains(_ id: ObjectID) -> Bool {
        var oid = id.oid
        return git_odb_exists(handle.pointer, &oid) == 1
    }

    /// Stores an object exactly as given and returns its ID.
    @discardableResult
    public func write(_ kind: Kind, _ data: Data) throws -> ObjectID {
        var oid = git_oid()
        try data.withUnsafeBytes { bytes in
            try check(git_odb_write(&oid, handle.pointer, bytes.baseAddress, bytes.count, kind.type), "write \(kind) object")
        }
        return ObjectID(oid)
    }
}

extension ObjectStore.Kind {
    var type: git_object_t {
        switch self {
        case .commit: return GIT_OBJECT_COMMIT
        case .tree: return GIT_OBJECT_TREE
        case .blob: return GIT_OBJECT_BLOB
        case .tag: return GIT_OBJECT_TAG
        }
    }

    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }
}

extension Repository {
    /// An object's kind and size from its header, without inflating it.
    public func objectHeader(_ id: ObjectID) throws -> (kind: ObjectStore.Kind?, size: Int) {
        let odb = try Handle.make("open object database", free: git_odb_free) { git_repository_odb($0, pointer) }
        var oid = id.oid
        var size = 0
        var type = GIT_OBJECT_INVALID
        try check(git_odb_read_header(&size, &type, odb.pointer, &oid), "read header of object \(id.short)")
        return (ObjectStore.Kind(type), size)
    }

    /// An object's bytes as stored (a tree's raw entries, a commit's headers and message).
    public func rawObject(_ id: ObjectID) throws -> (kind: ObjectStore.Kind?, data: Data) {
        let odb = try Handle.make("open object database", free: git_odb_free) { git_repository_odb($0, pointer) }
        var oid = id.oid
        let object = try Handle.make("read object \(id.short)", free: git_odb_object_free) { git_odb_read($0, odb.pointer, &oid) }
        let size = git_odb_object_size(object.pointer)
        let data = git_odb_object_data(object.pointer).map { Data(bytes: $0, count: size) } ?? Data()
        return (ObjectStore.Kind(git_odb_object_type(object.pointer)), data)
    }

    /// Makes `objects` (another repository's objects folder) readable here too, as
    /// `objects/info/alternates` does, for repositories that fetch into a quarantine.
    public func borrowObjects(from objects: String) throws {
        let info = gitDirectory + "/objects/info"
        try FileManager.default.createDirectory(atPath: info, withIntermediateDirectories: true)
        try Data((objects + "\n").utf8).write(to: URL(fileURLWithPath: info + "/alternates"))
    }
}
