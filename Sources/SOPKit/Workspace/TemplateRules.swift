import Foundation
import Markdown

/// What the default template (`Templates/procedure.md`) asks of every procedure: its
/// top-level sections present, and the words it means to be replaced gone.
///
/// Both are read from the template itself, so a set that changes its template changes what
/// lint requires, with no list to keep in step.
public struct TemplateRules: Sendable {
    /// Words of the template a procedure must not keep.
    public struct Placeholder: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// The title of one of the template's example subsections ("Second step").
            case heading
            /// One of its italic instructions, or the part of one between `{{…}}` fields.
            case sentence
        }

        public let kind: Kind
        /// As written in the template, spaces collapsed.
        public let text: String
        /// Lowercased, spaces collapsed: what a procedure's text is compared with.
        let key: String

        init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = TemplateRules.collapsed(text)
            key = self.text.lowercased()
        }
    }

    /// The shallowest headings of the template, which every procedure must have (by ID).
    public let requiredSections: [Heading]
    public let placeholders: [Placeholder]

    /// Fewer words than this in an instruction are also words a procedure uses in earnest
    /// (the italic "*Term*" of an example table row beside the header "Term").
    static let shortestSentence = 3

    init(requiredSections: [Heading] = [], placeholders: [Placeholder] = []) {
        self.requiredSections = requiredSections
        self.placeholders = placeholders
    }

    /// The rules of the default template in `source`; none when it has no template.
    static func read(from source: FileSource) throws -> TemplateRules {
        guard let text = try? source.text(at: try Template.path(Template.defaultName)) else { return TemplateRules() }
        let body = (try? FrontMatter.split(text, path: "")).flatMap { $0 }
        let document = MarkdownDocument(body?.body ?? text, firstLine: body?.bodyFirstLine ?? 1)
        guard let top = document.headings.map(\.level).min() else { return TemplateRules() }
        let headings = document.headings.filter { $0.level > top && !$0.title.isEmpty }.map { Placeholder(.heading, $0.title) }
        let sentences = document.textBlocks.filter(\.isEmphasized).flatMap { block in
            fragments(of: block.text).filter { $0.split(whereSeparator: \.isWhitespace).count >= shortestSentence }.map { Placeholder(.sentence, $0) }
        }
        var seen: Set<String> = []
        return TemplateRules(
            requiredSections: document.headings.filter { $0.level == top && $0.id != nil },
            placeholders: (headings + sentences).filter { seen.insert("\($0.kind)\u{0}\($0.key)").inserted })
    }

    /// The parts of an instruction around the `{{…}}` fields `sop new` fills ("Drafted
    /// {{date}}. Replace this line…"), without the spaces and punctuation at their ends, so
    /// that a sentence is found whether or not its full stop was kept.
    static func fragments(of text: String) -> [String] {
        var parts: [Substring] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            parts.append(rest[..<open.lowerBound])
            rest = rest[close.upperBound...]
        }
        parts.append(rest)
        let edges = CharacterSet.whitespacesAndNewlines.union(.punctuationCharacters)
        return parts.map { $0.trimmingCharacters(in: edges) }.filter { !$0.isEmpty }
    }

    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
