import Foundation

/// The set.yaml texts this process has already read, with what they read as. One command
/// reads the same set.yaml for the key registry, the round's revision, the actor and the
/// quoted text, and the portal reads it on every request; parsing it (YAML, then every
/// check) is the largest part of a small command's time. Only texts that read without error
/// are kept, so every error is still reported where it happens.
final class ParsedSets: @unchecked Sendable {
    static let shared = ParsedSets()
    /// A few texts: main's, a round's revision's, a replica's; the oldest goes first.
    private static let capacity = 8
    private let lock = NSLock()
    private var entries: [(key: String, set: ProtocolSet)] = []

    func set(_ text: String, path: String) -> ProtocolSet? {
        let key = path + "\0" + text
        lock.lock()
        defer { lock.unlock() }
        return entries.first { $0.key == key }?.set
    }

    func remember(_ set: ProtocolSet, text: String, path: String) {
        let key = path + "\0" + text
        lock.lock()
        defer { lock.unlock() }
        guard !entries.contains(where: { $0.key == key }) else { return }
        if entries.count == Self.capacity { entries.removeFirst() }
        entries.append((key, set))
    }
}
