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

    /// The procedures with reservations of `state`: they get a page of their own for it.
    static func reserved(_ model: SiteModel, state: String) -> [String] {
        model.reservations.filter { $0.value.contains { $0.participant == state } }.keys.sorted()
    }
}
