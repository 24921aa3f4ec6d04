import Foundation
import Git

/// Rounds already read and folded in this process, shared by the event logs it opens.
///
/// The portal opens a repository (and so an ``EventLog``) per request; without this, every
/// request would parse the round's disk cache and fold every event again. A fold is a function
/// of the commit's events, set.yaml and the key registry, so an entry counts only for the same two.
public final class RoundMemory: @unchecked Sendable {
    struct Entry {
        let loaded: EventLog.Loaded
        let round: Round
        let set: ProtocolSet?
        let registryHead: String?
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]

    public init() {}

    /// The folded round at exactly that commit, folded against the same set.yaml and registry.
    func round(_ id: String, at commit: ObjectID, registry: KeyRegistry?) -> Round? {
        lock.withLock {
            guard let entry = entries[id], entry.loaded.commit == commit, entry.set == registry?.set, entry.registryHead == registry?.keys.head
            else { return nil }
            return entry.round
        }
    }

    /// The events last read for a round, at whatever commit: a base to read a later commit from.
    func loaded(_ id: String) -> EventLog.Loaded? {
        lock.withLock { entries[id]?.loaded }
    }

    func remember(_ id: String, loaded: EventLog.Loaded, round: Round, registry: KeyRegistry?) {
        lock.withLock { entries[id] = Entry(loaded: loaded, round: round, set: registry?.set, registryHead: registry?.keys.head) }
    }
}
