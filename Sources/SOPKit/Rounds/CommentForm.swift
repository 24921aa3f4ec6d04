import Foundation
import Markdown

/// The ISO/CEN comment template as a file a ministry fills in offline: a CSV file or an Excel
/// workbook (``FormFormat``), written from the same rows and read back by the same rules.
public enum CommentForm {
    /// The form's columns in order, with how each looks in a workbook: wide enough for its
    /// name in bold (the first also for the labels of the lines above), the words of comments
    /// wrapping in wide columns, and `Blocking` offering yes and no.
    static let layout: [(name: String, look: Sheet.Column)] = [
        ("Participant", Sheet.Column(width: 22)), ("Comment No.", Sheet.Column(width: 13)), ("Section ID", Sheet.Column(width: 24)),
        ("Section", Sheet.Column(width: 34, wraps: true)), ("Paragraph", Sheet.Column(width: 11)), ("Type", Sheet.Column(width: 7)),
        ("Comment", Sheet.Column(width: 50, wraps: true)), ("Proposed change", Sheet.Column(width: 50, wraps: true)),
        ("Secretariat observation", Sheet.Column(width: 40, wraps: true)), ("Revision", Sheet.Column(width: 10)),
        ("Quoted words", Sheet.Column(width: 30, wraps: true)), ("Blocking", Sheet.Column(width: 10, choices: ["yes", "no"])),
    ]

    public static let columns = layout.map(\.name)

    /// Other names a ministry may give a column by hand, by the column they mean.
    static let aliases = ["quote": "Quoted words", "quoted text": "Quoted words", "blocking comment": "Blocking"]

    /// The form for a round: a few lines naming the round and its deadline, then the comments
    /// so far (of one participant, or all), then one empty row per section of the current
    /// revision, pre-filled with the section.
    public static func export(
        _ round: Round, text: RevisionText, participant: String?, now: Date = Timestamp.now(), as format: FormFormat = .csv
    ) throws -> Data {
        let heading = heading(round, now: now)
        var rows = heading + [columns]
        for comment in round.comments where participant == nil || comment.participant == participant {
            rows.append(row(comment, text: text))
        }
        for anchor in text.sectionAnchors {
            let parts = anchor.split(separator: "#").map(String.init)
            guard let (_, section) = text.section(parts[0], parts[1]) else { continue }
            rows.append([participant ?? "", "", anchor, label(parts[0], section.heading.number, section.heading.title), "", "", "", "", "", String(round.revision.number), "", ""])
        }
        return try format.write(sheet("Comment form", rows, header: heading.count))
    }

    /// The disposition table: every comment with the secretariat's answer and the replies.
    public static func dispositions(_ round: Round, text: RevisionText, as format: FormFormat = .csv) throws -> Data {
        try format.write(sheet("Dispositions", [columns] + round.comments.map { row($0, text: text) }, header: 0))
    }

    /// The lines above the column names: the round, its title, deadline and revision, and
    /// what a yes under Blocking does.
    static func heading(_ round: Round, now: Date) -> [[String]] {
        [
            ["Comment form of round", round.id], ["Title", round.title],
            ["Closes (UTC)", Timestamp.string(round.effectiveCloses(now: now))], ["Revision", String(round.revision.number)],
            ["Blocking", "yes holds the decision until the comment is answered (focal points only)"],
        ]
    }

    static func sheet(_ name: String, _ rows: [[String]], header: Int) -> Sheet {
        Sheet(name: name, rows: rows, header: header, columns: layout.map(\.look))
    }

    static func label(_ procedure: String, _ number: String?, _ title: String) -> String {
        [procedure, number.map { "§" + $0 }, title.isEmpty ? nil : title].compactMap { $0 }.joined(separator: " ")
    }

    static func row(_ comment: Comment, text: RevisionText) -> [String] {
        let title = text.section(comment.procedure, comment.section)?.1.heading.title ?? ""
        var observation = comment.disposition.map { "\($0.resolution.rawValue.capitalized)" + ($0.reason.isEmpty ? "" : ": \($0.reason)") } ?? ""
        for earlier in comment.earlierDispositions.reversed() {
            observation += (observation.isEmpty ? "" : "\n") + "(replaced: \(earlier.resolution.rawValue.capitalized)" + (earlier.reason.isEmpty ? "" : ": \(earlier.reason)") + ")"
        }
        if let applied = comment.disposition?.applied, !observation.contains(applied.prefix(10)) {
            observation += " (applied in \(applied.prefix(10)))"
        }
        for reply in comment.replies { observation += (observation.isEmpty ? "" : "\n") + "\(reply.participant): \(reply.text)" }
        return [
            comment.participant, comment.number, comment.anchor, label(comment.procedure, comment.sectionNumber, title),
            comment.paragraph ?? "", comment.type.rawValue, comment.text, comment.proposed ?? "", observation, String(comment.revision),
            comment.quote?.exact ?? "", comment.blocking ? "yes" : "",
        ]
    }

    /// Reads a filled form for one participant, CSV or workbook as its bytes say. Every row is
    /// checked (a bad row names its row number as the spreadsheet shows it, and its column)
    /// before anything is returned; rows that repeat comments already in the round, or earlier
    /// rows of the form, are left out so importing twice adds nothing.
    public static func read(
        _ data: Data, path: String, participant: String, round: Round, text: RevisionText
    ) throws -> [CommentDraft] {
        guard data.count <= TextFile.sizeLimit else {
            throw SOPError(
                .tooLarge, "the form is \(TextFile.megabytes(data.count)); a comment form is at most \(TextFile.megabytes(TextFile.sizeLimit))",
                at: Location(path), hint: "split the comments over several forms")
        }
        let limit = (round.registry?.set.limits ?? ProtocolSet.Limits()).formRows
        let rows: [SheetRow]
        switch try FormFormat.of(data, path: path) {
        case .csv: rows = try csvRows(data, path: path)
        case .xlsx:
            // A workbook may have the rows the export writes for this round, and form-rows more.
            let written = heading(round, now: Timestamp.now()).count + 1 + round.comments.count + text.sectionAnchors.count
            rows = try XLSX.read(data, path: path, rowLimit: written + limit)
        }
        // The lines naming the round come before the header: it is the row naming the columns.
        guard let headerAt = rows.firstIndex(where: { known(in: $0) >= 3 }) else {
            throw SOPError(
                .invalidFile, "no row of the form names its columns (Participant, Section ID, Type, Comment, …)", at: Location(path),
                hint: "start from `sop comment export`; keep its row of column names")
        }
        let header = rows[headerAt]
        var index: [String: Int] = [:]
        for (position, name) in header.cells.sorted(by: { $0.key < $1.key }) {
            let typed = CSV.unguard(name).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !typed.isEmpty else { continue }
            guard let column = column(named: typed) else {
                throw SOPError(
                    .invalidFile, "unknown column '\(DisplayText.shown(String(typed.prefix(40))))' (column \(position + 1)): its cells would be left out",
                    at: Location(path, line: header.line), hint: "the form's columns are \(columns.joined(separator: ", ")); rename it or remove it")
            }
            index[column] = index[column] ?? position
        }
        let required = ["Participant", "Section ID", "Type", "Comment", "Proposed change"]
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw SOPError(
                .invalidFile, "missing column\(missing.count == 1 ? "" : "s"): \(missing.joined(separator: ", "))",
                at: Location(path, line: header.line), hint: "start from `sop comment export`; its first row names the columns")
        }
        func field(_ row: SheetRow, _ column: String) -> String {
            guard let position = index[column], let cell = row.cells[position] else { return "" }
            return CSV.unguard(cell).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        // The rows that carry a comment: the empty rows the export adds for each section do not.
        let filled = rows.dropFirst(headerAt + 1).filter { row in ["Type", "Comment", "Proposed change"].contains { !field(row, $0).isEmpty } }
        guard filled.count <= limit else {
            throw SOPError(
                .tooLarge, "the form has \(filled.count) rows with a comment; one form holds at most \(limit) (limits: form-rows in set.yaml), so nothing was recorded",
                at: Location(path), hint: "split the comments over forms of at most \(limit) rows and import them one after the other")
        }
        var drafts: [CommentDraft] = []
        let recorded = round.comments.filter { $0.participant == participant }
        var seen = Set(recorded.map { key($0.anchor, $0.type.rawValue, $0.text, $0.proposed ?? "") })
        // Looked up by number once per row: a scan of the recorded comments per row made an
        // import grow with the square of its size.
        let numbered = Dictionary(recorded.map { ($0.number.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        for row in filled {
            func cell(_ column: String) -> String { field(row, column) }
            func fail(_ column: String, _ message: String) -> SOPError {
                SOPError(.invalidArgument, "row \(row.number), column \(column): \(message)", at: Location(path, line: row.line))
            }
            let type = cell("Type")
            let comment = cell("Comment")
            let proposed = cell("Proposed change")
            let who = cell("Participant")
            if !who.isEmpty, who != participant {
                throw fail("Participant", "'\(who)' is not \(participant); a form is imported for one participant at a time (--as \(participant))")
            }
            guard let kind = kind(type) else {
                throw fail("Type", "'\(type)' is not a comment type; use ge (general), te (technical) or ed (editorial)")
            }
            guard !comment.isEmpty else { throw fail("Comment", "the comment is empty") }
            let section = cell("Section ID")
            guard !section.isEmpty else { throw fail("Section ID", "no section given") }
            let resolved: (procedure: String, section: Markdown.Section, plainText: String)
            do {
                resolved = try text.resolve(section)
            } catch let error as SOPError {
                throw fail("Section ID", error.message)
            }
            let anchor = "\(resolved.procedure)#\(resolved.section.heading.id!)"
            let identity = key(anchor, kind.rawValue, comment, proposed)
            let number = cell("Comment No.")
            if let existing = numbered[number.lowercased()],
                key(existing.anchor, existing.type.rawValue, existing.text, existing.proposed ?? "") != identity
            {
                throw fail("Comment", "\(existing.number) is already recorded with other content; a recorded comment cannot be changed. Clear the Comment No. cell to add this as a new comment")
            }
            guard !seen.contains(identity) else { continue }
            seen.insert(identity)
            let revision = cell("Revision")
            guard revision.isEmpty || Int(revision) != nil else {
                throw fail("Revision", "'\(revision)' is not a revision number; leave the number the form was downloaded with")
            }
            let blocking = cell("Blocking")
            guard let blocks = Self.blocking(blocking) else {
                throw fail("Blocking", "'\(blocking)' is neither yes nor no; write yes to hold the decision until the comment is answered, or leave it empty")
            }
            let quote = cell("Quoted words")
            drafts.append(
                CommentDraft(
                    section: anchor, quote: quote.isEmpty ? nil : quote, type: kind, text: comment, proposed: proposed.isEmpty ? nil : proposed,
                    blocking: blocks, paragraph: cell("Paragraph"), readOn: Int(revision)))
        }
        return drafts
    }

    /// The rows of a CSV form, numbered as a spreadsheet opening it shows them.
    static func csvRows(_ data: Data, path: String) throws -> [SheetRow] {
        let content: String
        do {
            content = try TextFile.decode(data, path: path)
        } catch let error as SOPError where error.code == .invalidFile {
            throw SOPError(
                .invalidFile, "the form is not UTF-8 text (\(error.message))", at: error.location,
                hint: "save it from the spreadsheet as \"CSV UTF-8 (comma delimited)\" or as an Excel workbook (.xlsx)")
        }
        return try CSV.parse(content, path: path, separator: separator(of: content)).enumerated().map { index, row in
            SheetRow(number: index + 1, line: row.line, cells: Dictionary(uniqueKeysWithValues: row.fields.enumerated().filter { !$0.element.isEmpty }.map { ($0.offset, $0.element) }))
        }
    }

    /// The separator the form was saved with: the one a first `sep=;` line names (Excel's own
    /// convention), else the one under which a row names the most columns (spreadsheets set to
    /// a Spanish, French or Dutch locale save with ';', some with tabs).
    static func separator(of content: String) -> Character {
        let lines = content.split(whereSeparator: \.isNewline).prefix(20)
        if let first = lines.first?.trimmingCharacters(in: .whitespaces), first.lowercased().hasPrefix("sep="), let named = first.dropFirst(4).first {
            return named
        }
        let candidates: [Character] = [",", ";", "\t"]
        func score(_ separator: Character) -> Int {
            lines.map { line in line.split(separator: separator).filter { column(named: CSV.unguard(String($0)).trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))) != nil }.count }.max() ?? 0
        }
        return candidates.max { score($0) < score($1) } ?? ","
    }

    /// The column a header cell names, case and aliases aside; nil for none of the form's.
    static func column(named name: String) -> String? {
        let lowered = name.lowercased()
        return columns.first { $0.lowercased() == lowered } ?? aliases[lowered]
    }

    static func known(in row: SheetRow) -> Int {
        row.cells.values.filter { column(named: CSV.unguard($0).trimmingCharacters(in: .whitespacesAndNewlines)) != nil }.count
    }

    /// Yes or no in any of the region's languages (empty: no); nil for anything else.
    static func blocking(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "", "no", "n", "false", "0", "non", "nee": false
        case "yes", "y", "true", "1", "x", "sí", "si", "oui", "ja": true
        default: nil
        }
    }

    static func kind(_ text: String) -> Comment.Kind? {
        switch text.lowercased() {
        case "ge", "general": return .ge
        case "te", "technical": return .te
        case "ed", "editorial": return .ed
        default: return nil
        }
    }

    /// What makes a row the same comment as another, compared as the round compares them. The
    /// words are taken as the form shows them (``DisplayText/shown(_:)``), so that a recorded
    /// comment exported with a control made visible is still itself when the form comes back.
    private static func key(_ anchor: String, _ type: String, _ text: String, _ proposed: String) -> String {
        [anchor, type, DisplayText.comparable(DisplayText.shown(text)), DisplayText.comparable(DisplayText.shown(proposed))].joined(separator: "\u{1F}")
    }
}
