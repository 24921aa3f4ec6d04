import Crypto
import Foundation

/// SHA-256 in lowercase hex: the IDs of events, the fingerprints of sections, the publish cache.
public enum ContentHash {
    public static func of(_ data: Data) -> String { hex(SHA256.hash(data: data)) }
    public static func of(_ text: String) -> String { of(Data(text.utf8)) }

    /// Hex digits without `String(format:)`, which costs a microsecond a byte on Linux.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
