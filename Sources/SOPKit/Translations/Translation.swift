import Foundation
import Markdown

/// One language version of a procedure: `Procedures/<language>/<the source's file name>`.
///
/// A plain Markdown file with the source's section IDs, so that a translator edits it in any
/// editor, git shows its changes line by line, and comments, reservations and
/// cross-references name the same sections in every language. Its front matter says which
/// language it is, how far it can be relied on (``Status``) and which commit of the source
/// text it translates, from which staleness is worked out section by section.
public final class Translation {
    /// How far a language version can be relied on, as UN and EU practice labels texts.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Equally authoritative with the source: approvals bind to it.
        case authentic
        /// Checked and issued by the secretariat; the authentic text prevails.
        case official
        /// A draft for reading; not checked.
        case working
    }

    /// The front matter fields a translation has (a translation takes version, status, owner
    /// and dates from its source).
    public static let fields = ["id", "title", "language", "translation", "source-revision"]

    public let path: String
    /// The procedure it translates (`id`, else the file name's prefix).
    public let procedureID: String
    public let title: String?
    public let language: String?
    public let status: Status?
    /// The commit of the source text translated, as written (a commit ID).
    public let sourceRevision: String?
    public let text: String
    public let bodyFirstLine: Int
    public let document: MarkdownDocument
    /// Problems of this file alone: front matter values, section IDs.
    public let diagnostics: [Diagnostic]
    private let fieldLines: [String: Int]

    private init(
        path: String, procedureID: String, title: String?, language: String?, status: Status?, sourceRevision: String?, text: String,
        bodyFirstLine: Int, document: MarkdownDocument, diagnostics: [Diagnostic], fieldLines: [String: Int]
    ) {
        self.path = path
        self.procedureID = procedureID
        self.title = title
        self.language = language
        self.status = status
        self.sourceRevision = sourceRevision
        self.text = text
        self.bodyFirstLine = bodyFirstLine
        self.document = document
        self.diagnostics = diagnostics
        self.fieldLines = fieldLines
    }

    /// The folder a language's versions are in: `Procedures/es`.
    public static func folder(_ language: String) -> String { Workspace.proceduresDirectory + "/" + language }

    /// Where the `language` version of the procedure at `sourcePath` lives.
    public static func path(of sourcePath: String, in language: String) -> String {
        folder(language) + "/" + (sourcePath as NSString).lastPathComponent
    }

    /// The line a front matter field is on, nil when it is missing.
    public func line(of field: String) -> Int? { fieldLines[field] }

    /// Whether a workspace path is in a language folder (`Procedures/es/…`).
    public static func isTranslationPath(_ path: String) -> Bool {
        path.hasPrefix(Workspace.proceduresDirectory + "/") && path.dropFirst(Workspace.proceduresDirectory.count + 1).contains("/")
    }

    /// The language its folder names (`es` for `Procedures/es/…`).
    public var folderLanguage: String { ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent }

    /// Where a front matter field is written, for messages (line 1 when it is missing).
    public func location(of field: String) -> Location {
        Location(path, line: fieldLines[field] ?? 1, column: 1)
    }

    /// The IDs of its sections, in order.
    public var sectionIDs: [String] { document.outline.compactMap(\.heading.id) }

    public func section(_ id: String) -> Section? { document.outline.first { $0.heading.id == id } }

    /// Reads a translation; throws only when the file cannot be one at all (no front matter,
    /// malformed YAML). Field problems are ``diagnostics``.
    public static func parse(path: String, text: String) throws -> Translation {
        guard let split = try FrontMatter.split(text, path: path) else {
            throw SOPError(
                .invalidFile, "not a translation: the file has no YAML front matter", at: Location(path, line: 1, column: 1),
                hint: "a translation starts with '---', then id, title, language, translation and source-revision, then '---' (`sop translate new` writes one)")
        }
        let mapping = try YAMLMapping.parse(split.yaml, path: path, firstLine: split.yamlFirstLine)
        var diagnostics: [Diagnostic] = []
        func report(_ message: String, _ key: String) {
            diagnostics.append(Diagnostic(.error, message, at: mapping.location(of: key) ?? Location(path, line: 1, column: 1), check: "translation"))
        }
        for entry in mapping.entries where !fields.contains(entry.key) {
            report("unknown field '\(entry.key)' in a translation; its fields are: \(fields.joined(separator: ", "))", entry.key)
        }
        func value(_ key: String) -> String? {
            guard let node = mapping[key] else {
                if key != "title" {
                    diagnostics.append(Diagnostic(.error, "missing field '\(key)'", at: Location(path, line: 1, column: 1), check: "translation"))
                }
                return nil
            }
            guard let text = node.text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                report("field '\(key)' must be a single non-empty value", key)
                return nil
            }
            return text
        }
        let id = value("id")
        if let id, !Metadata.isProcedureID(id) { report("'\(id)' is not a procedure ID; IDs look like SOP-001", "id") }
        let language = value("language")
        if let language, !Metadata.isLanguageCode(language) {
            report("'\(language)' is not a language code; use a two-letter ISO 639-1 code such as es, fr or nl", "language")
        }
        let statusText = value("translation")
        let status = statusText.flatMap(Status.init(rawValue:))
        if let statusText, status == nil {
            report("unknown translation status '\(statusText)'; use one of: \(Status.allCases.map(\.rawValue).joined(separator: ", "))", "translation")
        }
        let revision = value("source-revision")
        if let revision, !isCommitID(revision) {
            report(
                "source-revision '\(revision)' is not a commit ID; write the commit of the source text you translated (7 to 40 hex digits)",
                "source-revision")
        }
        let document = MarkdownDocument(split.body, firstLine: split.bodyFirstLine)
        diagnostics += SectionRules.check(document, path: path)
        var lines: [String: Int] = [:]
        for key in fields { if let line = mapping.location(of: key)?.line { lines[key] = line } }
        return Translation(
            path: path, procedureID: id.flatMap { Metadata.isProcedureID($0) ? $0 : nil } ?? Procedure.idPrefix(ofFile: path) ?? path,
            title: value("title"), language: language, status: status, sourceRevision: revision, text: text,
            bodyFirstLine: split.bodyFirstLine, document: document, diagnostics: diagnostics, fieldLines: lines)
    }

    /// 7 to 40 lowercase hex digits: an abbreviated or full commit ID, never a branch name,
    /// which would move under the translation.
    static func isCommitID(_ text: String) -> Bool {
        (7...40).contains(text.count) && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
