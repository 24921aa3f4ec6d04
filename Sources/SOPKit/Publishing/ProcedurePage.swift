import Foundation
import Markdown

/// A procedure as the site shows it: header block, contents, body with working
/// cross-references, reservations, approval record and version history.
enum ProcedurePage {
    /// How reservations appear: as numbered footnotes (the set's page and the print edition),
    /// or inline under each section (a state's own view, which shows only its reservations).
    enum Reservations {
        case footnotes
        case inline(state: String)
    }

    /// The page's context for `procedure.mustache` (and, per procedure, `print.mustache`).
    /// `body` is the page form from ``body(_:facts:model:)``; `print` turns it into the form
    /// of the one-file print edition.
    static func context(
        body: String, facts: ProcedureFacts, model: SiteModel, page: String, reservations style: Reservations,
        print: Bool, history: [HistoryEntry], redline: Bool, language: String? = nil, translation: [String: Any]? = nil,
        version: ProcedureVersion? = nil
    ) -> [String: Any] {
        let language = language ?? model.sourceLanguage
        let root = SiteModel.root(of: page)
        // An earlier (or later) version's own page: its record and reservations, not the edition's.
        let adoption = version.map { version in model.inForce.sets.first { $0.tag == version.tag } } ?? model.edition.adoption(of: facts.id)
        let all = version.map { SiteModel.reservations(of: facts.id, in: model.records[$0.tag]) } ?? model.reservations[facts.id] ?? []
        let shown: [SiteModel.Reservation]
        if case .inline(let state) = style { shown = all.filter { $0.participant == state } } else { shown = all }
        var html = print ? printForm(body, id: facts.id) : body
        var notes: [[String: Any]] = []
        let anchor = { (section: String) in print ? SiteModel.printAnchor(facts.id, section) : section }
        var marks: [String: HeadingNotes] = [:]
        for (index, reservation) in shown.enumerated() {
            let number = index + 1
            let note = print ? "\(facts.id)-reservation-\(number)" : "sop-reservation-\(number)"
            for section in reservation.sections {
                switch style {
                case .footnotes:
                    marks[anchor(section), default: HeadingNotes()].inside +=
                        "<sup class=\"reservation-ref\"><a href=\"#\(note)\" aria-label=\"Reservation \(number)\">\(number)</a></sup>"
                case .inline:
                    marks[anchor(section), default: HeadingNotes()].after +=
                        "<aside class=\"reservation\" role=\"note\"><p><strong>Reservation of \(MarkdownDocument.escape(reservation.participantName)):</strong> \(MarkdownDocument.escape(reservation.statement))</p></aside>"
                }
            }
            notes.append([
                "number": number, "anchor": note, "code": reservation.participant, "name": reservation.participantName,
                "statement": reservation.statement,
                "sections": reservation.sections.enumerated().map { index, id in
                    [
                        "anchor": anchor(id), "title": facts.headings.first { $0.id == id }.map(title) ?? id,
                        "more": index < reservation.sections.count - 1,
                    ]
                },
            ])
        }
        html = insert(marks, into: html)
        let metadata = facts.metadata
        var context = model.common(page: page, language: language)
        let record = adoption.flatMap { model.records[$0.tag] }?.context(model, language: language)
        let shownVersion = version ?? model.shownVersion(of: facts.id)
        /// A sentence about the record, its values marked up as the page shows them.
        func line(_ key: String) -> String? {
            record.map { record in
                func value(_ name: String) -> String { MarkdownDocument.escape("\(record[name] ?? "")") }
                return model.html(
                    key, language,
                    [
                        "tag": "<strong>\(value("tag"))</strong>", "round": "<code>\(value("round"))</code>", "rule": "<strong>\(value("ruleLabel"))</strong>",
                        "summary": value("summary"), "closed": value("closed"), "adopted": value("adopted"),
                    ])
            }
        }
        context.merge(
            SiteModel.compact([
                "id": facts.id, "title": facts.title, "version": metadata.version, "status": metadata.status?.rawValue,
                "effective": metadata.effective?.description, "reviewBy": metadata.reviewBy?.description,
                "reviewOverdue": version == nil ? model.reviewOverdue(metadata, language) : nil, "owner": owner(metadata.owner, model, language), "statusLabel": model.statusLabel(metadata.status, language),
                "adoptedLine": line("procedure.adopted"), "unverifiedLine": line("procedure.unverified"), "printAdoptedLine": line("print.adopted"),
                "translation": translation,
                "language": metadata.language, "anchor": print ? facts.id : nil,
                "supersedes": metadata.supersedes.isEmpty ? nil : metadata.supersedes.map { id in
                    SiteModel.compact(["id": id, "url": model.procedures.contains { $0.id == id } ? root + SiteModel.procedurePage(id) : nil])
                },
                "toc": contents(facts, anchor: anchor), "body": html,
                "procedureCurrency": CurrencyBanner.procedure(shownVersion, model: model, language: language),
                "versions": print ? nil : CurrencyBanner.versions(of: facts.id, shown: shownVersion, page: page, model: model, language: language).map { ["items": $0] },
                "notes": notes.isEmpty || isInline(style) ? nil : ["items": notes],
                "record": record,
                "history": history.isEmpty ? nil : history.map { entry in
                    ["commit": String(entry.commit.prefix(10)), "date": Timestamp.string(entry.date).prefix(10).description, "author": entry.author, "summary": entry.summary, "change": entry.change]
                },
                "redline": redline ? root + SiteModel.redlinePage(facts.id) : nil,
                "setPage": root + SiteModel.procedurePage(facts.id),
            ])) { _, new in new }
        return context
    }

    /// The body as safe HTML with heading anchors and cross-references pointing at the other
    /// procedures' pages, for a page one folder below the site root (every procedure page is)
    /// or, for a version's own page, `root` below it.
    static func body(_ procedure: Procedure, facts: ProcedureFacts, model: SiteModel, root: String = "../") -> String {
        procedure.document.rewriteLinks { model.destination(of: $0, in: facts, root: root) }
        return procedure.document.html()
    }

    /// The body for the print edition, where every procedure shares one file: each ID gets the
    /// procedure's prefix and links to other pages become links within the file. cmark escapes
    /// `"` in text, so ` id="` and `href="` occur only in attributes. One pass over the bytes:
    /// Foundation's string search costs seconds on a thousand procedures on Linux.
    static func printForm(_ html: String, id: String) -> String {
        let bytes = Array(html.utf8)
        let idAttribute = Array(" id=\"".utf8)
        let fragmentLink = Array("href=\"#".utf8)
        let pageLink = Array("href=\"../procedures/".utf8)
        let indexLink = Array("href=\"../index.html".utf8)
        let prefix = Array("\(id)-".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: " "), bytes[index...].starts(with: idAttribute) {
                output += idAttribute + prefix
                index += idAttribute.count
            } else if byte == UInt8(ascii: "h"), bytes[index...].starts(with: fragmentLink) {
                output += fragmentLink + prefix
                index += fragmentLink.count
            } else if byte == UInt8(ascii: "h"), bytes[index...].starts(with: indexLink) {
                // A link to a procedure left out of the site goes to the index beside print.html.
                output += Array("href=\"index.html".utf8)
                index += indexLink.count
            } else if byte == UInt8(ascii: "h"), bytes[index...].starts(with: pageLink),
                let quote = bytes[(index + pageLink.count)...].firstIndex(of: UInt8(ascii: "\""))
            {
                let target = bytes[(index + pageLink.count)..<quote]
                let page = target.prefix { $0 != UInt8(ascii: "#") }
                let fragment = target.dropFirst(page.count + 1)
                let procedure = String(decoding: page, as: UTF8.self).replacingOccurrences(of: ".html", with: "")
                output += fragmentLink
                output += Array(SiteModel.printAnchor(procedure, fragment.isEmpty ? nil : String(decoding: fragment, as: UTF8.self)).utf8)
                index = quote
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// What goes into a heading (before its closing tag: a reservation's footnote mark) and
    /// right after it (notes).
    struct HeadingNotes {
        var inside = ""
        var after = ""
    }

    /// Inserts the notes of each heading, by `id`, in one pass over the HTML: a language
    /// version's page notes most of its headings, and searching the page again for each was
    /// most of a publish's time.
    static func insert(_ notes: [String: HeadingNotes], into html: String) -> String {
        guard !notes.isEmpty else { return html }
        var wanted: [[UInt8]: HeadingNotes] = [:]
        for (id, note) in notes { wanted[Array(MarkdownDocument.escape(id).utf8)] = note }
        let bytes = Array(html.utf8)
        let marker = Array(" id=\"".utf8), close = Array("</h".utf8)
        func find(_ needle: [UInt8], from start: Int) -> Int? {
            guard needle.count <= bytes.count, start <= bytes.count - needle.count else { return nil }
            for index in start...(bytes.count - needle.count) where bytes[index] == needle[0] {
                if bytes[index..<index + needle.count].elementsEqual(needle) { return index }
            }
            return nil
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + notes.values.reduce(0) { $0 + $1.inside.utf8.count + $1.after.utf8.count })
        var copied = 0, searched = 0
        while !wanted.isEmpty, let attribute = find(marker, from: searched) {
            let value = attribute + marker.count
            guard let quote = bytes[value...].firstIndex(of: UInt8(ascii: "\"")) else { break }
            searched = quote
            guard quote + 1 < bytes.count, bytes[quote + 1] == UInt8(ascii: ">"),
                let note = wanted.removeValue(forKey: Array(bytes[value..<quote])),
                let closing = find(close, from: quote), let end = bytes[closing...].firstIndex(of: UInt8(ascii: ">"))
            else { continue }
            output += bytes[copied..<closing]
            output += Array(note.inside.utf8)
            output += bytes[closing...end]
            output += Array(note.after.utf8)
            copied = end + 1
            searched = copied
        }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Sections and their subsections, for the table of contents.
    static func contents(_ facts: ProcedureFacts, anchor: (String) -> String) -> [[String: Any]] {
        var entries: [[String: Any]] = []
        for heading in facts.headings where heading.level <= 3 {
            guard let id = heading.id else { continue }
            let entry: [String: Any] = ["title": title(heading), "anchor": anchor(id)]
            if heading.level == 3, !entries.isEmpty {
                var parent = entries.removeLast()
                let children = (parent["sub"] as? [String: [[String: Any]]])?["items"] ?? []
                parent["sub"] = ["items": children + [entry]]
                entries.append(parent)
            } else {
                entries.append(entry)
            }
        }
        return entries
    }

    static func isInline(_ style: Reservations) -> Bool {
        if case .inline = style { return true }
        return false
    }

    static func title(_ heading: ProcedureFacts.Entry) -> String {
        heading.number.map { "\($0) \(heading.title)" } ?? heading.title
    }

    static func owner(_ code: String?, _ model: SiteModel, _ language: String) -> String? {
        guard let code else { return nil }
        if code == "secretariat" { return model.text("procedure.secretariat", language) }
        return model.set?.participant(code).map { "\($0.name) (\(code))" } ?? code
    }
}
