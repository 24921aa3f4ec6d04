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
        /// What a procedure's text is compared with (``TemplateRules/comparable(_:)``).
        let key: [UInt8]

        init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = Anchor.normalized(text)
            key = TemplateRules.comparable(text)
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

    /// The placeholder a heading's title is, if it is one.
    func heading(titled title: String) -> Placeholder? {
        let key = TemplateRules.comparable(title)
        return placeholders.first { $0.kind == .heading && $0.key == key }
    }

    /// The instructions a paragraph or table cell keeps.
    func sentences(in text: String) -> [Placeholder] {
        let bytes = TemplateRules.comparable(text)
        return placeholders.filter { $0.kind == .sentence && TemplateRules.contains(bytes, $0.key) }
    }

    /// Text as it is compared: whitespace collapsed as quotes are (``Anchor/normalized(_:)``),
    /// as UTF-8 with ASCII letters in lower case. Bytes, not Foundation's string search, which
    /// is far too slow on Linux to run over every paragraph of a thousand procedures.
    static func comparable(_ text: String) -> [UInt8] { Anchor.normalizedUTF8(text, lowercasingASCII: true) }

    /// Whether `key` occurs in `text`: C's `memchr` finds each candidate first byte and
    /// `memcmp` compares from there, quick even in a debug build.
    static func contains(_ text: [UInt8], _ key: [UInt8]) -> Bool {
        guard let first = key.first else { return true }
        return text.withUnsafeBufferPointer { text in
            key.withUnsafeBufferPointer { key in
                guard let start = text.baseAddress, let needle = key.baseAddress, text.count >= key.count else { return false }
                var offset = 0
                let last = text.count - key.count
                while offset <= last, let found = memchr(start + offset, Int32(first), last - offset + 1) {
                    let position = start.distance(to: found.assumingMemoryBound(to: UInt8.self))
                    if memcmp(start + position, needle, key.count) == 0 { return true }
                    offset = position + 1
                }
                return false
            }
        }
    }
}
