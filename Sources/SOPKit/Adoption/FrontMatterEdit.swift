import Markdown

/// Setting one front matter field in a procedure's text, leaving every other line as it is.
enum FrontMatterEdit {
    /// The text with `field: value` replaced (or added before the closing `---`).
    static func setting(_ field: String, to value: String, in text: String) -> String {
        var lines = Lines.split(text).map(String.init)
        guard lines.first.map({ Lines.trimmed($0) == "---" }) == true,
            let end = lines.indices.dropFirst().first(where: { Lines.trimmed(lines[$0]) == "---" })
        else { return text }
        let line = "\(field): \(value)"
        if let index = (1..<end).first(where: { lines[$0].hasPrefix(field + ":") }) {
            lines[index] = line
        } else {
            lines.insert(line, at: end)
        }
        return lines.joined(separator: "\n")
    }

    /// `1.0` → `1.1`, `2` → `2.1`.
    static func nextMinor(_ version: String) -> String {
        var parts = version.split(separator: ".").map { Int($0) ?? 0 }
        if parts.count < 2 { parts.append(0) }
        parts[1] += 1
        return parts.prefix(max(2, parts.count)).map(String.init).joined(separator: ".")
    }
}
