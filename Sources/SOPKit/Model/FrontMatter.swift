import Foundation
import Markdown

/// The split of a Markdown file into its YAML front matter and its body.
struct FrontMatter {
    let yaml: String
    /// File line of the first YAML line (the line after the opening `---`).
    let yamlFirstLine: Int
    let body: String
    /// File line of the body's first line.
    let bodyFirstLine: Int

    /// Splits at the `---` fences; nil when the file does not start with one.
    static func split(_ text: String, path: String) throws -> FrontMatter? {
        // Scans line by line over the bytes and stops at the closing fence, so a long body is
        // never split into lines here.
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var lineNumber = 1
        var yamlStart: String.Index?
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let line = Lines.trimmed(text[lineStart..<lineEnd])
            let next = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
            if let start = yamlStart {
                if line == "---" || line == "..." {
                    return FrontMatter(
                        yaml: String(text[start..<lineStart]), yamlFirstLine: 2, body: String(text[next...]),
                        bodyFirstLine: lineNumber + 1)
                }
            } else {
                guard line == "---" else { return nil }
                yamlStart = next
            }
            lineStart = next
            lineNumber += 1
        }
        guard yamlStart != nil else { return nil }
        throw SOPError(
            .invalidFile, "front matter opened on line 1 is never closed", at: Location(path, line: 1, column: 1),
            hint: "end the front matter with a line containing only ---")
    }
}
