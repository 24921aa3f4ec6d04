import Foundation
import Git
import Markdown

/// Everything the pages of one edition share: the set, every procedure's facts, the
/// reservations and approval records, and where each page lives in the site.
struct SiteModel {
    /// A state's reservation on sections of one procedure, from the record that adopted it,
    /// its statement as readers are shown it (``DisplayText/shown(_:)``).
    struct Reservation {
        let participant: String
        let participantName: String
        let sections: [String]
        let statement: String
    }

    let edition: Edition
    let set: ProtocolSet?
    let templates: SiteTemplates
    let baseURL: String?
    /// Facts of every procedure in the edition, by ID, sorted.
    let procedures: [ProcedureFacts]
    let byPath: [String: ProcedureFacts]
    /// Reservations by procedure ID.
    let reservations: [String: [Reservation]]
    /// Each published version's round, by tag: whom it invited and the stance each stated.
    let consulted: [String: (invited: Set<String>, stances: [String: Position.Stance])]
    /// The approval record of each published version, by tag.
    let records: [String: ApprovalRecord]
    /// Every version of each procedure adopted by the edition's day, and where each stands then.
    let inForce: InForce
    /// When the pages say they were made: the edition's commit time, so that publishing the
    /// same edition twice gives the same bytes.
    let generated: String

    init(edition: Edition, inForce: InForce, set: ProtocolSet?, templates: SiteTemplates, baseURL: String?, procedures: [ProcedureFacts], verified: [String: Bool]) throws {
        self.edition = edition
        self.set = set
        self.templates = templates
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.procedures = procedures.sorted { $0.id < $1.id }
        byPath = Dictionary(procedures.map { ($0.path, $0) }) { first, _ in first }
        self.inForce = inForce
        var records: [String: ApprovalRecord] = [:]
        var consulted: [String: (invited: Set<String>, stances: [String: Position.Stance])] = [:]
        let history = Set(edition.history.map(\.tag))
        // The sets after this edition that its procedures' version lists show: every set that
        // verifies (Edition.versions) is one.
        for version in edition.history + inForce.sets.filter({ !history.contains($0.tag) }) {
            guard let record = version.record else { continue }
            let approval = ApprovalRecord(
                version: version, record: record, set: set, registry: KeyRegistry.at(edition.source.repository, commit: version.commit),
                verified: verified[version.tag] ?? !history.contains(version.tag))
            records[version.tag] = approval
            guard history.contains(version.tag) else { continue }
            consulted[version.tag] = (
                Set(record.participants), Dictionary(approval.statements.map { ($0.position.participant, $0.position.stance) }) { _, last in last }
            )
        }
        self.records = records
        // A procedure's reservations are those of the record that adopted its text in force.
        var reservations: [String: [Reservation]] = [:]
        for facts in procedures {
            guard let version = edition.adoption(of: facts.id) else { continue }
            reservations[facts.id] = SiteModel.reservations(of: facts.id, in: records[version.tag])
        }
        self.reservations = reservations
        self.consulted = consulted
        let commit = try edition.source.repository.commit(edition.commit)
        generated = Timestamp.string(commit.committer.date)
    }

    /// The reservations a record carries on sections of one procedure.
    static func reservations(of id: String, in record: ApprovalRecord?) -> [Reservation] {
        (record?.statements ?? []).flatMap { statement in
            statement.position.reservations.compactMap { reservation -> Reservation? in
                let sections = reservation.sections.filter { $0.hasPrefix(id + "#") }.map { String($0.dropFirst(id.count + 1)) }
                guard !sections.isEmpty else { return nil }
                return Reservation(
                    participant: statement.position.participant, participantName: statement.participantName,
                    sections: sections, statement: DisplayText.shown(reservation.statement))
            }
        }
    }

    /// The versions of a procedure that have pages of their own, oldest first: each adopted by
    /// the edition's day, from a set whose tree holds the procedure.
    func versions(of id: String) -> [ProcedureVersion] {
        (inForce.versions[id] ?? []).filter { $0.path != nil && Adoption.isVersion($0.set) }
    }

    /// The version the edition's own page of a procedure shows: the one its adoption brought.
    func shownVersion(of id: String) -> ProcedureVersion? {
        edition.adoption(of: id).flatMap { adoption in versions(of: id).last { $0.tag == adoption.tag } }
    }

    /// Drops nil values, which Mustache would otherwise print as "nil".
    static func compact(_ values: [String: Any?]) -> [String: Any] { values.compactMapValues { $0 } }

    /// Site-relative paths of the pages.
    static func procedurePage(_ id: String) -> String { "procedures/\(id).html" }
    static func redlinePage(_ id: String) -> String { "redline/\(id).html" }
    /// An adopted version's own page, named by the set that adopted it.
    static func versionPage(_ id: String, _ set: String) -> String { "procedures/\(id)/\(set).html" }
    /// The redline between two adopted versions, the older set first.
    static func comparePage(_ id: String, _ older: String, _ newer: String) -> String { "procedures/\(id)/compare-\(older)-\(newer).html" }
    static func statePage(_ code: String) -> String { "states/\(code).html" }
    /// One folder deep like every procedure page, so that one rendering of a body serves all.
    static func stateProcedurePage(_ code: String, _ id: String) -> String { "states/\(code)-\(id).html" }

    /// The relative prefix from a page to the site root (`../` for `procedures/SOP-001.html`).
    static func root(of page: String) -> String {
        String(repeating: "../", count: page.split(separator: "/").count - 1)
    }

    /// The member states and territories a per-state view is made for, in set.yaml order.
    var states: [Participant] { (set?.participants ?? []).filter { $0.kind == .member || $0.kind == .territory } }

    /// The language of the procedures themselves, whose pages are at the site's root.
    var sourceLanguage: String { self.set?.sourceLanguage ?? Catalogue.reference }

    /// The site's languages, the source's first; each other one has its pages in its folder.
    var languages: [String] { self.set?.languages ?? [sourceLanguage] }

    /// The folder of a language's pages: `` for the source language, `es/` for Spanish.
    func folder(_ language: String) -> String { language == sourceLanguage ? "" : language + "/" }

    /// A text of the site's catalogue in `language`.
    func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        templates.catalogue.text(key, language, values)
    }

    /// A text of the catalogue as HTML, its words escaped and each `{name}` replaced by the
    /// HTML in `values` (which the caller escaped), for a sentence with marked-up parts.
    func html(_ key: String, _ language: String, _ values: [String: String]) -> String {
        let template = MarkdownDocument.escape(templates.catalogue.raw(key, language) ?? templates.catalogue.text(key, Catalogue.reference))
        return values.reduce(template) { text, value in text.replacingOccurrences(of: "{\(value.key)}", with: value.value) }
    }

    /// A procedure status as readers of `language` call it.
    func statusLabel(_ status: Status?, _ language: String) -> String? {
        status.map { text("status.\($0.rawValue)", language) }
    }

    /// "Review overdue since 1 June 2027" for a text in force whose `review-by` has passed on
    /// the edition's day, so readers of the site see what `sop lint` warns of.
    func reviewOverdue(_ metadata: Metadata, _ language: String) -> String? {
        guard metadata.reviewIsOverdue(on: edition.day), let due = metadata.reviewBy else { return nil }
        return text("index.review-overdue", language, ["date": Catalogue.format(day: due, language: language)])
    }

    /// The same page in another language: a procedure's page, the index and the print edition
    /// exist in every language; the other pages (redlines, states) only in the source's, so
    /// the others lead to their index.
    func equivalent(of page: String, in language: String) -> String {
        let parts = page.split(separator: "/", maxSplits: 1).map(String.init)
        let base = parts.count == 2 && languages.contains(parts[0]) && parts[0] != sourceLanguage ? parts[1] : page
        // Only the procedures' own pages: their versions and comparisons are in the source's language.
        if base == "index.html" || base == PrintEdition.page || base.hasPrefix("procedures/") && !base.dropFirst("procedures/".count).contains("/") {
            return folder(language) + base
        }
        return language == sourceLanguage ? base : folder(language) + "index.html"
    }

    /// The context every template gets, in the words of `language` (the source's when nil).
    /// The commit and time are not in it (only the index and the print edition show them):
    /// every other page stays as it is until its own inputs change.
    func common(page: String, language: String? = nil) -> [String: Any] {
        let root = SiteModel.root(of: page)
        let language = language ?? sourceLanguage
        let editionLabel = text(edition.current != nil ? "site.version" : "site.edition", language, ["edition": edition.label])
        let title = set?.title ?? "Protocol set"
        return SiteModel.compact([
            "root": root, "home": root + folder(language), "lang": language, "t": templates.catalogue.context(language),
            // What set.yaml says (titles, names of states) is in the source's language.
            "setLang": sourceLanguage,
            "setTitle": title, "shortTitle": set?.shortTitle ?? set?.title ?? "Protocol set",
            "edition": edition.label, "editionLabel": editionLabel, "isVersion": edition.current != nil, "ref": edition.ref, "baseURL": baseURL,
            "footerLine": text("site.footer", language, ["title": title, "edition": editionLabel]),
            "printNotice": baseURL.map { text("site.print-notice-at", language, ["url": $0]) } ?? text("site.print-notice", language),
            "currency": CurrencyBanner.edition(self, language: language),
            "hasLanguages": languages.count > 1,
            "languages": languages.count > 1
                ? languages.map { code in
                    ["code": code, "name": text("language.self", code), "url": root + equivalent(of: page, in: code), "current": code == language]
                } : nil,
        ])
    }

    /// Where a link in a procedure's Markdown goes in the site: another procedure's page, or
    /// the index when that procedure was left out for failing lint; nil keeps the link as written.
    func destination(of link: String, in procedure: ProcedureFacts, root: String) -> String? {
        guard CrossReference.scheme(of: link) == nil else { return nil }
        let reference = CrossReference(link)
        guard !reference.file.isEmpty,
            let path = CrossReference.resolve(reference.file, from: (procedure.path as NSString).deletingLastPathComponent),
            let target = byPath[path]
        else { return nil }
        guard target.isPublishable else { return root + "index.html#sop-procedures" }
        return root + SiteModel.procedurePage(target.id) + (reference.fragment.map { "#" + $0 } ?? "")
    }

    /// IDs in the print edition are prefixed with the procedure's, as every procedure has a
    /// `scope` section.
    static func printAnchor(_ procedure: String, _ fragment: String?) -> String {
        fragment.map { "\(procedure)-\($0)" } ?? procedure
    }
}
