import Foundation

/// Turns the bytes of a workspace file into text, refusing what no editor should have saved.
public enum TextFile {
    /// The largest procedure or configuration file `sop` reads: well above any real SOP, low
    /// enough that a stray data dump is refused before it is parsed.
    public static let sizeLimit = 10 * 1024 * 1024

    /// Checks the size and decodes UTF-8 strictly (a leading byte-order mark is dropped).
    public static func decode(_ data: Data, path: String) throws -> String {
        try checkSize(data.count, path: path)
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let (offset, line, column) = firstInvalidByte(in: Array(bytes))
        throw SOPError(
            .invalidFile,
            "invalid UTF-8: byte 0x\(String(format: "%02X", bytes[bytes.startIndex + offset])) at offset \(offset) is not valid UTF-8",
            at: Location(path, line: line, column: column), hint: "save the file with UTF-8 encoding")
    }

    /// Refuses a file over `sizeLimit` before anything reads it.
    public static func checkSize(_ size: Int, path: String) throws {
        guard size <= sizeLimit else {
            throw SOPError(
                .tooLarge, "file is \(megabytes(size)); procedures are limited to \(megabytes(sizeLimit))",
                at: Location(path), hint: "split the document, or move data tables out of Procedures/")
        }
    }

    /// Reads a file from disk after checking its size, so a 50 MB file is never loaded.
    public static func read(_ url: URL, path: String) throws -> String {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        try checkSize(size, path: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw SOPError(.io, "cannot read \(path): \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    private static func firstInvalidByte(in bytes: [UInt8]) -> (offset: Int, line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (index, line, index - lineStart + 1)
            }
            guard index + length <= bytes.count,
                bytes[(index + 1)..<(index + length)].allSatisfy({ $0 & 0xC0 == 0x80 }),
                String(validating: bytes[index..<(index + length)], as: UTF8.self) != nil
            else { return (index, line, index - lineStart + 1) }
            if byte == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += length
        }
        return (index, line, 1)
    }
}
