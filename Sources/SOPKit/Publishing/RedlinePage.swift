import Foundation
import Markdown

/// A procedure's changes since the previous published version, word by word, by section.
enum RedlinePage {
    static func context(_ diff: ProcedureDiff, facts: ProcedureFacts, model: SiteModel, page: String) -> [String: Any] {
        var context = model.common(page: page)
        let root = SiteModel.root(of: page)
        context.merge(
            SiteModel.compact([
                "id": facts.id, "title": facts.title, "from": diff.from, "to": diff.to,
                "procedurePage": root + SiteModel.procedurePage(facts.id),
                "hasFields": !diff.metadata.isEmpty,
                "fields": diff.metadata.isEmpty ? nil : diff.metadata.map { SiteModel.compact(["field": $0.field, "old": $0.old, "new": $0.new]) },
                "sections": diff.sections.map { change in
                    SiteModel.compact([
                        "id": change.id,
                        "title": [change.newNumber ?? change.oldNumber, change.newTitle ?? change.oldTitle].compactMap { $0 }.joined(separator: " "),
                        "kinds": change.kinds.map(\.rawValue).joined(separator: ", "),
                        "oldTitle": change.oldTitle != change.newTitle ? change.oldTitle : nil,
                        "html": change.words.map(html),
                    ])
                },
            ])) { _, new in new }
        return context
    }

    /// Deleted words in `<del>`, inserted ones in `<ins>`, the rest as text; everything escaped.
    /// Lines the source wrapped inside a paragraph are joined, so the text reflows on a phone;
    /// paragraphs, list items, table rows and headings keep their own lines.
    static func html(_ words: WordDiff) -> String {
        words.segments.map { segment in
            let text = MarkdownDocument.escape(unwrap(segment.text))
            switch segment.op {
            case .equal: return text
            case .delete: return "<del>\(text)</del>"
            case .insert: return "<ins>\(text)</ins>"
            }
        }.joined()
    }

    static func unwrap(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var output = ""
        var joined = false
        for (index, line) in lines.enumerated() {
            output += joined ? line.drop { $0 == " " || $0 == "\t" } : line
            guard index + 1 < lines.count else { break }
            let next = lines[index + 1]
            let startsBlock = next.trimmingCharacters(in: .whitespaces).isEmpty
                || next.drop { $0 == " " }.first.map { "-*+>|#".contains($0) } == true
                || next.drop { $0 == " " }.prefix { $0.isNumber }.count > 0 && next.drop { $0 == " " }.drop { $0.isNumber }.hasPrefix(". ")
            joined = !(line.trimmingCharacters(in: .whitespaces).isEmpty || startsBlock)
            output += joined ? " " : "\n"
        }
        return output
    }
}

extension WordDiff {
    /// The changes as HTML: deleted words in `<del>`, inserted ones in `<ins>`, all escaped.
    public var html: String { RedlinePage.html(self) }
}
