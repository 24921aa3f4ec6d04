import Foundation
import Testing
import ZIPFoundation

/// A workbook as Excel saves one, built by hand so the reader meets what it will meet: every
/// text in xl/sharedStrings.xml, split into rich-text runs and followed by a phonetic guide
/// that is not part of the words, empty cells and empty rows left out, numbers stored as
/// numbers (with the binary rounding Excel writes), and parts under other names and
/// relationship IDs than `sop` writes, found only through the relationships.
struct ExcelWorkbook {
    /// The rows by their number in the sheet; an empty string is a cell left out.
    var rows: [(number: Int, cells: [String])]
    /// Cells holding a number, stored as Excel stores it (`5.0999999999999996` for 5.1).
    var numbers: [String: String] = ["1": "1", "2": "2", "5.1": "5.0999999999999996"]
    /// The namespace prefix on every element of the sheet (`x:`), as some writers give it.
    var prefix = ""

    /// Rows numbered from 1, one after the other.
    init(_ rows: [[String]]) {
        self.rows = rows.enumerated().map { ($0.offset + 1, $0.element) }
    }

    init(numbered rows: [(number: Int, cells: [String])]) {
        self.rows = rows
    }

    func data() throws -> Data {
        var strings: [String] = []
        var sheet = ""
        for (number, cells) in rows {
            sheet += "<\(prefix)row r=\"\(number)\" spans=\"1:\(max(cells.count, 1))\">"
            for (column, value) in cells.enumerated() where !value.isEmpty {
                let reference = "\(Self.column(column))\(number)"
                if let stored = numbers[value] {
                    sheet += "<\(prefix)c r=\"\(reference)\" s=\"1\"><\(prefix)v>\(stored)</\(prefix)v></\(prefix)c>"
                } else {
                    let index = strings.firstIndex(of: value) ?? strings.count
                    if index == strings.count { strings.append(value) }
                    sheet += "<\(prefix)c r=\"\(reference)\" t=\"s\"><\(prefix)v>\(index)</\(prefix)v></\(prefix)c>"
                }
            }
            sheet += "</\(prefix)row>"
        }
        let namespace = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix.dropLast())"
        let worksheet = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <\(prefix)worksheet \(namespace)="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <\(prefix)sheetData>\(sheet)</\(prefix)sheetData></\(prefix)worksheet>
            """
        let shared = strings.map { text -> String in
            let characters = Array(text)
            let half = characters.count / 2
            let runs = half == 0
                ? "<t>\(Self.escaped(text))</t>"
                : "<r><rPr><b/><sz val=\"11\"/></rPr><t xml:space=\"preserve\">\(Self.escaped(String(characters[..<half])))</t></r>"
                    + "<r><t xml:space=\"preserve\">\(Self.escaped(String(characters[half...])))</t></r>"
            return "<si>\(runs)<rPh sb=\"0\" eb=\"1\"><t>フリガナ</t></rPh></si>"
        }.joined()
        return try Self.zip([
            ("[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>
                """),
            ("_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/libro.xml"/></Relationships>
                """),
            ("xl/libro.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="Observaciones" sheetId="4" r:id="rId7"/><sheet name="Notas" sheetId="5" r:id="rId2"/></sheets></workbook>
                """),
            ("xl/_rels/libro.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="hojas/../worksheets/observaciones.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>
                """),
            ("xl/worksheets/sheet1.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Not the form</t></is></c></row></sheetData></worksheet>
                """),
            ("xl/worksheets/observaciones.xml", worksheet),
            ("xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="\(strings.count)" uniqueCount="\(strings.count)">\(shared)</sst>
                """),
        ].map { ($0.0, Data($0.1.utf8)) })
    }

    /// A zip of these files, deflated, as any zip program writes one.
    static func zip(_ files: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (name, bytes) in files {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func column(_ index: Int) -> String {
        index < 26 ? String(UnicodeScalar(UInt8(65 + index))) : column(index / 26 - 1) + column(index % 26)
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
