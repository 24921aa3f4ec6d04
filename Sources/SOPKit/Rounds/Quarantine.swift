import Foundation
import Git

/// Where a sync's fetch lands: a bare repository in `.git/sop/incoming` that borrows this
/// clone's objects, so that nothing a replica sent is in the clone's own object folder until it
/// has been checked.
///
/// Rounds never take a replica's objects at all: their checked events are written into trees
/// and commits of our own. Branches, tags and the key registry take a replica's commits only
/// through ``admit(_:)``, which copies an object only when it is one `git fsck` and a checkout
/// accept: trees sorted as git writes them, with plain file and folder entries (no symbolic
/// links, submodules, `.`, `..` or `.git`), and no blob larger than ``maximumBlob``.
final class Quarantine {
    /// The quarantine repository: its own objects, and the clone's, readable together.
    let repository: Repository
    /// The tips the remote advertised, by their names there (`refs/heads/main`, …).
    private(set) var tips: [String: ObjectID] = [:]
    private let own: ObjectStore
    private let folder: String
    private let remote: String

    /// The largest file a replica's branch may bring (a procedure is a few dozen KB).
    static let maximumBlob = 8 * 1_048_576
    /// The largest tree, commit or tag object.
    static let maximumMetadata = 1_048_576
    private static let namespace = "refs/incoming/"
    /// What a sync fetches, by name on the remote.
    static let fetched = ["refs/heads/draft/*", "refs/heads/main", "refs/sop/rounds/*", "refs/tags/set/*", RegistryStore.reference]

    /// Makes the quarantine afresh (one a killed sync left is removed) and tells it every ref
    /// of the clone, so the fetch asks only for what is new.
    init(for clone: Repository, remote: String, url: String) throws {
        folder = clone.gitDirectory + "/sop/incoming"
        self.remote = remote
        try? FileManager.default.removeItem(atPath: folder)
        try Repository.create(at: folder, bare: true).borrowObjects(from: clone.gitDirectory + "/objects")
        repository = try Repository.open(at: folder)
        own = try ObjectStore(objectsOf: clone)
        try repository.addRemote(remote, url: url)
        try mirror(Self.fetched, of: clone)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Copies the clone's refs matching `patterns` into the quarantine, as they are now.
    func mirror(_ patterns: [String], of clone: Repository) throws {
        for pattern in patterns {
            for (name, target) in try clone.references(matching: pattern) {
                try repository.setReference(name, to: target, expecting: try repository.reference(name), message: "sop sync: mirror")
            }
        }
    }

    /// Fetches every ref a sync exchanges into the quarantine's own namespace.
    func fetch() throws {
        try repository.fetch(remote: remote, refspecs: Self.fetched.map { "+\($0):\(Self.namespace)\($0.dropFirst("refs/".count))" })
        tips = [:]
        for (name, target) in try repository.references(matching: Self.namespace + "*") {
            tips["refs/" + name.dropFirst(Self.namespace.count)] = target
        }
    }

    /// The remote's tips whose names match `prefix` (`refs/sop/rounds/`), keyed by the rest.
    func tips(under prefix: String) -> [(name: String, target: ObjectID)] {
        tips.filter { $0.key.hasPrefix(prefix) }.map { (String($0.key.dropFirst(prefix.count)), $0.value) }.sorted { $0.name < $1.name }
    }

    /// Copies into the clone every object reachable from `tip` that it lacks, when all of them
    /// pass the checks; returns why not otherwise, and copies nothing.
    func admit(_ tip: ObjectID) throws -> String? {
        var pending = [tip]
        var seen: Set<ObjectID> = []
        var checked: [(ObjectStore.Kind, Data)] = []
        while let id = pending.popLast() {
            guard seen.insert(id).inserted, !own.contains(id) else { continue }
            let (kind, size) = try repository.objectHeader(id)
            guard let kind else { return "object \(id.short) is of an unknown kind" }
            let limit = kind == .blob ? Self.maximumBlob : Self.maximumMetadata
            guard size <= limit else { return "\(kind) \(id.short) is \(size) bytes, more than the \(limit) sop takes" }
            let data = try repository.rawObject(id).data
            switch kind {
            case .blob: break
            case .commit:
                if let problem = ObjectCheck.headers(data, of: .commit) { return "commit \(id.short): \(problem)" }
                guard let commit = try? repository.commit(id) else { return "commit \(id.short) cannot be read" }
                pending.append(commit.tree)
                pending += commit.parents
            case .tag:
                if let problem = ObjectCheck.headers(data, of: .tag) { return "tag \(id.short): \(problem)" }
                guard let target = Self.tagTarget(data) else { return "tag \(id.short) names no object" }
                pending.append(target)
            case .tree:
                switch ObjectCheck.entries(data) {
                case .failure(let problem): return "tree \(id.short): \(problem.reason)"
                case .success(let entries): pending += entries
                }
            }
            checked.append((kind, data))
        }
        for (kind, data) in checked { try own.write(kind, data) }
        return nil
    }

    /// The object a tag's `object` header names.
    static func tagTarget(_ data: Data) -> ObjectID? {
        guard let line = String(decoding: data.prefix(64), as: UTF8.self).split(separator: "\n").first, line.hasPrefix("object ") else { return nil }
        return ObjectID(hex: String(line.dropFirst("object ".count)))
    }
}
