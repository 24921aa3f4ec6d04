import Foundation

/// The sealed record of an adoption, carried in the message of the annotated tag `set/<version>`
/// so that a clone with nothing but the tag can verify who approved what, on which text, under
/// which rule.
public struct Record: Sendable {
    static let begin = "-----BEGIN SOP RECORD-----"
    static let end = "-----END SOP RECORD-----"
    /// The shape of the records sop writes: 3 added `undisposed`, 4 adds an adoption's
    /// `acknowledgement` terms and the acknowledgement records. `sop verify` reads 2 to 4.
    public static let format = 4
    static let readableFormats = [2, 3, 4]

    /// The record's JSON object, `signature` included.
    public let body: [String: JSONValue]

    public var version: String { body["version"]?.string ?? "" }
    public var round: String { body["round"]?.string ?? "" }
    public var rule: DecisionRule? { body["rule"]?.string.flatMap(DecisionRule.init(rawValue:)) }
    public var revision: String { body["revision"]?["commit"]?.string ?? "" }
    public var participants: [String] { body["participants"]?.array?.compactMap(\.string) ?? [] }
    public var fingerprints: [String: String] { (body["fingerprints"]?.object ?? [:]).compactMapValues(\.string) }
    public var positions: [[String: JSONValue]] { body["positions"]?.array?.compactMap(\.object) ?? [] }
    public var outcome: String { body["outcome"]?["result"]?.string ?? "" }
    /// The decision rule's sentence on the outcome, as sop wrote it (in English).
    public var outcomeSummary: String? { body["outcome"]?["summary"]?.string }
    /// The procedures the record adopted, in the order it lists them.
    public var procedures: [Adopted] {
        (body["procedures"]?.array ?? []).compactMap { entry in
            entry["id"]?.string.map { Adopted(id: $0, version: entry["version"]?.string, effective: entry["effective"]?.string.flatMap(Day.init)) }
        }
    }
    /// The key that sealed the record (a secretariat key, when the seal holds).
    public var sealKey: String? { body["signature"]?["key"]?.string }
    /// Whether participants must acknowledge what the adoption brought into force, and within
    /// what period of its taking effect. A record without the field (before format 4) asked
    /// for acknowledgement within the default period.
    public var acknowledgement: AcknowledgementTerms {
        guard let terms = body["acknowledgement"] else { return .standard }
        return AcknowledgementTerms(
            required: terms["required"]?.bool ?? true, within: terms["within"]?.string.flatMap(Period.init) ?? Period.acknowledgement)
    }
    /// The comments the secretariat had not answered when it adopted (`TT-3`); a record
    /// without the field says there were none.
    public var undisposed: [String] { body["undisposed"]?.array?.compactMap(\.string) ?? [] }
    public var adopted: Date? { body["adopted"]?.string.flatMap(Timestamp.parse) }
    public var closed: Date? { body["closed"]?.string.flatMap(Timestamp.parse) }
    /// The deadline with paused time added, which the silence rule needs.
    public var closes: Date? { body["closes"]?.string.flatMap(Timestamp.parse) }
    /// The key registry the record was sealed under: its length and last entry.
    public var registry: (sequence: Int, head: String?)? {
        body["registry"]?["sequence"]?.int.map { ($0, body["registry"]?["head"]?.string) }
    }
    /// The chain of the key registry up to ``registry``, as the record carries it.
    public func registryEntries() throws -> [RegistryEntry] {
        try (body["registry"]?["entries"]?.array ?? []).enumerated().map { index, value in
            guard let object = value.object else { throw SOPError(.invalidFile, "registry entry \(index + 1) of the record is not an object") }
            return try RegistryEntry(body: object, path: RegistryEntry.path(for: object["sequence"]?.int ?? 0))
        }
    }
    /// Position ID → the registry sequence of the checkpoint that holds it.
    public var checkpointed: [String: Int] { (body["checkpointed"]?.object ?? [:]).compactMapValues(\.int) }

    public init(body: [String: JSONValue]) { self.body = body }

    /// A procedure as a record adopted it: the version it brought into force and from when.
    public struct Adopted: Sendable, Equatable {
        public let id: String
        public let version: String?
        public let effective: Day?
    }

    /// The key registry a record is sealed under: its whole chain, so that a clone with the tag
    /// alone can check every key as it stood then.
    static func registryBody(_ keys: Registry) -> JSONValue {
        var registry: [String: JSONValue] = ["sequence": .int(keys.sequence), "entries": .array(keys.entries.map { .object($0.body) })]
        registry["head"] = keys.head.map(JSONValue.string)
        return .object(registry)
    }

    /// What the secretariat signs: the canonical JSON of the record without its signature.
    public var signedContent: Data {
        var content = body
        content["signature"] = nil
        return Data(JSONValue.object(content).serialized().utf8)
    }

    public func signed(with key: KeyPair) throws -> Record {
        var body = self.body
        body["signature"] = .object(["key": .string(key.publicKey), "value": .string(try key.sign(signedContent))])
        return Record(body: body)
    }

    /// The record's own ID: the hash of what the secretariat signed.
    public var id: String { ContentHash.of(signedContent) }

    /// Whether the record carries a valid signature by a key of one of `holders` (the
    /// secretariat's, unless said) that counts in `registry`: one not revoked, or revoked by an
    /// entry that keeps this record (the root names the records a key sealed when it revokes
    /// it, so a thief with that key cannot seal a new one and date it before the revocation).
    public func isSealed(by registry: KeyRegistry, holders: Set<String> = [Round.secretariat]) -> Bool {
        guard let signer = sealKey, let value = body["signature"]?["value"]?.string,
            let key = registry.keys.keys[signer], holders.contains(key.holder), key.isValid || key.kept.contains(id)
        else { return false }
        return KeyPair.isValid(signature: value, of: signedContent, by: signer)
    }

    /// The tag message: the signed summary for people, then the record between markers.
    public var message: String {
        (body["summary"]?.string ?? "") + "\n\n" + Record.begin + "\n" + JSONValue.object(body).serialized(pretty: true) + "\n" + Record.end + "\n"
    }

    /// Reads the record out of a tag message.
    public static func parse(_ message: String) throws -> Record {
        guard let start = message.range(of: begin), let stop = message.range(of: end, range: start.upperBound..<message.endIndex) else {
            throw SOPError(.invalidFile, "the tag message holds no sop record")
        }
        let json = message[start.upperBound..<stop.lowerBound]
        guard let value = try? JSONParser.parse(Array(json.utf8)), let object = value.object else {
            throw SOPError(.invalidFile, "the record in the tag message is not valid JSON")
        }
        return Record(body: object)
    }
}
