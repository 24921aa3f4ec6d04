import Foundation
import Markdown

extension Publisher {
    /// The pages of every language but the source's, in its folder (`es/index.html`,
    /// `es/procedures/SOP-004.html`, `es/print.html`): each procedure in that language where it
    /// is translated, the source's sections where it is not (marked so), with the version's
    /// status and how far it is behind the source text. Returns the pages and the print pages
    /// that need a PDF; problems of invalid translations (published as the source text) go to
    /// `left`.
    func languagePages(
        _ edition: Edition, model: SiteModel, pdf: Bool, timings: PublishTimings, left: inout [Diagnostic]
    ) throws -> (pages: [String: Data], prints: [String]) {
        guard model.languages.count > 1 else { return ([:], []) }
        let snapshot = try Snapshot.load(from: edition.source)
        let report = try TranslationReport.make(snapshot, repository: repository, head: edition.commit)
        let published = model.procedures.filter(\.isPublishable)
        var pages: [String: Data] = [:]
        var prints: [String] = []
        for entry in report.translations where entry.state == .invalid { left += entry.problems }
        for language in model.languages where language != model.sourceLanguage {
            // Each procedure's page and print part on all cores; each thread has its own
            // procedure (whose cmark tree rendering edits), the rest is shared read-only.
            let made = try Parallel.map(published) { facts -> LanguagePage? in
                guard let source = snapshot.procedure(atPath: facts.path) else { return nil }
                let entry = report.entry(facts.id, language)
                let valid = entry.map { $0.state == .current || $0.state == .behind } ?? false
                let translation = valid ? snapshot.translation(atPath: Translation.path(of: source.path, in: language)) : nil
                let version = try LanguageVersion(
                    source: source, translation: translation, entry: valid ? entry : nil, withheld: entry?.state == .invalid, language: language, model: model)
                let composed = ProcedureFacts(version.procedure, blob: facts.blob)
                let body = timings.measure(.html) { ProcedurePage.body(version.procedure, facts: composed, model: model) }
                let page = model.folder(language) + SiteModel.procedurePage(facts.id)
                let context = ProcedurePage.context(
                    body: version.marked(body, print: false), facts: composed, model: model, page: page, reservations: .footnotes, print: false,
                    history: [], redline: false, language: language, translation: version.banner(page: page))
                let part = ProcedurePage.context(
                    body: version.marked(body, print: true), facts: composed, model: model, page: model.folder(language) + PrintEdition.page,
                    reservations: .footnotes, print: true, history: [], redline: false, language: language,
                    translation: version.banner(page: nil))
                return LanguagePage(
                    id: facts.id, title: version.procedure.title, state: ["state": version.state, "label": version.shortLabel], path: page,
                    page: timings.measure(.templates) { Data(model.templates.render("procedure", context).utf8) },
                    part: timings.measure(.templates) { model.templates.render("print-procedure", part) })
            }.compactMap { $0 }
            var titles: [String: String] = [:]
            var versions: [String: [String: Any]] = [:]
            for made in made {
                titles[made.id] = made.title
                versions[made.id] = made.state
                pages[made.path] = made.page
            }
            let fragments = made.map(\.part)
            let summary = LanguageVersion.summary(of: language, in: report, model: model)
            let index = IndexPage.context(
                model, changes: [], redlines: [], pdf: pdf, left: [], language: language, titles: titles, versions: versions, translation: summary)
            pages[model.folder(language) + "index.html"] = Data(model.templates.render("index", index).utf8)
            var print = PrintEdition.context(model, language: language, titles: titles, translation: summary)
            print["body"] = fragments.joined(separator: "\n")
            let printPage = model.folder(language) + PrintEdition.page
            pages[printPage] = Data(model.templates.render("print", print).utf8)
            prints.append(printPage)
        }
        return (pages, prints)
    }

    /// One procedure in a language: what its page, the language's index and its print
    /// edition take from it.
    private struct LanguagePage {
        let id: String
        let title: String
        let state: [String: Any]
        let path: String
        let page: Data
        let part: String
    }
}

/// One procedure as the site shows it in one language: the translation's sections where it
/// has them, the source's where it does not, and what a reader must be told about both.
struct LanguageVersion {
    let procedure: Procedure
    let language: String
    let model: SiteModel
    let entry: TranslationReport.Entry?
    /// Sections shown in the source's words.
    let fallback: [String]
    /// Translated sections whose source changed since.
    let stale: [String]
    let sourceID: String
    /// The language has a version, but one that cannot be published (``TranslationReport``
    /// finds it invalid): the reader is told so, not that there is none.
    let withheld: Bool

    /// Builds the page's text: the source's front matter (version, status and dates are the
    /// source's), the translation's title, preamble and sections, in the source's order.
    init(source: Procedure, translation: Translation?, entry: TranslationReport.Entry?, withheld: Bool = false, language: String, model: SiteModel) throws {
        self.language = language
        self.withheld = withheld
        self.model = model
        self.entry = entry
        sourceID = source.id
        let lines = Lines.split(source.source).map(String.init)
        var front = Array(lines.prefix(max(source.bodyFirstLine - 1, 0)))
        if let title = translation?.title, let index = front.firstIndex(where: { $0.hasPrefix("title:") }) {
            front[index] = "title: " + JSONValue.string(title).serialized()
        }
        if let index = front.firstIndex(where: { $0.hasPrefix("language:") }) { front[index] = "language: \(language)" }
        var body: [String] = []
        var fallback: [String] = []
        let preamble = translation?.document.preamble ?? ""
        body.append(preamble.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? source.document.preamble : preamble)
        for section in source.sections {
            if let id = section.heading.id, let translated = translation?.section(id) {
                body.append(translated.text)
            } else {
                if let id = section.heading.id { fallback.append(id) }
                body.append(section.text)
            }
        }
        let changed = Set((entry?.sections ?? []).filter { $0.change == .changed }.map(\.id))
        self.fallback = fallback
        stale = source.sections.compactMap(\.heading.id).filter { changed.contains($0) && !fallback.contains($0) }
        procedure = try Procedure.parse(path: source.path, text: (front + body).joined(separator: "\n") + "\n")
    }

    var sourceName: String { model.text("language.\(model.sourceLanguage)", language) }

    /// `current`, `behind` or `missing`, for the style sheet.
    var state: String {
        guard let entry else { return "missing" }
        return entry.state == .behind || !fallback.isEmpty ? "behind" : "current"
    }

    var statusLabel: String {
        entry?.status.map { model.text("translation.\($0.rawValue)", language) } ?? model.text(withheld ? "translation.withheld" : "translation.none", language)
    }

    /// The status alone, for the index's column.
    var shortLabel: String {
        state == "behind" ? "\(statusLabel) (\(fallback.count + stale.count))" : statusLabel
    }

    /// The date of the source text the reader is told of: the version's effective date in an
    /// adopted edition, else when the source last changed.
    var sourceDate: String {
        let effective = model.edition.current != nil ? procedure.metadata.effective : nil
        guard let day = effective ?? entry?.sourceDate.flatMap(Day.init) else { return entry?.sourceDate ?? "" }
        return Catalogue.format(day: day, language: language)
    }

    /// The notice at the top of the page: status, how far behind, with links to the sections
    /// concerned in this page and in the source's (none in print, which has no other pages).
    func banner(page: String?) -> [String: Any] {
        let prevails = entry?.status == .authentic ? nil : model.text("translation.prevails", language, ["source": sourceName])
        guard entry != nil else {
            return SiteModel.compact([
                "state": "missing", "prevails": prevails,
                "headline": model.text(
                    withheld ? "translation.invalid" : "translation.missing", language,
                    ["language": model.text("language.\(language)", language), "source": sourceName]),
            ])
        }
        let behind = fallback + stale
        guard !behind.isEmpty else {
            return SiteModel.compact([
                "state": "current", "prevails": prevails,
                "headline": model.text("translation.current", language, ["status": statusLabel, "source": sourceName, "date": sourceDate]),
            ])
        }
        let root = page.map(SiteModel.root(of:))
        let ordered = procedure.sections.compactMap(\.heading.id).filter(behind.contains)
        return SiteModel.compact([
            "state": "behind", "prevails": prevails,
            "headline": model.text("translation.behind", language, ["status": statusLabel, "count": "\(behind.count)", "source": sourceName, "date": sourceDate]),
            "behind": root.map { root in
                [
                    "sections": ordered.compactMap { id -> [String: Any]? in
                        guard let heading = procedure.sections.first(where: { $0.heading.id == id })?.heading else { return nil }
                        return [
                            "anchor": id, "title": heading.number.map { "\($0) \(heading.title)" } ?? heading.title,
                            "source": root + SiteModel.procedurePage(sourceID) + "#" + id,
                            "sourceLink": model.text("translation.source-link", language, ["source": sourceName]),
                            "sourceLanguage": model.sourceLanguage,
                        ]
                    }
                ]
            },
        ])
    }

    /// The body with a note under each heading shown in the source's words, and under each
    /// translated heading whose source changed since (linking to the source, but in print).
    func marked(_ html: String, print: Bool) -> String {
        var notes: [String: ProcedurePage.HeadingNotes] = [:]
        let fallbackNote = MarkdownDocument.escape(model.text("translation.fallback", language, ["source": sourceName]))
        for id in fallback {
            notes[id, default: .init()].after += "<p class=\"translation-note translation-fallback\" role=\"note\">\(fallbackNote)</p>"
        }
        let staleNote = MarkdownDocument.escape(model.text("translation.stale", language, ["source": sourceName]))
        for id in stale {
            let link =
                print
                ? ""
                : " <a href=\"../../\(SiteModel.procedurePage(sourceID))#\(MarkdownDocument.escape(id))\" hreflang=\"\(model.sourceLanguage)\">\(MarkdownDocument.escape(model.text("translation.source-link", language, ["source": sourceName])))</a>"
            notes[id, default: .init()].after += "<p class=\"translation-note translation-stale\" role=\"note\">\(staleNote)\(link)</p>"
        }
        return ProcedurePage.insert(notes, into: html)
    }

    /// The line at the top of a language's index and print edition: how many of the
    /// procedures are in that language, and current.
    static func summary(of language: String, in report: TranslationReport, model: SiteModel) -> [String: Any] {
        let entries = report.translations.filter { $0.language == language }
        let source = model.text("language.\(model.sourceLanguage)", language)
        guard entries.contains(where: { $0.state == .current || $0.state == .behind }) else {
            return [
                "state": "missing",
                "headline": model.text("translation.missing", language, ["language": model.text("language.\(language)", language), "source": source]),
            ]
        }
        return ["state": "partial", "headline": model.text("translation.prevails", language, ["source": source])]
    }
}
