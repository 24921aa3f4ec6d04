import Foundation

/// The site's front page and its search index.
enum IndexPage {
    /// How a procedure changed since the previous published version.
    struct Change {
        enum Kind: String { case added, changed, removed }
        let id: String
        let title: String
        let kind: Kind
    }

    /// `redlines`: the redline pages the site has, so the list links only those.
    /// `language` other than the source's: the index of that language's folder, whose rows
    /// carry `versions` (each procedure's language version, by ID).
    static func context(
        _ model: SiteModel, changes: [Change], redlines: Set<String>, pdf: Bool, left: [ProcedureFacts], language: String? = nil,
        titles: [String: String] = [:], versions: [String: [String: Any]] = [:], translation: [String: Any]? = nil
    ) -> [String: Any] {
        let language = language ?? model.sourceLanguage
        let page = model.folder(language) + "index.html"
        let root = SiteModel.root(of: page)
        var context = model.common(page: page, language: language)
        context["commit"] = model.edition.commit.hex
        context["commitShort"] = model.edition.commit.short
        context["generated"] = model.generated
        context["publishedLine"] = model.text("site.published", language, ["commit": model.edition.commit.short, "date": model.generated])
        context["changesTitle"] =
            model.edition.previous.map { model.text("index.changes-since", language, ["version": $0.version]) }
            ?? model.text(model.edition.baseline == nil ? "index.changes" : "index.changes-before", language)
        context["translation"] = translation
        let published = model.procedures.filter(\.isPublishable)
        context.merge(
            SiteModel.compact([
                "procedures": published.map { facts in
                    SiteModel.compact([
                        "id": facts.id, "title": titles[facts.id] ?? facts.title, "url": SiteModel.procedurePage(facts.id),
                        "status": facts.metadata.status?.rawValue, "statusLabel": model.statusLabel(facts.metadata.status, language),
                        "versionState": versions[facts.id], "version": facts.metadata.version,
                        "effective": facts.metadata.effective?.description, "reviewBy": facts.metadata.reviewBy?.description,
                        "reviewOverdue": model.reviewOverdue(facts.metadata, language),
                        "reservations": (model.reservations[facts.id]?.count).flatMap { $0 > 0 ? model.text("index.reservations", language, ["count": "\($0)"]) : nil },
                    ])
                },
                "empty": published.isEmpty, "hasChanges": !changes.isEmpty, "hasStates": !model.states.isEmpty,
                // Compared with something: a previous version, or the text before the first.
                "previous": model.edition.previous?.version ?? model.edition.baseline.map { _ in model.edition.label },
                "changes": changes.isEmpty ? nil : changes.map { change in
                    SiteModel.compact([
                        "id": change.id, "title": titles[change.id] ?? change.title, "kind": change.kind.rawValue,
                        "kindLabel": model.text("change.\(change.kind.rawValue)", language),
                        "url": change.kind == .removed ? nil : SiteModel.procedurePage(change.id),
                        "redline": redlines.contains(SiteModel.redlinePage(change.id)) ? root + SiteModel.redlinePage(change.id) : nil,
                    ])
                },
                "states": model.states.isEmpty ? nil : model.states.map { state in
                    ["code": state.code, "name": state.name, "url": root + SiteModel.statePage(state.code)]
                },
                "pdf": pdf ? "print.pdf" : nil,
                "left": left.isEmpty ? nil : left.map { ["id": $0.id, "line": model.text("index.left", language, ["id": $0.id, "count": "\($0.problems.count)"])] },
            ])) { _, new in new }
        return context
    }

    static let searchIndexFile = "search-index.js"

    /// `search-index.js`: titles and section headings as JSON, assigned to a global so that
    /// the page can search it from a USB stick too (browsers refuse `fetch` on `file:` URLs).
    static func searchIndex(_ model: SiteModel) -> String {
        "window.sopSearchIndex = [" + model.procedures.filter(\.isPublishable).map(\.search).joined(separator: ",") + "];\n"
    }
}
