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

    /// The name that stands for the consultation portal's keys in set.yaml and `--as`.
    public static let portal = "portal"

    public func keys(for participant: String) -> [RegisteredKey] {
        if participant == Round.secretariat { return set.secretariat.keys }
        if participant == KeyRegistry.portal { return set.portal?.keys ?? [] }
        return set.participant(participant)?.focalPoints.flatMap(\.keys) ?? []
    }

    /// Why an event's signature does not hold, or nil when it is valid.
    public func problem(with event: Event) -> String? {
        guard let signature = event.signature else { return "the event is not signed" }
        // An event written through the portal is signed with the portal's key and names the
        // account that wrote it; the portal's key speaks for nobody without one.
        let throughPortal = event.via == KeyRegistry.portal
        if throughPortal, event.account?.isEmpty != false { return "an event written through the portal must name its account" }
        let signer = throughPortal ? KeyRegistry.portal : event.participant
        guard let registered = keys(for: signer).first(where: { $0.key == signature.key }) else {
            return throughPortal
                ? "signed through the portal with a key that is not registered as the portal's in set.yaml"
                : "signed with a key that is not registered for \(event.participant)"
        }
        if let revoked = registered.revoked, event.at >= revoked {
            return "signed with a key of \(signer) revoked at \(Timestamp.string(revoked))"
        }
        if let added = registered.added, event.at < added {
            return "signed before the key of \(signer) was registered"
        }
        guard SignatureMemo.shared.isValid(event, signature) else {
            return "the signature does not match the event (forged or changed after signing)"
        }
        return nil
    }
}
