import Foundation

/// A relative link split into the file it names and the section fragment it points at.
public struct CrossReference: Sendable, Equatable {
    public let file: String
    public let fragment: String?

    public init(_ destination: String) {
        if let hash = destination.firstIndex(of: "#") {
            file = String(destination[..<hash])
            let fragment = String(destination[destination.index(after: hash)...])
            self.fragment = CrossReference.decoded(fragment)
        } else {
            file = destination
            fragment = nil
        }
    }

    /// The URL scheme of a destination (`https`, `javascript`), or nil for a relative link.
    public static func scheme(of destination: String) -> String? {
        guard let colon = destination.firstIndex(of: ":") else { return nil }
        let scheme = destination[..<colon]
        guard let first = scheme.first, first.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) })
        else { return nil }
        return String(scheme)
    }

    /// A link path resolved against the linking file's directory, or nil when it climbs out.
    public static func resolve(_ file: String, from directory: String) -> String? {
        let decoded = CrossReference.decoded(file)
        guard !decoded.hasPrefix("/") else { return nil }
        var parts = directory.split(separator: "/").map(String.init)
        for part in decoded.split(separator: "/") {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(part))
            }
        }
        return parts.joined(separator: "/")
    }

    /// `text` with its percent escapes decoded (as it was, when one is malformed). Most links
    /// have none, and Foundation's decoding costs more than the rest of resolving a link.
    static func decoded(_ text: String) -> String {
        text.utf8.contains(UInt8(ascii: "%")) ? text.removingPercentEncoding ?? text : text
    }
}
