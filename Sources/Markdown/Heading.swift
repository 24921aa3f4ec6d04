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
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var id: String?
        if rest.hasSuffix("}"), let open = rest.range(of: "{#", options: .backwards) {
            id = String(rest[open.upperBound..<rest.index(before: rest.endIndex)])
            rest = rest[..<open.lowerBound]
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
        title = rest.trimmingCharacters(in: .whitespaces)
    }
}
