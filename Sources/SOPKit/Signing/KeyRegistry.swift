import Foundation
import Git

/// What signatures on events are checked against: the governed ``Registry`` for keys, and
/// set.yaml for who the participants are.
///
/// The keys listed in set.yaml are for people to read; only the signed registry decides.
public struct KeyRegistry: Sendable {
    public let set: ProtocolSet
    public let keys: Registry
    /// Why the local registry could not be read whole (it is then used up to that point).
    public let problem: String?

    public init(set: ProtocolSet, keys: Registry, problem: String? = nil) {
        self.set = set
        self.keys = keys
        self.problem = problem
    }

    /// set.yaml on `main` (HEAD when there is no main) and the registry of `refs/sop/registry`,
    /// refused whole when its root is not the one this clone pinned.
    public static func current(_ repository: Repository) -> KeyRegistry? {
        let candidates = ["refs/heads/main", "refs/remotes/origin/main"].compactMap { (try? repository.reference($0)) ?? nil }
        guard let commit = candidates.first ?? (try? repository.head()) ?? nil,
            let data = try? repository.file(at: ProtocolSet.path, inCommit: commit),
            let set = try? ProtocolSet.parse(String(decoding: data, as: UTF8.self))
        else { return nil }
        let store = RegistryStore(repository)
        do {
            let loaded = try store.read()
            try store.checkRoot(loaded.registry)
            return KeyRegistry(set: set, keys: loaded.registry, problem: loaded.refusal)
        } catch let error as SOPError {
            return KeyRegistry(set: set, keys: Registry(), problem: error.message)
        } catch {
            return KeyRegistry(set: set, keys: Registry(), problem: "the key registry cannot be read: \(error)")
        }
    }

    /// The name that stands for the consultation portal's keys in set.yaml and `--as`.
    public static let portal = "portal"

    public func keys(for holder: String) -> [Registry.Key] { keys.keys(for: holder) }

    /// Whether an unsigned event of `participant` is refused: always for the secretariat; for
    /// a participant once it has a key, unless the secretariat checkpointed the event before
    /// that key was registered.
    public func requiresSignature(_ participant: String, checkpointed: Int?) -> Bool {
        if participant == Round.secretariat { return true }
        return keys(for: participant).contains { $0.added <= (checkpointed ?? Int.max) }
    }

    /// Why an event's signature does not count, or nil when it does. `checkpointed` is the
    /// registry sequence of the earliest secretariat checkpoint that holds the event: a key
    /// revoked in the registry counts only for events checkpointed before its revocation, so a
    /// stolen key cannot backdate anything past it.
    public func problem(with event: Event, checkpointed: Int? = nil) -> String? {
        guard let signature = event.signature else { return "the event is not signed" }
        // An event written through the portal is signed with the portal's key and names the
        // account that wrote it; the portal's key speaks for nobody without one.
        let throughPortal = event.via == KeyRegistry.portal
        if throughPortal, event.account?.isEmpty != false { return "an event written through the portal must name its account" }
        let signer = throughPortal ? KeyRegistry.portal : event.participant
        guard let registered = keys.keys[signature.key], registered.holder == signer else {
            return throughPortal
                ? "signed through the portal with a key that is not registered for the portal in the key registry"
                : "signed with a key that is not registered for \(event.participant) in the key registry"
        }
        if let revoked = registered.revoked, (checkpointed.map { $0 >= revoked } ?? true) {
            return "signed with a key of \(signer) that was revoked (registry entry \(revoked), \(Timestamp.string(registered.revokedAt ?? registered.addedAt)))"
                + " and not checkpointed by the secretariat before that"
        }
        guard SignatureMemo.shared.isValid(event, signature) else {
            return "the signature does not match the event (forged or changed after signing)"
        }
        return nil
    }
}
