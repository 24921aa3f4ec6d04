import Foundation
import Markdown

/// One procedure file: its front matter and its Markdown body, parsed once.
public final class Procedure {
    /// Path relative to the workspace root (`Procedures/SOP-004-maritime-interception.md`).
    public let path: String
    public let metadata: Metadata
    public let source: String
    public let bodyFirstLine: Int
    /// The body, parsed by cmark-gfm, with positions in file lines.
    public let document: MarkdownDocument
    /// Problems found while reading this one file (front matter values, section IDs).
    public let diagnostics: [Diagnostic]

    init(path: String, metadata: Metadata, source: String, bodyFirstLine: Int, document: MarkdownDocument, diagnostics: [Diagnostic]) {
        self.path = path
        self.metadata = metadata
        self.source = source
        self.bodyFirstLine = bodyFirstLine
        self.document = document
        self.diagnostics = diagnostics
    }

    /// The ID from front matter, or the file name's `SOP-NNN` prefix when front matter lacks one.
    public var id: String {
        metadata.id ?? Procedure.idPrefix(ofFile: path) ?? (path as NSString).lastPathComponent
    }

    public var title: String { metadata.title ?? "(untitled)" }

    /// The top-level sections.
    public var sections: [Section] { document.outline }

    /// Every heading that carries an `{#id}`, keyed by that ID (the first wins).
    public var sectionIDs: [String: Heading] {
        document.headings.reduce(into: [:]) { result, heading in
            if let id = heading.id, result[id] == nil { result[id] = heading }
        }
    }

    /// Reads a procedure; throws only when the file cannot be a procedure at all (not UTF-8,
    /// no front matter, malformed YAML), with a message that says why.
    public static func parse(path: String, text: String) throws -> Procedure {
        guard let split = try FrontMatter.split(text, path: path) else {
            throw SOPError(
                .invalidFile, "not a procedure: the file has no YAML front matter",
                at: Location(path, line: 1, column: 1),
                hint: "a procedure starts with a '---' line, then fields such as 'id: SOP-001', then '---'")
        }
        let mapping = try YAMLMapping.parse(split.yaml, path: path, firstLine: split.yamlFirstLine)
        if mapping["id"] == nil, idPrefix(ofFile: path) == nil {
            throw SOPError(
                .invalidFile, "not a procedure: front matter has no 'id' field",
                at: Location(path, line: 1, column: 1),
                hint: "procedures have front matter with id, title, version, status and owner (see Templates/procedure.md)")
        }
        var diagnostics: [Diagnostic] = []
        let metadata = Metadata(mapping, diagnostics: &diagnostics)
        let document = MarkdownDocument(split.body, firstLine: split.bodyFirstLine)
        diagnostics += SectionRules.check(document, path: path)
        return Procedure(
            path: path, metadata: metadata, source: text, bodyFirstLine: split.bodyFirstLine, document: document,
            diagnostics: diagnostics)
    }

    /// The front matter fields adoption itself writes; an approval covers every other line.
    public static let adoptionFields: Set<String> = ["status", "version", "effective"]

    /// Everything an approval covers outside the `{#id}` sections: front matter but
    /// ``adoptionFields``, the preamble, headings without an ID with their text, and the order
    /// of the sections. With the sections' own fingerprints it binds the whole file.
    public var unsectionedText: String {
        let lines = Lines.split(source).map(String.init)
        var left = Set(1...max(lines.count, 1))
        for section in sections where section.heading.id != nil { left.subtract(section.lines) }
        // The front matter ends where parsing found its end (`---` or `...`), not at the next
        // `---` a body may hold as a thematic break.
        let end = min(bodyFirstLine - 2, lines.count)
        if end > 1 {
            for index in 1..<end {
                let line = lines[index]
                if let colon = line.firstIndex(of: ":"), line.first?.isWhitespace == false, Procedure.adoptionFields.contains(String(line[..<colon])) {
                    left.remove(index + 1)
                }
            }
        }
        let kept = lines.indices.filter { left.contains($0 + 1) }.map { lines[$0] }
        return kept.joined(separator: "\n") + "\n" + sections.compactMap(\.heading.id).joined(separator: " ")
    }

    /// `SOP-004` from `Procedures/SOP-004-maritime-interception.md`.
    public static func idPrefix(ofFile path: String) -> String? {
        let name = (path as NSString).lastPathComponent
        let parts = name.split(separator: "-", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "SOP" else { return nil }
        let digits = parts[1].hasSuffix(".md") ? parts[1].dropLast(3) : parts[1]
        let id = "SOP-" + digits
        return Metadata.isProcedureID(id) ? id : nil
    }
}
