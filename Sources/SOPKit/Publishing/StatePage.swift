import Foundation

/// The set as it applies to one member state or territory, saying only what the record
/// supports: for each procedure, whether it is in force, whether the participant took part in
/// the round that adopted it, the position it stated there and its reservations. A procedure
/// adopted without consulting it, or not in force yet, is said to be so, never counted as one
/// it "applies in full".
enum StatePage {
    /// How one procedure stands for one participant.
    enum Standing: String {
        case notInForce = "not-in-force"
        case noRecord = "no-record"
        case notConsulted = "not-consulted"
        case silent
        case stated
    }

    static func context(_ model: SiteModel, state: Participant) -> [String: Any] {
        let page = SiteModel.statePage(state.code)
        var context = model.common(page: page)
        let root = SiteModel.root(of: page)
        var counts: [Standing: Int] = [:]
        var withReservations = 0
        let rows: [[String: Any]] = model.procedures.filter(\.isPublishable).map { facts in
            let own = (model.reservations[facts.id] ?? []).filter { $0.participant == state.code }
            let tag = model.edition.adoption(of: facts.id)?.tag
            let round = tag.flatMap { model.consulted[$0] }
            let stance = round?.stances[state.code]
            let inForce = facts.metadata.status == .adopted || facts.metadata.status == .effective
            let standing: Standing =
                !inForce ? .notInForce
                : round == nil ? .noRecord
                : stance != nil ? .stated
                : round?.invited.contains(state.code) == true ? .silent : .notConsulted
            counts[standing, default: 0] += 1
            if !own.isEmpty { withReservations += 1 }
            return SiteModel.compact([
                "id": facts.id, "title": facts.title, "version": facts.metadata.version, "status": facts.metadata.status?.rawValue,
                "url": root + (own.isEmpty ? SiteModel.procedurePage(facts.id) : SiteModel.stateProcedurePage(state.code, facts.id)),
                "standing": standing.rawValue, standing.rawValue: true, "stance": stance?.rawValue, "version-tag": tag,
                "reservations": own.isEmpty ? nil : own.map { ["sections": $0.sections.joined(separator: ", "), "statement": $0.statement] },
            ])
        }
        let consulted = (counts[.stated] ?? 0) + (counts[.silent] ?? 0)
        context.merge(
            SiteModel.compact([
                "code": state.code, "name": state.name, "kind": state.kind.rawValue, "procedures": rows,
                // Counts are named apart from the rows' keys: Mustache looks a row's missing key up here.
                "inForceCount": rows.count - (counts[.notInForce] ?? 0), "consultedCount": consulted, "statedCount": counts[.stated] ?? 0,
                "reservedCount": withReservations, "notConsultedCount": counts[.notConsulted] ?? 0, "noRecordCount": counts[.noRecord] ?? 0,
                "notInForceCount": counts[.notInForce] ?? 0, "hasReserved": withReservations > 0, "hasNotConsulted": (counts[.notConsulted] ?? 0) > 0,
                "hasNoRecord": (counts[.noRecord] ?? 0) > 0, "hasNotInForce": (counts[.notInForce] ?? 0) > 0,
            ])) { _, new in new }
        return context
    }
}
