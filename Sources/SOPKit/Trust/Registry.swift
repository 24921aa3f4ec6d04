import Foundation

/// The keys the region trusts, as the signed chain of ``RegistryEntry`` says, from its root.
///
/// Who may change what (TUF's root metadata is the model): the root key alone adds, revokes
/// and rotates secretariat keys; any valid secretariat key adds and revokes the portal's and
/// the participants' keys; a participant may add a key of its own with a key of its own that
/// is still valid, and revoke the key it signs with or one that key added. A key revoked by
/// anyone but itself takes the keys of its holder it added with it (a thief's successor key
/// dies with the stolen one); one that revokes itself hands over to them (a rotation). A key
/// is never registered twice, so a revoked key cannot return.
/// Positions in the chain (``Key/added``, ``Key/revoked``) order registrations against
/// checkpoints; times are the signers' claims and order nothing.
public struct Registry: Sendable, Equatable {
    public struct Key: Sendable, Equatable {
        public let holder: String
        public let key: String
        public let name: String?
        public let role: String?
        /// The sequence of the entry that added it.
        public let added: Int
        /// The sequence of the entry that revoked it.
        public internal(set) var revoked: Int?
        /// When the signers say it was added and revoked (for people).
        public let addedAt: Date
        public internal(set) var revokedAt: Date?
        /// The key that added it (itself for the root): a key revoked by another takes the keys
        /// of its holder it added with it, so a stolen key cannot outlive itself through a
        /// successor it gave its holder.
        public let addedBy: String
        /// Records it sealed that its revocation keeps (``RegistryEntry/keeps``).
        public internal(set) var kept: Set<String> = []

        /// Whether it still counts at the end of the chain read.
        public var isValid: Bool { revoked == nil }
    }

    public private(set) var entries: [RegistryEntry] = []
    /// Every key ever registered, by its public key.
    public private(set) var keys: [String: Key] = [:]
    /// The key that may change the secretariat's keys.
    public private(set) var root: String?

    public init() {}

    /// The ID of the root entry: the fingerprint every clone pins and officials compare.
    public var rootID: String? { entries.first?.id }
    /// The ID of the last entry: what checkpoints and records name as the registry they used.
    public var head: String? { entries.last?.id }
    public var sequence: Int { entries.count }

    public func keys(for holder: String) -> [Key] {
        keys.values.filter { $0.holder == holder }.sorted { $0.added < $1.added }
    }

    /// The registry as it stood right after entry `sequence`.
    public func prefix(_ sequence: Int) -> Registry {
        var registry = Registry()
        for entry in entries.prefix(sequence) { registry.apply(entry) }
        return registry
    }

    /// Reads a chain in sequence order: the entries up to the first one the rules refuse, and
    /// why that one was refused (everything after it is refused with it).
    public static func verify(_ entries: [RegistryEntry]) -> (registry: Registry, refusal: (entry: RegistryEntry, reason: String)?) {
        var registry = Registry()
        for entry in entries.sorted(by: { $0.sequence < $1.sequence }) {
            if let reason = registry.violation(entry) { return (registry, (entry, reason)) }
            registry.apply(entry)
        }
        return (registry, nil)
    }

    /// Why the rules refuse `entry` as the next one, or nil when it may follow.
    public func violation(_ entry: RegistryEntry) -> String? {
        guard entry.sequence == sequence + 1, entry.previous == head else {
            return "entry \(entry.sequence) does not follow entry \(sequence) of the registry (the chain was forked, cut or rewritten)"
        }
        guard entry.isSignatureValid else { return "entry \(entry.sequence) has a signature that does not match it (forged or changed after signing)" }
        let signer = keys[entry.signature.key]
        let signerIsValid = signer?.isValid == true
        let byRoot = entry.signature.key == root
        let bySecretariat = signerIsValid && signer?.holder == Round.secretariat
        let byHolder = signerIsValid && signer?.holder == entry.holder && entry.holder != Round.secretariat
        let who = signer.map { "a key of \($0.holder)" + ($0.isValid ? "" : " revoked at entry \($0.revoked ?? 0)") } ?? "a key the registry does not hold"
        switch entry.kind {
        case .root:
            guard entry.sequence == 1 else { return "only the first entry can be the root" }
            guard entry.holder == Round.secretariat, entry.signature.key == entry.key else {
                return "the root is a secretariat key that signs its own entry"
            }
            return nil
        case .keyAdded:
            guard keys[entry.key] == nil else { return "key \(entry.key.prefix(20))… is already registered (a key is never registered twice)" }
            if entry.holder == Round.secretariat {
                return byRoot ? nil : "a secretariat key is added only by the root key; entry \(entry.sequence) is signed by \(who)"
            }
            if entry.holder == KeyRegistry.portal {
                return bySecretariat ? nil : "a key of the portal is added only by the secretariat; entry \(entry.sequence) is signed by \(who)"
            }
            return bySecretariat || byHolder
                ? nil : "a key of \(entry.holder) is added by the secretariat or by \(entry.holder)'s own valid key; entry \(entry.sequence) is signed by \(who)"
        case .keyRevoked:
            guard let target = keys[entry.key], target.holder == entry.holder else {
                return "key \(entry.key.prefix(20))… is not registered for \(entry.holder)"
            }
            guard target.isValid else { return "key \(entry.key.prefix(20))… is already revoked" }
            guard entry.key != root else { return "the root key is replaced with a root rotation, not revoked" }
            if entry.holder == Round.secretariat {
                return byRoot ? nil : "a secretariat key is revoked only by the root key; entry \(entry.sequence) is signed by \(who)"
            }
            // A holder revokes the key it signs with, or one that key added (a rotation), never
            // its other keys: one stolen key must not be able to silence the others.
            let ownRevocation = byHolder && (entry.key == entry.signature.key || target.addedBy == entry.signature.key)
            return bySecretariat || ownRevocation
                ? nil : "a key of \(entry.holder) is revoked by the secretariat, or by that key itself or the key that added it; entry \(entry.sequence) is signed by \(who)"
        case .rootRotated:
            guard entry.holder == Round.secretariat, byRoot else { return "only the root key moves the root; entry \(entry.sequence) is signed by \(who)" }
            if let existing = keys[entry.key], existing.holder != Round.secretariat || !existing.isValid {
                return "the new root must be a new key or a valid secretariat key"
            }
            return entry.key == root ? "the new root is the old one" : nil
        }
    }

    /// Applies an entry the rules allow.
    mutating func apply(_ entry: RegistryEntry) {
        switch entry.kind {
        case .root, .keyAdded:
            keys[entry.key] = Key(
                holder: entry.holder, key: entry.key, name: entry.name, role: entry.role, added: entry.sequence, revoked: nil, addedAt: entry.at,
                revokedAt: nil, addedBy: entry.signature.key)
            if entry.kind == .root { root = entry.key }
        case .keyRevoked:
            // A key that revokes itself hands over to the keys it added (a rotation); revoked by
            // anyone else, it takes them with it.
            revoke(entry.key, by: entry, cascading: entry.signature.key != entry.key)
        case .rootRotated:
            if keys[entry.key] == nil {
                keys[entry.key] = Key(
                    holder: Round.secretariat, key: entry.key, name: entry.name, role: entry.role, added: entry.sequence, revoked: nil,
                    addedAt: entry.at, revokedAt: nil, addedBy: entry.signature.key)
            }
            if let old = root { revoke(old, by: entry, cascading: false) }
            root = entry.key
        }
        entries.append(entry)
    }

    /// Revokes `key` and, when `cascading`, every key of the same holder it added, and theirs
    /// in turn, through keys revoked already (a thief's chain of successors dies whole). Keys
    /// of other holders are left: a secretariat officer's key that registered the states' keys
    /// takes none of them with it.
    private mutating func revoke(_ key: String, by entry: RegistryEntry, cascading: Bool) {
        guard let holder = keys[key]?.holder else { return }
        var pending = [key]
        var seen: Set<String> = []
        while let next = pending.popLast() {
            guard seen.insert(next).inserted else { continue }
            if keys[next]?.isValid == true {
                keys[next]?.revoked = entry.sequence
                keys[next]?.revokedAt = entry.at
                if next == key { keys[next]?.kept = Set(entry.keeps) }
            }
            if cascading { pending += keys.values.filter { $0.addedBy == next && $0.holder == holder && $0.key != next }.map(\.key) }
        }
    }
}
