import Foundation

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
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func isFence(_ line: Substring, closing: Bool) -> Bool {
            let trimmed = line.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            return trimmed == "---" || (closing && trimmed == "...")
        }
        guard let first = lines.first, isFence(first, closing: false) else { return nil }
        guard let end = lines.indices.dropFirst().first(where: { isFence(lines[$0], closing: true) }) else {
            throw SOPError(
                .invalidFile, "front matter opened on line 1 is never closed", at: Location(path, line: 1, column: 1),
                hint: "end the front matter with a line containing only ---")
        }
        return FrontMatter(
            yaml: lines[1..<end].joined(separator: "\n"),
            yamlFirstLine: 2,
            body: lines[(end + 1)...].joined(separator: "\n"),
            bodyFirstLine: end + 2)
    }
}
