import Foundation
import Markdown

/// `sop lint --fix`: gives every heading without a `{#id}` one made from its title.
public enum SectionFixer {
    /// The text with IDs added, and how many were added. IDs already in the file are kept
    /// and never reused.
    public static func addMissingIDs(to text: String, path: String) throws -> (text: String, added: Int) {
        let split = try FrontMatter.split(text, path: path)
        let document = MarkdownDocument(split?.body ?? text, firstLine: split?.bodyFirstLine ?? 1)
        var lines = Lines.split(text).map(String.init)
        var used = Set(document.headings.compactMap(\.id))
        var added = 0
        for heading in document.headings where heading.id == nil {
            let index = heading.line - 1
            guard lines.indices.contains(index) else { continue }
            let base = SectionRules.slug(heading.title)
            var id = base
            var counter = 2
            while used.contains(id) {
                id = "\(base)-\(counter)"
                counter += 1
            }
            used.insert(id)
            lines[index] = withID(lines[index], id: id)
            added += 1
        }
        return (lines.joined(separator: "\n"), added)
    }

    /// Appends ` {#id}` to a heading line, before an ATX closing sequence if there is one.
    static func withID(_ line: String, id: String) -> String {
        var text = line
        var trailing = ""
        if text.hasSuffix("\r") {
            text.removeLast()
            trailing = "\r"
        }
        while text.last == " " { text.removeLast() }
        if text.trimmingCharacters(in: .whitespaces).hasPrefix("#"), let closing = text.range(of: " #+$", options: .regularExpression) {
            text.removeSubrange(closing)
            while text.last == " " { text.removeLast() }
        }
        return text + " {#\(id)}" + trailing
    }
}
