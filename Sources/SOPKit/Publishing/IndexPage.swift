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
    static func context(_ model: SiteModel, changes: [Change], redlines: Set<String>, pdf: Bool, left: [ProcedureFacts]) -> [String: Any] {
        var context = model.common(page: "index.html")
        context["commit"] = model.edition.commit.hex
        context["commitShort"] = model.edition.commit.short
        context["generated"] = model.generated
        let published = model.procedures.filter(\.isPublishable)
        context.merge(
            SiteModel.compact([
                "procedures": published.map { facts in
                    SiteModel.compact([
                        "id": facts.id, "title": facts.title, "url": SiteModel.procedurePage(facts.id),
                        "status": facts.metadata.status?.rawValue, "version": facts.metadata.version,
                        "effective": facts.metadata.effective?.description, "reviewBy": facts.metadata.reviewBy?.description,
                        "reservations": (model.reservations[facts.id]?.count).flatMap { $0 > 0 ? $0 : nil },
                    ])
                },
                "empty": published.isEmpty, "hasChanges": !changes.isEmpty, "hasStates": !model.states.isEmpty,
                "previous": model.edition.previous?.version,
                "changes": changes.isEmpty ? nil : changes.map { change in
                    SiteModel.compact([
                        "id": change.id, "title": change.title, "kind": change.kind.rawValue,
                        "url": change.kind == .removed ? nil : SiteModel.procedurePage(change.id),
                        "redline": redlines.contains(SiteModel.redlinePage(change.id)) ? SiteModel.redlinePage(change.id) : nil,
                    ])
                },
                "states": model.states.isEmpty ? nil : model.states.map { state in
                    ["code": state.code, "name": state.name, "url": SiteModel.statePage(state.code)]
                },
                "pdf": pdf ? "print.pdf" : nil,
                "left": left.isEmpty ? nil : left.map { ["id": $0.id, "problems": $0.problems.count] },
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
