import Foundation
import Markdown
import SOPKit

/// One revision of the procedures under consultation, rendered once: a revision's text never
/// changes, so every request for it reuses the same HTML.
struct RevisionView: Sendable {
    struct SectionView: Sendable {
        /// `SOP-004#screening`, as comments and positions name it.
        let anchor: String
        let number: String?
        let title: String
        /// cmark-gfm's safe HTML of the section's own lines (raw HTML and `javascript:` dropped).
        let html: String
        /// The plain text comments' quotes are found in, in each language the revision has.
        let plains: [String: String]
        /// The language of the words shown.
        let language: String
        /// The source's words when the version shown translates an older source text of this
        /// section, so the reader can check what changed.
        let sourceHTML: String?
    }

    struct ProcedureView: Sendable {
        let id: String
        let title: String
        let version: String?
        let sections: [SectionView]
        /// How the language version shown stands against the source; nil when the source's
        /// own words are shown.
        let translation: TranslationReport.Entry?
        /// The reader's language has a version, but one that cannot be used (its sections do
        /// not match the source), so the source is shown instead.
        let unusable: Bool
    }

    let procedures: [ProcedureView]
    /// What a form on a page of this revision says the official read.
    let seen: SeenText
    /// The revision's source language, which a comment's quote is in unless it says otherwise.
    let sourceLanguage: String

    /// The revision as a reader of `language` sees it: each section in that language's
    /// version where the revision has a usable one with that section, else in the source's
    /// words (`language` says which). `judged` says how each version stands, by procedure.
    init(_ text: RevisionText, language: String, judged: [String: TranslationReport.Entry] = [:]) {
        seen = SeenText(text)
        let source = text.set?.sourceLanguage ?? Catalogue.reference
        sourceLanguage = source
        procedures = text.scope.compactMap { id in
            guard let procedure = text.procedures[id] else { return nil }
            let entry = judged[id]
            let unusable = entry?.state == .invalid
            let version = unusable ? nil : text.versions[language]?[id]
            let behind = Set(entry?.sections.map(\.id) ?? [])
            func html(_ lines: String) -> String {
                let body = MarkdownDocument(Lines.split(lines).dropFirst().joined(separator: "\n"))
                body.rewriteLinks { RevisionView.destination($0, in: id, scope: text.scope) }
                return body.html(headingAnchors: false)
            }
            let sections = procedure.sections.compactMap { section -> SectionView? in
                guard let sectionID = section.heading.id else { return nil }
                let shown = version?.section(sectionID)
                var plains = [source: procedure.document.plainText(of: section)]
                for (code, versions) in text.versions {
                    if let translation = versions[id], let found = translation.section(sectionID) { plains[code] = translation.document.plainText(of: found) }
                }
                return SectionView(
                    anchor: "\(id)#\(sectionID)", number: section.heading.number, title: shown?.heading.title ?? section.heading.title,
                    html: html(shown?.text ?? section.text), plains: plains, language: shown == nil ? source : language,
                    sourceHTML: shown != nil && behind.contains(sectionID) ? html(section.text) : nil)
            }
            return ProcedureView(
                id: id, title: version?.title ?? procedure.title, version: procedure.metadata.version, sections: sections,
                translation: version == nil ? nil : entry, unusable: unusable)
        }
    }

    /// Where a cross-reference points in the portal: a section on this page when its procedure
    /// is under consultation (`#SOP-005--alerts`), else the procedure's page of the published
    /// set; other links are kept as written.
    static func destination(_ link: String, in procedure: String, scope: [String]) -> String? {
        let reference = CrossReference(link)
        let (file, fragment) = (reference.file, reference.fragment ?? "")
        let target: String
        if file.isEmpty {
            target = procedure
        } else if !file.contains("/"), CrossReference.scheme(of: file) == nil, let id = Procedure.idPrefix(ofFile: file), file.hasSuffix(".md") {
            target = id
        } else {
            return nil
        }
        if scope.contains(target) { return fragment.isEmpty ? "#p-\(target)" : "#\(target)--\(fragment)" }
        return "/site/procedures/\(target).html" + (fragment.isEmpty ? "" : "#" + fragment)
    }

    var sections: [SectionView] { procedures.flatMap(\.sections) }

    /// Whether a comment can be shown on its section in this revision: the section is there
    /// and its quote is found exactly where it was.
    func isPlaced(_ comment: Comment) -> Bool {
        guard let section = sections.first(where: { $0.anchor == comment.anchor }) else { return false }
        guard comment.quote != nil else { return true }
        guard let text = section.plains[comment.quotedIn ?? sourceLanguage] else { return false }
        return comment.placements.contains { Anchor.isPlaced($0, in: text) }
    }
}

/// Rendered revisions by commit and scope, the most recent few kept.
final class RevisionViews: Sendable {
    private static let kept = 16
    private let views = Locked<[(key: String, view: RevisionView)]>([])

    func view(_ workspace: Workspace, commit: String, scope: [String], language: String) throws -> RevisionView {
        let key = commit + " " + scope.joined(separator: ",") + " " + language
        if let found = views.withLock({ $0.first { $0.key == key } }) { return found.view }
        let text = try RevisionText(workspace: workspace, commit: commit, scope: scope)
        let entries = try text.translationEntries(in: workspace.repository, language: language)
        let view = RevisionView(text, language: language, judged: Dictionary(entries.map { ($0.procedure, $0) }) { first, _ in first })
        views.withLock { views in
            views.removeAll { $0.key == key }
            views.insert((key, view), at: 0)
            if views.count > Self.kept { views.removeLast() }
        }
        return view
    }
}
