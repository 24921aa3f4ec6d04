import Foundation

/// A heading as a reader sees it, split into its number, title and `{#id}`.
public struct Heading: Sendable, Equatable {
    public let level: Int
    /// The section number the heading starts with (`5.2`), without a trailing dot.
    public let number: String?
    /// The heading text without its number and `{#id}`.
    public let title: String
    /// What stands inside a trailing `{#…}`, exactly as written (validated by callers).
    public let id: String?
    /// Where the heading starts in the source, from 1.
    public let line: Int
    public let column: Int

    /// Splits a heading's plain text into number, title and ID.
    init(level: Int, text: String, line: Int, column: Int) {
        self.level = level
        self.line = line
        self.column = column
        var rest = Lines.trimmed(text)
        var id: String?
        if let (before, found) = Heading.splitID(rest) {
            id = found
            rest = before
        }
        self.id = id
        var number: String?
        if let first = rest.split(separator: " ", maxSplits: 1).first,
            first.first?.isNumber == true,
            first.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            !first.contains("..")
        {
            let trimmed = first.hasSuffix(".") ? first.dropLast() : first
            number = String(trimmed)
            rest = rest.dropFirst(first.count)
        }
        self.number = number
        title = String(Lines.trimmed(rest))
    }

    /// Splits `text {#id}` (trailing blanks allowed) into the text before the brace and the ID.
    static func splitID<S: StringProtocol>(_ text: S) -> (Substring, String)? {
        let trimmed = Lines.trimmed(text)
        guard trimmed.last == "}", let hash = trimmed.lastIndex(of: "#"), hash > trimmed.startIndex else { return nil }
        let brace = trimmed.index(before: hash)
        guard trimmed[brace] == "{" else { return nil }
        let id = trimmed[trimmed.index(after: hash)..<trimmed.index(before: trimmed.endIndex)]
        guard !id.contains("{") else { return nil }
        return (trimmed[..<brace], String(id))
    }
}
