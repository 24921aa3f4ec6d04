import Foundation

/// One signed change to the key registry, stored as `entries/<sequence>.json` in
/// `refs/sop/registry`.
///
/// Entries form a hash chain (each names the ID of the one before it, TUF-style), so a replica
/// can neither drop, reorder nor insert an entry without the chain breaking: the order of
/// registrations and revocations is the chain's, never a time the signer wrote.
public struct RegistryEntry: Sendable, Equatable {
    public static let format = 2

    public enum Kind: String, Sendable, CaseIterable {
        /// The first entry: the secretariat's first key, signed by itself; the trust root.
        case root
        /// A key given to a holder (the secretariat, the portal or a participant).
        case keyAdded = "key-added"
        /// A key that stops counting from this entry on.
        case keyRevoked = "key-revoked"
        /// The root moves to another secretariat key; the old root key is revoked with it.
        case rootRotated = "root-rotated"
    }

    /// The SHA-256 of the canonical JSON without `id` and `signature`, in hex.
    public let id: String
    /// The whole object as stored, for hashing and for keeping fields this version does not know.
    public let body: [String: JSONValue]
    public let kind: Kind
    /// 1 for the root, then one more for each entry.
    public let sequence: Int
    /// The ID of entry `sequence - 1`; nil only for the root.
    public let previous: String?
    /// `secretariat`, `portal` or a participant code.
    public let holder: String
    /// The key added or revoked (for a rotation: the new root).
    public let key: String
    public let name: String?
    public let role: String?
    /// `Name <email>` of the person who made the change.
    public let author: String
    /// When the signer says it made the change; shown to people, never used to order anything.
    public let at: Date
    public let signature: Event.Signature
    /// On a revocation: the IDs of the adoption records the revoked key sealed that keep
    /// counting (see ``Record/isSealed(by:)``).
    public let keeps: [String]

    /// The longest registry this version reads: far more keys than a region will ever hold.
    public static let maximumSequence = 100_000

    /// Builds and signs an entry.
    public static func make(
        _ kind: Kind, sequence: Int, previous: String?, holder: String, key: String, name: String?, role: String?, author: String,
        at: Date, signer: KeyPair, keeps: [String] = []
    ) throws -> RegistryEntry {
        var body: [String: JSONValue] = [
            "format": .int(format), "type": .string(kind.rawValue), "sequence": .int(sequence), "holder": .string(holder),
            "key": .string(key), "author": .string(author), "at": .string(Timestamp.string(at)),
        ]
        body["previous"] = previous.map(JSONValue.string)
        body["name"] = name.map(JSONValue.string)
        body["role"] = role.map(JSONValue.string)
        if !keeps.isEmpty { body["keeps"] = .array(keeps.sorted().map(JSONValue.string)) }
        let content = Event.content(body)
        body["id"] = .string(ContentHash.of(content))
        body["signature"] = .object(["key": .string(signer.publicKey), "value": .string(try signer.sign(content))])
        return try RegistryEntry(body: body, path: path(for: sequence))
    }

    /// Reads a stored entry, checking its ID, its path and the shape of every field once.
    public init(json data: Data, path: String) throws {
        guard data.count <= 64 * 1024 else { throw SOPError(.tooLarge, "registry entry larger than 64 KB", at: Location(path)) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch let failure as JSONParser.Failure {
            throw SOPError(.invalidFile, "malformed registry entry: \(failure.reason) at byte \(failure.offset)", at: Location(path))
        }
        guard let object = value.object else { throw SOPError(.invalidFile, "a registry entry is a JSON object", at: Location(path)) }
        try self.init(body: object, path: path)
    }

    init(body: [String: JSONValue], path: String) throws {
        func fail(_ message: String) -> SOPError { SOPError(.invalidFile, "registry entry: \(message)", at: Location(path)) }
        guard body["format"]?.int == RegistryEntry.format else { throw fail("format must be \(RegistryEntry.format)") }
        guard let id = body["id"]?.string, ContentHash.of(Event.content(body)) == id else {
            throw fail("its content does not match its id (it was changed after it was signed)")
        }
        guard let kind = body["type"]?.string.flatMap(Kind.init(rawValue:)) else { throw fail("unknown type") }
        guard let sequence = body["sequence"]?.int, (1...RegistryEntry.maximumSequence).contains(sequence) else {
            throw fail("'sequence' must be a whole number from 1 to \(RegistryEntry.maximumSequence)")
        }
        guard path == RegistryEntry.path(for: sequence) else { throw fail("entry \(sequence) is stored at the wrong path") }
        let previous = body["previous"]?.string
        guard (sequence == 1) == (previous == nil) else { throw fail("only the first entry has no 'previous'") }
        guard let holder = body["holder"]?.string, holder == Round.secretariat || holder == KeyRegistry.portal || Participant.isCode(holder) else {
            throw fail("'holder' must be secretariat, portal or a participant code")
        }
        guard let key = body["key"]?.string, KeyPair.decodePublicKey(key) != nil else { throw fail("'key' is not an ed25519 public key") }
        guard let author = body["author"]?.string, let at = body["at"]?.string.flatMap(Timestamp.parse) else {
            throw fail("needs 'author' and a UTC 'at'")
        }
        guard let signature = body["signature"]?.object, let signer = signature["key"]?.string, let value = signature["value"]?.string else {
            throw fail("it is not signed")
        }
        for field in ["name", "role"] where body[field] != nil && body[field]?.string == nil { throw fail("'\(field)' must be text") }
        let keeps = body["keeps"]?.array ?? []
        guard keeps.count <= 100_000, keeps.allSatisfy({ $0.string.map { $0.count == 64 && $0.allSatisfy(\.isHexDigit) } ?? false }) else {
            throw fail("'keeps' must list record IDs (64 hex digits)")
        }
        self.id = id
        self.body = body
        self.kind = kind
        self.sequence = sequence
        self.previous = previous
        self.holder = holder
        self.key = key
        self.name = body["name"]?.string
        self.role = body["role"]?.string
        self.author = author
        self.at = at
        self.signature = Event.Signature(key: signer, value: value)
        self.keeps = keeps.compactMap(\.string)
    }

    /// Whether the signature holds for the bytes hashed into the ID (not who may sign: see ``Registry``).
    var isSignatureValid: Bool { SignatureMemo.shared.isValid(id: id, signature, content: Event.content(body)) }

    /// `entries/000001.json`: zero-padded, so the files list in chain order.
    public static func path(for sequence: Int) -> String { "entries/" + String(format: "%06d", sequence) + ".json" }

    public var path: String { RegistryEntry.path(for: sequence) }

    /// The stored form, indented for people reading the repository.
    public var json: Data { Data((JSONValue.object(body).serialized(pretty: true) + "\n").utf8) }
}
