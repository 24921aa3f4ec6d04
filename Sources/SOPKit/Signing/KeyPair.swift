@preconcurrency import Crypto
import Foundation

/// An Ed25519 key pair of one official, kept in the user's key directory.
///
/// The private key never enters the repository. Its file must be readable by its owner only;
/// `sop` refuses to use it otherwise, because a key others can read is no longer a signature.
public struct KeyPair: Sendable {
    public let participant: String
    public let name: String
    public let role: String?
    let privateKey: Curve25519.Signing.PrivateKey

    /// `ed25519:` and the base64 of the 32-byte public key, as set.yaml lists it.
    public var publicKey: String { KeyPair.encode(privateKey.publicKey) }

    public static func encode(_ key: Curve25519.Signing.PublicKey) -> String {
        "ed25519:" + key.rawRepresentation.base64EncodedString()
    }

    /// A public key as people compare it at a glance, in `sop key list` and the print edition's
    /// approval record: `ed25519:` and the first 16 characters of its base64, then `…`.
    public static func shortForm(_ publicKey: String) -> String { String(publicKey.prefix(24)) + "…" }

    public static func decodePublicKey(_ text: String) -> Curve25519.Signing.PublicKey? {
        guard text.hasPrefix("ed25519:"), let data = Data(base64Encoded: String(text.dropFirst(8))) else { return nil }
        return try? Curve25519.Signing.PublicKey(rawRepresentation: data)
    }

    public static func generate(participant: String, name: String, role: String?) -> KeyPair {
        KeyPair(participant: participant, name: name, role: role, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The Ed25519 signature of `data`, in base64.
    public func sign(_ data: Data) throws -> String {
        try privateKey.signature(for: data).base64EncodedString()
    }

    public static func isValid(signature: String, of data: Data, by publicKey: String) -> Bool {
        guard let key = decodePublicKey(publicKey), let bytes = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(bytes, for: data)
    }

    /// `$SOP_KEY_DIR`, or `~/.config/sop/keys`.
    public static var directory: URL {
        if let path = ProcessInfo.processInfo.environment["SOP_KEY_DIR"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/sop/keys")
    }

    static func file(for participant: String, in directory: URL) -> URL {
        directory.appendingPathComponent("\(participant).key")
    }

    /// Replaces the participant's key file with `new`, keeping the old one beside it as
    /// `CODE.key.retired-TIME`, while `change` records the rotation; when `change` fails the
    /// old file is put back and nothing is left of the new one.
    public static func replace<Result>(
        _ old: KeyPair, with new: KeyPair, in directory: URL = KeyPair.directory, at time: Date, _ change: () throws -> Result
    ) throws -> Result {
        let current = file(for: old.participant, in: directory)
        let retired = directory.appendingPathComponent("\(old.participant).key.retired-\(Timestamp.string(time))")
        try FileManager.default.moveItem(at: current, to: retired)
        do {
            _ = try new.save(in: directory)
            return try change()
        } catch {
            try? FileManager.default.removeItem(at: current)
            try? FileManager.default.moveItem(at: retired, to: current)
            throw error
        }
    }

    /// Writes the key file with mode 0600, refusing to overwrite an existing key.
    public func save(in directory: URL = KeyPair.directory) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let url = KeyPair.file(for: participant, in: directory)
        var content: [String: JSONValue] = [
            "format": 1, "participant": .string(participant), "name": .string(name), "public": .string(publicKey),
            "private": .string(privateKey.rawRepresentation.base64EncodedString()),
        ]
        content["role"] = role.map(JSONValue.string)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw SOPError(
                .exists, "a key for \(participant) already exists at \(url.path)",
                hint: "revoke it with `sop key revoke --as \(participant)` and move the file away first")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((JSONValue.object(content).serialized(pretty: true) + "\n").utf8))
        return url
    }

    /// Reads the key of a participant, refusing a file that others can read.
    public static func load(for participant: String, in directory: URL = KeyPair.directory) throws -> KeyPair? {
        let url = file(for: participant, in: directory)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let mode = (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int) ?? 0
        guard mode & 0o077 == 0 else {
            throw SOPError(
                .invalidFile, "the private key \(url.path) is open to others (mode \(String(mode, radix: 8)))",
                hint: "run `chmod 600 \(url.path)`")
        }
        guard let value = try? JSONParser.parse(Array(try Data(contentsOf: url))),
            let secret = value["private"]?.string.flatMap({ Data(base64Encoded: $0) }),
            let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: secret),
            value["participant"]?.string == participant
        else {
            throw SOPError(.invalidFile, "\(url.path) is not a sop key file", at: Location(url.path))
        }
        return KeyPair(participant: participant, name: value["name"]?.string ?? "", role: value["role"]?.string, privateKey: key)
    }
}
