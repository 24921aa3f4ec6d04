import Foundation

/// Where the text a page shows stands on the edition's day, in the page's language: the
/// banner at the top of every page ("In force since 1 March 2027", "As in force on 1 June
/// 2027") and the list of a procedure's versions with their dates.
enum CurrencyBanner {
    /// The edition's line, in every page's header: the day given to `--on`, or where the
    /// edition's set stands; nil for an edition that is no set (main, a draft).
    static func edition(_ model: SiteModel, language: String) -> [String: Any]? {
        let date = { (day: Day) in Catalogue.format(day: day, language: language) }
        if let on = model.edition.on {
            return ["state": "as-of", "text": model.text("currency.as-of", language, ["date": date(on)])]
        }
        guard let current = model.edition.current else { return nil }
        let day = model.edition.day
        let effective = InForce.effective(of: current)
        if day < effective {
            return ["state": "pending", "text": model.text("currency.pending", language, ["date": date(effective)])]
        }
        let later = model.inForce.sets.first { $0.order > current.order && InForce.effective(of: $0) <= day }
        if let later {
            return [
                "state": "ended",
                "text": model.text("currency.replaced", language, ["date": date(InForce.effective(of: later)), "version": later.version]),
            ]
        }
        return ["state": "in-force", "text": model.text("currency.in-force", language, ["date": date(effective)])]
    }

    /// A procedure version's line, and the next version's when that is adopted but not yet in
    /// force; nil for a text no set adopted.
    static func procedure(_ version: ProcedureVersion?, model: SiteModel, language: String) -> [String: Any]? {
        guard let version else { return nil }
        let day = model.edition.day
        let next = model.versions(of: version.procedure).first { $0.set != version.set && $0.effective > day && $0.effective > version.effective }
        return SiteModel.compact([
            "state": state(version.currency(on: day)),
            "text": text(version.currency(on: day), model: model, language: language),
            "next": next.map { next in
                model.text(
                    "currency.next", language,
                    ["version": next.version, "date": Catalogue.format(day: next.effective, language: language)])
            },
        ])
    }

    /// The procedure's versions for `page`: each with its set, the days it was in force, a link
    /// to its page and one to its comparison with the version `page` shows.
    static func versions(of id: String, shown: ProcedureVersion?, page: String, model: SiteModel, language: String) -> [[String: Any]]? {
        let versions = model.versions(of: id)
        guard versions.count > 1 || versions.first.map({ $0.set != shown?.set }) == true else { return nil }
        let root = SiteModel.root(of: page)
        let date = { (day: Day) in Catalogue.format(day: day, language: language) }
        let own = model.shownVersion(of: id)
        let shownIndex = versions.firstIndex { $0.set == shown?.set }
        return versions.enumerated().map { index, version in
            let days: String
            if version.effective > model.edition.day {
                days = model.text("versions.pending", language, ["from": date(version.effective)])
            } else if let last = version.lastDay, let end = version.end, end.day <= model.edition.day {
                days = model.text("versions.range", language, ["from": date(version.effective), "to": date(last)])
            } else {
                days = model.text("versions.from", language, ["from": date(version.effective)])
            }
            let isShown = version.set == shown?.set
            let target = version.set == own?.set ? SiteModel.procedurePage(id) : SiteModel.versionPage(id, version.set)
            let compare = shownIndex.flatMap { shownIndex -> String? in
                guard !isShown else { return nil }
                let (older, newer) = shownIndex < index ? (versions[shownIndex], version) : (version, versions[shownIndex])
                return root + SiteModel.comparePage(id, older.set, newer.set)
            }
            return SiteModel.compact([
                "version": version.version, "tag": version.tag, "days": days, "current": isShown,
                "url": isShown ? nil : root + target, "compare": compare,
                "compareLabel": compare.map { _ in model.text("versions.compare", language, ["version": shown?.version ?? ""]) },
            ])
        }
    }

    static func state(_ currency: ProcedureVersion.Currency) -> String {
        switch currency {
        case .inForce: return "in-force"
        case .pending: return "pending"
        case .ended: return "ended"
        }
    }

    static func text(_ currency: ProcedureVersion.Currency, model: SiteModel, language: String) -> String {
        let date = { (day: Day) in Catalogue.format(day: day, language: language) }
        switch currency {
        case .inForce(let since): return model.text("currency.in-force", language, ["date": date(since)])
        case .pending(let from): return model.text("currency.pending", language, ["date": date(from)])
        case .ended(.replaced(let day, let version)): return model.text("currency.replaced", language, ["date": date(day), "version": version])
        case .ended(.superseded(let day, let procedures)):
            return model.text("currency.superseded", language, ["date": date(day), "procedures": procedures.joined(separator: ", ")])
        case .ended(.withdrawn(let day)): return model.text("currency.withdrawn", language, ["date": date(day)])
        }
    }
}
