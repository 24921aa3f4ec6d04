import Foundation

extension XLSX {
    /// The most the parts read from a workbook may come to uncompressed, together: twice what
    /// a CSV file may be (``TextFile/sizeLimit``), for the markup around the same words.
    static let partsLimit = 2 * TextFile.sizeLimit

    /// The rows of the workbook's first worksheet, found as Excel and LibreOffice record it
    /// (the package's relationships name the workbook, the workbook's its sheets), with each
    /// cell placed by its reference (`C5`), so that the empty cells a spreadsheet leaves out
    /// move nothing. Shared strings, rich text runs, inline strings, numbers, booleans and the
    /// cached values of formulas are read as the text they show; rows holding nothing are left
    /// out. At most `rowLimit` rows may hold something.
    public static func read(_ data: Data, path: String, rowLimit: Int) throws -> [SheetRow] {
        var parts = try ZipParts(data, path: path, limit: partsLimit)
        let workbook = try relationships(of: "", in: &parts, path: path).first { $0.type == "officeDocument" }?.target ?? "xl/workbook.xml"
        guard let book = try parts.read(workbook) else { throw noWorksheet(parts, path: path) }
        let related = try relationships(of: workbook, in: &parts, path: path)
        var sheets: [String] = []
        try XMLEvents.read(book, part: workbook, path: path) { event in
            if case .start("sheet", let attributes) = event, let id = attributes["id"] { sheets.append(id) }
        }
        let worksheets = sheets.compactMap { id in related.first { $0.id == id && $0.type == "worksheet" }?.target }
        guard let first = worksheets.first, let sheet = try parts.read(first) else { throw noWorksheet(parts, path: path) }
        let strings = try related.first { $0.type == "sharedStrings" }.map { try sharedStrings($0.target, in: &parts, path: path) } ?? []
        return try rows(of: sheet, part: first, strings: strings, path: path, rowLimit: rowLimit)
    }

    /// A relationship of a part: its `Id`, the last word of its type (`worksheet`), and the
    /// name in the zip of the part it points to.
    struct Relationship {
        let id: String
        let type: String
        let target: String
    }

    /// The relationships of `part` (`""` for the package), from `dir/_rels/name.rels`.
    static func relationships(of part: String, in parts: inout ZipParts, path: String) throws -> [Relationship] {
        let folder = part.split(separator: "/").dropLast().joined(separator: "/")
        let name = part.split(separator: "/").last.map(String.init) ?? ""
        let file = (folder.isEmpty ? "" : folder + "/") + "_rels/" + name + ".rels"
        guard let data = try parts.read(file) else { return [] }
        var found: [Relationship] = []
        try XMLEvents.read(data, part: file, path: path) { event in
            guard case .start("Relationship", let attributes) = event, attributes["TargetMode"] != "External",
                let id = attributes["Id"], let type = attributes["Type"], let target = attributes["Target"]
            else { return }
            found.append(Relationship(id: id, type: type.split(separator: "/").last.map(String.init) ?? type, target: resolve(target, from: folder)))
        }
        return found
    }

    /// A relationship's target as a name in the zip: from the root when it starts with `/`,
    /// else from the folder of the part that names it, with `.` and `..` worked out.
    static func resolve(_ target: String, from folder: String) -> String {
        var components = target.hasPrefix("/") ? [] : folder.split(separator: "/").map(String.init)
        for component in target.split(separator: "/").map(String.init) {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    /// The shared strings of the workbook, each the text of its runs (`<r><t>`) or its one `<t>`;
    /// phonetic guides (`<rPh>`) are not the cell's words and are left out.
    static func sharedStrings(_ part: String, in parts: inout ZipParts, path: String) throws -> [String] {
        guard let data = try parts.read(part) else { return [] }
        var strings: [String] = []
        var text = TextRuns()
        try XMLEvents.read(data, part: part, path: path) { event in
            text.take(event)
            if case .end("si") = event {
                strings.append(text.value)
                text = TextRuns()
            }
        }
        return strings
    }

    /// The `<t>` text of a shared or inline string, as it shows.
    struct TextRuns {
        private(set) var value = ""
        private var inText = false
        private var phonetic = 0

        mutating func take(_ event: XMLEvents.Event) {
            switch event {
            case .start("rPh", _): phonetic += 1
            case .end("rPh"): phonetic -= 1
            case .start("t", _): inText = phonetic == 0
            case .end("t"): inText = false
            case .text(let characters) where inText: value += characters
            default: break
            }
        }
    }

    /// The rows of a worksheet part.
    static func rows(of sheet: Data, part: String, strings: [String], path: String, rowLimit: Int) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        var rowNumber = 0
        var cells: [Int: String] = [:]
        var column = -1
        var type = "n"
        var reference = ""
        var value = ""
        var inValue = false
        var inline: TextRuns?
        func fail(_ message: String) -> SOPError {
            SOPError(.invalidFile, "\(part) in the file, cell \(reference): \(message)", at: Location(path),
                hint: "save it again from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
        }
        try XMLEvents.read(sheet, part: part, path: path) { event in
            inline?.take(event)
            switch event {
            case .start("row", let attributes):
                rowNumber = attributes["r"].flatMap { Int($0) } ?? rowNumber + 1
                cells = [:]
                column = -1
            case .end("row"):
                guard !cells.isEmpty else { return }
                rows.append(SheetRow(number: rowNumber, cells: cells))
                guard rows.count <= rowLimit else {
                    throw SOPError(
                        .tooLarge, "the sheet has more than \(rowLimit) rows that hold something", at: Location(path),
                        hint: "split the rows over several files")
                }
            case .start("c", let attributes):
                reference = attributes["r"] ?? "\(columnName(column + 1))\(rowNumber)"
                guard let placed = attributes["r"] == nil ? column + 1 : columnIndex(reference), placed < maximumColumns else {
                    throw fail("'\(reference)' is not a cell reference")
                }
                column = placed
                type = attributes["t"] ?? "n"
                value = ""
                inline = nil
            case .start("v", _): inValue = true
            case .end("v"): inValue = false
            case .text(let characters) where inValue: value += characters
            case .start("is", _): inline = TextRuns()
            case .end("c"):
                let shown: String
                switch type {
                case "s":
                    guard let index = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(index) else {
                        throw fail("shared string \(value) does not exist")
                    }
                    shown = strings[index]
                case "inlineStr": shown = inline?.value ?? value
                case "b": shown = value == "1" ? "TRUE" : value == "0" ? "FALSE" : value
                case "n": shown = number(value)
                default: shown = value
                }
                let text = unescaped(shown)
                if !text.isEmpty { cells[column] = text }
                inline = nil
            default: break
            }
        }
        return rows
    }

    /// The column of a cell reference (`C5` → 2), nil for one that is not a reference or lies
    /// beyond the last column a spreadsheet has.
    static func columnIndex(_ reference: String) -> Int? {
        let letters = reference.prefix { $0.isASCII && $0.isLetter }.uppercased()
        guard !letters.isEmpty, letters.count <= 3, reference.dropFirst(letters.count).allSatisfy(\.isWholeNumber) else { return nil }
        let index = letters.unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 } - 1
        return index < maximumColumns ? index : nil
    }

    /// A number as a person typed it: `5.1` for the `5.0999999999999996` Excel may store, `2`
    /// for `2.0`; anything else as it is.
    static func number(_ value: String) -> String {
        guard let double = Double(value), double.isFinite, value.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else { return value }
        if double == double.rounded(), abs(double) < 1e15 { return String(Int64(double)) }
        return String(double)
    }

    /// Text with Excel's `_xHHHH_` escapes (characters XML cannot carry) turned back into the
    /// characters; ``textElement(_:)`` writes them.
    static func unescaped(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if looksEscaped(scalars, at: index), let code = UInt32(String(String.UnicodeScalarView(scalars[(index + 2)...(index + 5)])), radix: 16),
                let scalar = Unicode.Scalar(code)
            {
                result.append(scalar)
                index += 7
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    /// The refusal of a zip that holds no worksheet, saying what it is when it can tell.
    static func noWorksheet(_ parts: ZipParts, path: String) -> SOPError {
        if parts.names.contains("mimetype"), parts.names.contains("content.xml") {
            return SOPError(
                .invalidFile, "the file is an OpenDocument spreadsheet (.ods), not an Excel workbook (.xlsx)", at: Location(path),
                hint: "save it as an Excel workbook (in LibreOffice: File › Save As… › Excel 2007-365 (.xlsx)) or as CSV UTF-8")
        }
        return SOPError(
            .invalidFile, "the file is a zip archive but holds no worksheet", at: Location(path),
            hint: "save it from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
    }
}
