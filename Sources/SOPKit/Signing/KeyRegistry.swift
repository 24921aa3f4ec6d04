import Foundation
import Git

/// The public keys of set.yaml, by participant, for checking signatures on events.
public struct KeyRegistry: Sendable {
    public let set: ProtocolSet

    public init(set: ProtocolSet) { self.set = set }

    /// The registry of the text in force: set.yaml on `main` (HEAD when there is no main).
    public static func current(_ repository: Repository) -> KeyRegistry? {
        let candidates = ["refs/heads/main", "refs/remotes/origin/main"].compactMap { (try? repository.reference($0)) ?? nil }
        guard let commit = candidates.first ?? (try? repository.head()) ?? nil,
            let data = try? repository.file(at: ProtocolSet.path, inCommit: commit),
            let set = try? ProtocolSet.parse(String(decoding: data, as: UTF8.self))
        else { return nil }
        return KeyRegistry(set: set)
    }

    public func keys(for participant: String) -> [RegisteredKey] {
        if participant == Round.secretariat { return set.secretariat.keys }
        return set.participant(participant)?.focalPoints.flatMap(\.keys) ?? []
    }

    /// Why an event's signature does not hold, or nil when it is valid.
    public func problem(with event: Event) -> String? {
        guard let signature = event.signature else { return "the event is not signed" }
        guard let registered = keys(for: event.participant).first(where: { $0.key == signature.key }) else {
            return "signed with a key that is not registered for \(event.participant)"
        }
        if let revoked = registered.revoked, event.at >= revoked {
            return "signed with a key of \(event.participant) revoked at \(Timestamp.string(revoked))"
        }
        if let added = registered.added, event.at < added {
            return "signed before the key of \(event.participant) was registered"
        }
        guard SignatureMemo.shared.isValid(event, signature) else {
            return "the signature does not match the event (forged or changed after signing)"
        }
        return nil
    }
}
