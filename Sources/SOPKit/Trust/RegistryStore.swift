import Foundation
import Git

/// The key registry as `refs/sop/registry` holds it, and the root this clone trusts.
///
/// The ref is a chain of commits whose trees hold `entries/NNNNNN.json`; the entries' own hash
/// chain, not the commits, is the authority. The root this clone saw first is pinned in
/// `.git/sop/root` (trust on first use, as SSH and TUF clients do) and is never synced, so a
/// replica that offers another root is refused however well it is signed.
public struct RegistryStore {
    public static let reference = "refs/sop/registry"

    /// Chains already read in this process, by commit: a commit never changes, and `sop verify`
    /// reads the same registry for every tag and round.
    private static let chains = ChainCache()

    private final class ChainCache: @unchecked Sendable {
        private let lock = NSLock()
        private var chains: [ObjectID: Loaded] = [:]

        subscript(commit: ObjectID) -> Loaded? {
            get { lock.withLock { chains[commit] } }
            set { lock.withLock { chains[commit] = newValue } }
        }
    }
    public let repository: Repository

    public init(_ repository: Repository) { self.repository = repository }

    /// A chain read from git: the entries the rules allow, and why the first other one is refused.
    public struct Loaded: Sendable {
        public let registry: Registry
        public let refusal: String?
        public let commit: ObjectID?
    }

    /// Reads the chain at a commit of the ref (by default the local ref's). Whatever the ref
    /// points at (a blob, a tree, a commit holding anything), the answer is a refusal, never a
    /// failure, so one hostile ref cannot stop a sync.
    public func read(_ commit: ObjectID? = nil) throws -> Loaded {
        guard let commit = try commit ?? repository.reference(RegistryStore.reference) else {
            return Loaded(registry: Registry(), refusal: nil, commit: nil)
        }
        if let known = RegistryStore.chains[commit] { return known }
        do {
            let loaded = try read(commit: commit)
            RegistryStore.chains[commit] = loaded
            return loaded
        } catch let error as SOPError {
            return Loaded(registry: Registry(), refusal: error.message, commit: commit)
        } catch {
            return Loaded(registry: Registry(), refusal: "the registry's ref does not hold a readable chain of entries (\(error))", commit: commit)
        }
    }

    private func read(commit: ObjectID) throws -> Loaded {
        let files = try repository.files(under: "entries", inTree: try repository.commit(commit).tree)
        guard files.count <= RegistryEntry.maximumSequence else {
            return Loaded(registry: Registry(), refusal: "the registry holds \(files.count) entries, more than \(RegistryEntry.maximumSequence)", commit: commit)
        }
        var entries: [RegistryEntry] = []
        for (path, entry) in files.sorted(by: { $0.key < $1.key }) {
            do {
                guard try repository.blobSize(entry.id) <= 64 * 1024 else { throw SOPError(.tooLarge, "\(path): larger than 64 KB") }
                entries.append(try RegistryEntry(json: try repository.blob(entry.id), path: path))
            } catch let error as SOPError {
                let (registry, refusal) = Registry.verify(entries)
                return Loaded(registry: registry, refusal: refusal?.reason ?? error.message, commit: commit)
            }
        }
        let (registry, refusal) = Registry.verify(entries)
        return Loaded(registry: registry, refusal: refusal?.reason, commit: commit)
    }

    /// Appends the entries `make` builds from the current registry, as one commit moved onto the
    /// ref by compare-and-swap; each is checked against the rules first, so a refused change
    /// writes nothing.
    @discardableResult
    public func append(message: String, author: Signature, _ make: (Registry) throws -> [RegistryEntry]) throws -> Registry {
        var result = Registry()
        try repository.updateReference(RegistryStore.reference, message: message) { parent in
            let loaded = try read(parent)
            if let refusal = loaded.refusal {
                throw SOPError(.invalidFile, "the key registry here does not verify: \(refusal)", hint: "`sop verify` explains it")
            }
            try checkRoot(loaded.registry)
            var registry = loaded.registry
            let entries = try make(registry)
            guard !entries.isEmpty else {
                result = registry
                return nil
            }
            for entry in entries {
                if let reason = registry.violation(entry) { throw SOPError(.invalidArgument, "the registry refuses this change: \(reason)") }
                registry.apply(entry)
            }
            let base = try parent.map { try repository.commit($0).tree }
            let changes = try entries.map { TreeChange.write(path: $0.path, blob: try repository.writeBlob($0.json)) }
            let tree = try repository.updateTree(base, applying: changes)
            result = registry
            return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: author)
        }
        if let root = result.rootID, pinnedRoot() == nil { try pin(root) }
        return result
    }

    /// A commit holding exactly `entries`, on `parent`, without moving the ref.
    func write(_ entries: [RegistryEntry], parent: ObjectID?, message: String, author: Signature) throws -> ObjectID {
        let tree = try repository.updateTree(nil, applying: try entries.map { .write(path: $0.path, blob: try repository.writeBlob($0.json)) })
        return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: author)
    }

    var pinFile: URL { URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("sop/root") }

    /// The root entry's ID this clone trusts, when it has seen one.
    public func pinnedRoot() -> String? {
        guard let data = try? Data(contentsOf: pinFile) else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 64 && text.allSatisfy(\.isHexDigit) ? text : nil
    }

    /// Trusts `root` from now on (written once; a different root is refused afterwards).
    public func pin(_ root: String) throws {
        try FileManager.default.createDirectory(at: pinFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((root + "\n").utf8).write(to: pinFile, options: .atomic)
    }

    /// Refuses a registry whose root is not the one this clone trusts.
    public func checkRoot(_ registry: Registry) throws {
        guard let pinned = pinnedRoot(), let root = registry.rootID, root != pinned else { return }
        throw SOPError(
            .conflict, "the key registry starts from root \(root.prefix(16))…, but this clone trusts root \(pinned.prefix(16))…",
            hint: "a registry with another root is a forgery or a different protocol set; compare the root with the secretariat's published fingerprint")
    }
}
