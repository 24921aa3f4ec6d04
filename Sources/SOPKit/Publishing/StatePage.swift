import Foundation

/// The set as it applies to one member state: every procedure, with that state's reservations.
enum StatePage {
    static func context(_ model: SiteModel, state: Participant) -> [String: Any] {
        let page = SiteModel.statePage(state.code)
        var context = model.common(page: page)
        let root = SiteModel.root(of: page)
        let procedures: [[String: Any]] = model.procedures.filter(\.isPublishable).map { facts in
            let own = (model.reservations[facts.id] ?? []).filter { $0.participant == state.code }
            return SiteModel.compact([
                "id": facts.id, "title": facts.title, "version": facts.metadata.version, "status": facts.metadata.status?.rawValue,
                "url": root + (own.isEmpty ? SiteModel.procedurePage(facts.id) : SiteModel.stateProcedurePage(state.code, facts.id)),
                "reservations": own.isEmpty ? nil : own.map { ["sections": $0.sections.joined(separator: ", "), "statement": $0.statement] },
            ])
        }
        context.merge(
            SiteModel.compact([
                "code": state.code, "name": state.name, "procedures": procedures,
                "withReservations": procedures.filter { $0["reservations"] != nil }.count,
            ])) { _, new in new }
        return context
    }

    /// What every state's page lists, hashed once: the procedures' IDs, titles, versions and
    /// statuses (not their texts, so a change of wording keeps the states' pages).
    static func rowsKey(_ model: SiteModel) -> String {
        let rows = model.procedures.filter(\.isPublishable).map { [$0.id, $0.title, $0.metadata.version ?? "", $0.metadata.status?.rawValue ?? ""] }
        return PageKey.of("state-rows", ["rows": rows, "common": model.common(page: statePage)], templates: model.templates)
    }

    /// A state's page key: the rows, the state and its reservations.
    static func key(_ model: SiteModel, state: Participant, rows: String) -> String {
        let own = model.reservations.sorted { $0.key < $1.key }.flatMap { id, list in
            list.filter { $0.participant == state.code }.map { [id, $0.sections.joined(separator: ","), $0.statement] }
        }
        return PageKey.of("state", ["rows": rows, "code": state.code, "name": state.name, "reservations": own], templates: model.templates)
    }

    /// Every state's page sits in the same folder.
    static let statePage = SiteModel.statePage("XX")
}
