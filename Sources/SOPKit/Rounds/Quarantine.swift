import Foundation
import Git

/// Where a sync's fetch lands: a bare repository in `.git/sop/incoming-PID` that borrows this
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
    static let fetched = [
        "refs/heads/draft/*", "refs/heads/main", "refs/sop/rounds/*", "refs/tags/set/*", "refs/tags/\(Review.tagPrefix)*",
        "refs/tags/\(Acknowledgement.tagPrefix)*", RegistryStore.reference,
    ]

    /// Makes a quarantine of this process's own (`incoming-PID`, so two syncs never share one;
    /// those killed syncs left are removed) and tells it every ref of the clone, so the fetch
    /// asks only for what is new.
    init(for clone: Repository, remote: String, url: String) throws {
        let parent = clone.gitDirectory + "/sop"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where name.hasPrefix("incoming-") {
            if let pid = Int32(name.dropFirst("incoming-".count)), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: parent + "/" + name)
        }
        folder = parent + "/incoming-\(getpid())"
        self.remote = remote
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
    ///
    /// Objects are written leaves first, the tip last: an object the clone holds always has
    /// everything below it, even after a sync killed while copying.
    func admit(_ tip: ObjectID) throws -> String? {
        var pending: [(ObjectID, ObjectStore.Kind?)] = [(tip, nil)]
        var seen: Set<ObjectID> = []
        var checked: [(ObjectStore.Kind, Data)] = []
        while let (id, expected) = pending.popLast() {
            guard seen.insert(id).inserted, !own.contains(id) else { continue }
            guard let (kind, size) = try? repository.objectHeader(id) else { return "object \(id.short) is missing" }
            guard let kind, expected.map({ $0 == kind }) ?? true else {
                return "object \(id.short) is \(kind.map { "a \($0)" } ?? "of an unknown kind") where \(expected.map { "a \($0)" } ?? "an object") belongs"
            }
            let limit = kind == .blob ? Self.maximumBlob : Self.maximumMetadata
            guard size <= limit else { return "\(kind) \(id.short) is \(size) bytes, more than the \(limit) sop takes" }
            guard let data = try? repository.rawObject(id).data else { return "\(kind) \(id.short) cannot be read" }
            switch kind {
            case .blob: break
            case .commit:
                if let problem = ObjectCheck.headers(data, of: .commit) { return "commit \(id.short): \(problem)" }
                guard let commit = try? repository.commit(id) else { return "commit \(id.short) cannot be read" }
                pending.append((commit.tree, .tree))
                pending += commit.parents.map { ($0, .commit) }
            case .tag:
                if let problem = ObjectCheck.headers(data, of: .tag) { return "tag \(id.short): \(problem)" }
                guard let target = Self.tagTarget(data) else { return "tag \(id.short) names no commit" }
                pending.append((target, .commit))
            case .tree:
                switch ObjectCheck.entries(data) {
                case .failure(let problem): return "tree \(id.short): \(problem.reason)"
                case .success(let entries): pending += entries.map { ($0.0, Optional($0.1)) }
                }
            }
            checked.append((kind, data))
        }
        for (kind, data) in checked.reversed() { try own.write(kind, data) }
        return nil
    }

    /// The commit a tag's `object` header names, when its `type` says it is one.
    static func tagTarget(_ data: Data) -> ObjectID? {
        let lines = String(decoding: data.prefix(80), as: UTF8.self).split(separator: "\n")
        guard lines.count > 1, lines[0].hasPrefix("object "), lines[1] == "type commit" else { return nil }
        return ObjectID(hex: String(lines[0].dropFirst("object ".count)))
    }
}
