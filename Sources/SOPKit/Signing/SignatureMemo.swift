import Foundation

/// The Ed25519 checks already made in this process (and, through ``EventCache``, in earlier
/// ones), by event ID. An event's ID is the hash of the bytes it signs, so a signature that
/// verified once against the key it names verifies every time; whether that key may sign for
/// the participant at that time is still decided by the registry on every read.
final class SignatureMemo: @unchecked Sendable {
    static let shared = SignatureMemo()
    private let lock = NSLock()
    private var results: [String: Bool] = [:]

    func isValid(_ event: Event, _ signature: Event.Signature) -> Bool {
        isValid(id: event.id, signature, content: event.signedContent)
    }

    /// The same for anything whose ID is the hash of the bytes it signs (registry entries).
    func isValid(id: String, _ signature: Event.Signature, content: @autoclosure () -> Data) -> Bool {
        let key = id + signature.key + signature.value
        lock.lock()
        let known = results[key]
        lock.unlock()
        if let known { return known }
        let valid = KeyPair.isValid(signature: signature.value, of: content(), by: signature.key)
        lock.lock()
        results[key] = valid
        lock.unlock()
        return valid
    }

    /// The events among `events` whose signatures this process has found valid.
    func verified(_ events: some Sequence<Event>) -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return events.compactMap { event in
            guard let signature = event.signature, results[event.id + signature.key + signature.value] == true else { return nil }
            return event.id
        }
    }

    /// Records signatures checked by an earlier process (read back from the event cache).
    func remember(_ events: some Sequence<Event>) {
        lock.lock()
        defer { lock.unlock() }
        for event in events {
            guard let signature = event.signature else { continue }
            results[event.id + signature.key + signature.value] = true
        }
    }
}
