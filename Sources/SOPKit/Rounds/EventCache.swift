import Foundation
import Git

/// A rebuildable copy of a round's events in `.git/sop/cache/rounds/<round>.json`.
///
/// Reading ten thousand events from ten thousand git objects, each checked against its hash,
/// takes about a second; this file holds the events of one commit already checked, so a
/// command reads one file and then only the events added since. Deleting it loses nothing:
/// git holds the record, and `sop` writes the file again.
struct EventCache {
    static let version = 1
    let directory: URL

    init(repository: Repository) {
        directory = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("sop/cache/rounds")
    }

    private func file(_ round: String) -> URL { directory.appendingPathComponent("\(round).json") }

    /// The cached events, or nil when there is no usable cache.
    func read(_ round: String) -> EventLog.Loaded? {
        guard Round.isValidID(round), let data = try? Data(contentsOf: file(round)),
            let value = try? JSONParser.parse(Array(data)), value["cache"]?.int == EventCache.version,
            let commit = value["commit"]?.string.flatMap(ObjectID.init(hex:)),
            let tree = value["tree"]?.string.flatMap(ObjectID.init(hex:)),
            let bodies = value["events"]?.array, let malformed = value["malformed"]?.object
        else { return nil }
        var events: [String: Event] = [:]
        for body in bodies {
            guard let object = body.object, let event = Event(checked: object) else { return nil }
            events[event.path] = event
        }
        let verified = Set(value["verified"]?.array?.compactMap(\.string) ?? [])
        SignatureMemo.shared.remember(events.values.filter { verified.contains($0.id) })
        return EventLog.Loaded(commit: commit, tree: tree, events: events, malformed: malformed.compactMapValues(\.string))
    }

    /// Replaces the cache atomically; a failure to write is not an error (it is only a cache).
    func write(_ loaded: EventLog.Loaded, round: String) {
        guard Round.isValidID(round) else { return }
        let value = JSONValue.object([
            "cache": .int(EventCache.version), "commit": .string(loaded.commit.hex), "tree": .string(loaded.tree.hex),
            "events": .array(loaded.events.keys.sorted().map { .object(loaded.events[$0]!.body) }),
            "malformed": .object(loaded.malformed.mapValues(JSONValue.string)),
            "verified": .array(SignatureMemo.shared.verified(loaded.events.values).sorted().map(JSONValue.string)),
        ])
        let target = file(round)
        let temporary = directory.appendingPathComponent(".\(round).\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(value.serialized().utf8).write(to: temporary)
            if rename(temporary.path, target.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
        }
    }
}
