import Foundation
import Git

extension Publisher {
    /// What one procedure's pages are made from.
    struct PageInput {
        let procedure: Procedure
        let facts: ProcedureFacts
        let history: [HistoryEntry]
        /// Its text in the previous published version, when it changed since.
        let previous: Procedure?
        /// Each adopted version's text, oldest first: their own pages and comparisons.
        let versions: [(version: ProcedureVersion, procedure: Procedure)]
    }

    /// A procedure's page, its redline, its per-state pages and its part of the print edition.
    static func pages(for input: PageInput, model: SiteModel, edition: Edition, timings: PublishTimings) throws -> [(String, Data)] {
        let facts = input.facts
        let body = timings.measure(.html) { ProcedurePage.body(input.procedure, facts: facts, model: model) }
        var pages: [(String, Data)] = []
        func add(_ path: String, _ template: String, _ context: [String: Any]) {
            pages.append((path, timings.measure(.templates) { Data(model.templates.render(template, context).utf8) }))
        }
        let page = SiteModel.procedurePage(facts.id)
        add(
            page, "procedure",
            ProcedurePage.context(
                body: body, facts: facts, model: model, page: page, reservations: .footnotes, print: false, history: input.history,
                redline: input.previous != nil))
        if let previous = input.previous {
            let from = edition.previous?.version ?? "the text in force before \(edition.label)"
            let diff = ProcedureDiff(procedure: facts.id, from: from, to: edition.label, old: previous, new: input.procedure, comparing: .reading)
            let redline = SiteModel.redlinePage(facts.id)
            add(redline, "redline", RedlinePage.context(diff, facts: facts, model: model, page: redline))
        }
        pages += versionPages(for: input, model: model, timings: timings)
        for state in Set((model.reservations[facts.id] ?? []).map(\.participant)).sorted() where model.states.contains(where: { $0.code == state }) {
            let statePage = SiteModel.stateProcedurePage(state, facts.id)
            var context = ProcedurePage.context(
                body: body, facts: facts, model: model, page: statePage, reservations: .inline(state: state), print: false,
                history: input.history, redline: input.previous != nil)
            let name = model.set?.participant(state)?.name ?? state
            context["state"] = [
                "code": state, "name": name, "url": SiteModel.root(of: statePage) + SiteModel.statePage(state),
                "stateView": model.text("procedure.state-view", model.sourceLanguage, ["name": name]),
            ]
            add(statePage, "procedure", context)
        }
        add(
            PrintEdition.fragmentPath(facts.id), "print-procedure",
            ProcedurePage.context(
                body: body, facts: facts, model: model, page: PrintEdition.page, reservations: .footnotes, print: true, history: [],
                redline: false))
        return pages
    }

    /// A page for each adopted version but the one the edition's page shows, and a comparison
    /// of every pair of versions, older first (N versions make N·(N−1)/2 of them).
    static func versionPages(for input: PageInput, model: SiteModel, timings: PublishTimings) -> [(String, Data)] {
        let id = input.facts.id
        let shown = model.shownVersion(of: id)
        var pages: [(String, Data)] = []
        for (version, procedure) in input.versions where version.set != shown?.set {
            let page = SiteModel.versionPage(id, version.set)
            let facts = ProcedureFacts(procedure, blob: "")
            let body = timings.measure(.html) { ProcedurePage.body(procedure, facts: facts, model: model, root: SiteModel.root(of: page)) }
            let context = ProcedurePage.context(
                body: body, facts: facts, model: model, page: page, reservations: .footnotes, print: false, history: [], redline: false, version: version)
            pages.append((page, timings.measure(.templates) { Data(model.templates.render("procedure", context).utf8) }))
        }
        for (index, older) in input.versions.enumerated() {
            for newer in input.versions[(index + 1)...] {
                let diff = ProcedureDiff(
                    procedure: id, from: older.version.set, to: newer.version.set, old: older.procedure, new: newer.procedure, comparing: .reading)
                let page = SiteModel.comparePage(id, older.version.set, newer.version.set)
                let context = RedlinePage.context(diff, facts: input.facts, model: model, page: page)
                pages.append((page, timings.measure(.templates) { Data(model.templates.render("redline", context).utf8) }))
            }
        }
        return pages
    }
}
