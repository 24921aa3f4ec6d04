import Foundation

/// The set as it applies to one member state: the procedures it adopted with reservations,
/// each linking to its text with the reservations shown inline; every other procedure applies
/// in full and is listed once, on the index.
enum StatePage {
    static func context(_ model: SiteModel, state: Participant) -> [String: Any] {
        let page = SiteModel.statePage(state.code)
        var context = model.common(page: page)
        let root = SiteModel.root(of: page)
        let published = model.procedures.filter(\.isPublishable)
        let reserved: [[String: Any]] = published.compactMap { facts in
            let own = (model.reservations[facts.id] ?? []).filter { $0.participant == state.code }
            guard !own.isEmpty else { return nil }
            return SiteModel.compact([
                "id": facts.id, "title": facts.title, "version": facts.metadata.version,
                "url": root + SiteModel.stateProcedurePage(state.code, facts.id),
                "reservations": own.map { ["sections": $0.sections.joined(separator: ", "), "statement": $0.statement] },
            ])
        }
        context.merge(
            SiteModel.compact([
                "code": state.code, "name": state.name, "procedures": reserved.isEmpty ? nil : reserved,
                "withReservations": reserved.count, "inFull": published.count - reserved.count, "total": published.count,
                "index": root + "index.html#sop-procedures",
            ])) { _, new in new }
        return context
    }
}
