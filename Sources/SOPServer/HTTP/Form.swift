import Foundation

/// The fields of a posted form (`application/x-www-form-urlencoded` or `multipart/form-data`),
/// and its uploaded files.
struct Form: Sendable {
    struct File: Sendable {
        var name: String
        var data: Data
    }

    private(set) var fields: [String: [String]] = [:]
    private(set) var files: [String: File] = [:]

    /// The first value of a field, trimmed of surrounding whitespace; nil when absent or empty.
    subscript(_ name: String) -> String? {
        guard let value = fields[name]?.first?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func all(_ name: String) -> [String] { fields[name] ?? [] }
    func file(_ name: String) -> File? { files[name] }

    mutating func add(_ name: String, _ value: String) { fields[name, default: []].append(value) }

    /// Decodes `a=1&b=two+words` (`+` is a space, `%XX` a byte of UTF-8).
    init(urlEncoded body: [UInt8]) throws {
        for pair in body.split(separator: UInt8(ascii: "&")) where !pair.isEmpty {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            add(try Form.decode(parts[0]), parts.count > 1 ? try Form.decode(parts[1]) : "")
        }
    }

    init() {}

    static func decode(_ bytes: ArraySlice<UInt8>) throws -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                output.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2])
                else { throw PortalError.badRequest("error.formEscape") }
                output.append(high << 4 | low)
                index += 2
            } else {
                output.append(byte)
            }
            index += 1
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw PortalError.badRequest("error.formNotText") }
        return text
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Decodes `multipart/form-data` (RFC 7578): text parts become fields, parts with a
    /// filename become files.
    init(multipart body: [UInt8], boundary: String) throws {
        // RFC 2046 allows 1 to 70 characters; a longer one only makes the search slower.
        guard (1...70).contains(boundary.utf8.count) else { throw PortalError.badRequest("error.uploadBoundary") }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        while let found = Form.find(delimiter, in: body, from: index) {
            if let start { parts.append(body[start..<max(start, found - 2)]) }
            index = found + delimiter.count
            if body[index...].starts(with: Array("--".utf8)) { break }
            guard body[index...].starts(with: [13, 10]) else { throw PortalError.badRequest("error.uploadMalformed") }
            start = index + 2
        }
        for part in parts {
            guard let split = Form.find([13, 10, 13, 10], in: Array(part), from: 0) else { throw PortalError.badRequest("error.uploadMalformed") }
            let bytes = Array(part)
            let head = String(decoding: bytes[..<split], as: UTF8.self)
            let content = Array(bytes[(split + 4)...])
            let disposition = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-disposition:") }.map(String.init) ?? ""
            guard let name = Form.parameter("name", in: disposition) else { continue }
            if let filename = Form.parameter("filename", in: disposition) {
                if !content.isEmpty || !filename.isEmpty { files[name] = File(name: filename, data: Data(content)) }
            } else {
                guard let text = String(validating: content, as: UTF8.self) else { throw PortalError.badRequest("error.formNotText") }
                add(name, text)
            }
        }
    }

    private static func parameter(_ key: String, in header: String) -> String? {
        guard let range = header.range(of: " \(key)=\"") ?? header.range(of: ";\(key)=\"") else { return nil }
        let rest = header[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// The first place of `needle` at or after `start` (Knuth–Morris–Pratt: linear, however
    /// the body repeats parts of the boundary).
    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        var fallback = [0] + Array(repeating: 0, count: needle.count - 1)
        var matched = 0
        for index in needle.indices.dropFirst() {
            while matched > 0, needle[index] != needle[matched] { matched = fallback[matched - 1] }
            if needle[index] == needle[matched] { matched += 1 }
            fallback[index] = matched
        }
        matched = 0
        var index = start
        while index < haystack.count {
            while matched > 0, haystack[index] != needle[matched] { matched = fallback[matched - 1] }
            if haystack[index] == needle[matched] { matched += 1 }
            if matched == needle.count { return index - needle.count + 1 }
            index += 1
        }
        return nil
    }
}
