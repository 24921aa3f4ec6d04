import Foundation
import ZIPFoundation

/// Office Open XML workbooks (.xlsx), the files Excel and LibreOffice save: written with one
/// sheet of text cells, read back from what either program saved (``read(_:path:rowLimit:)``).
///
/// Every cell is written as an inline string in a column formatted as text, so a spreadsheet
/// shows and keeps exactly the words (no separator to guess, no encoding to choose, no
/// "5.10" turned into 5.1 or "1-2" into a date), and what an official types into it stays text.
public enum XLSX {
    public static let mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The date every part carries, 1980-01-01 (the zip format's first day), so that the same
    /// sheet always gives the same bytes.
    static let partDate = Date(timeIntervalSince1970: 315_532_800)

    /// The workbook of one sheet.
    public static func write(_ sheet: Sheet) throws -> Data {
        let parts = [
            ("[Content_Types].xml", contentTypes), ("_rels/.rels", packageRelationships), ("xl/workbook.xml", workbook(sheet.name)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships), ("xl/styles.xml", styles), ("xl/worksheets/sheet1.xml", worksheet(sheet)),
        ]
        do {
            let archive = try Archive(accessMode: .create)
            for (name, text) in parts {
                let bytes = Data(text.utf8)
                try archive.addEntry(
                    with: name, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: partDate, compressionMethod: .deflate
                ) { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) }
            }
            guard let data = archive.data else { throw SOPError(.io, "the workbook was built but has no bytes") }
            return data
        } catch {
            throw SOPError(.io, "cannot build the workbook: \(error)")
        }
    }

    /// The spreadsheet's name of a column: A for 0, Z for 25, AA for 26.
    static func columnName(_ index: Int) -> String {
        var name = ""
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + digit))) + name
            rest = (rest - 1) / 26
        }
        return name
    }

    /// The most columns a sheet has (A to XFD), as Excel and LibreOffice count them.
    static let maximumColumns = 16_384

    // MARK: The parts

    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static let contentTypes = declaration + """
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        </Types>
        """

    static let packageRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    static let workbookRelationships = declaration + """
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="\(relationshipNamespace)/worksheet" Target="worksheets/sheet1.xml"/>\
        <Relationship Id="rId2" Type="\(relationshipNamespace)/styles" Target="styles.xml"/>\
        </Relationships>
        """

    static func workbook(_ name: String) -> String {
        declaration + """
            <workbook xmlns="\(main)" xmlns:r="\(relationshipNamespace)">\
            <sheets><sheet name="\(escaped(name))" sheetId="1" r:id="rId1"/></sheets>\
            </workbook>
            """
    }

    /// The cell formats ``worksheet(_:)`` refers to by number, all text ("@", format 49) and
    /// aligned to the top of the cell, so rows of long comments read from their first line:
    /// plain, wrapped, and bold (the header and the labels of the lines above it).
    enum Style: Int {
        case plain = 1, wrapped, bold
    }

    static let styles = declaration + """
        <styleSheet xmlns="\(main)">\
        <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
        <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="4">\
        <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        <xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>\
        <xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyAlignment="1"><alignment vertical="top"/></xf>\
        </cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """

    /// The sheet: the rows above the header with their labels in bold, the header in bold and
    /// frozen with them, then the rows in their columns' formats; a column with choices gets a
    /// drop-down list over every row below the header.
    static func worksheet(_ sheet: Sheet) -> String {
        let width = max(sheet.columns.count, sheet.rows.map(\.count).max() ?? 0, 1)
        let top = sheet.header + 1
        var xml = declaration + "<worksheet xmlns=\"\(main)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<dimension ref=\"A1:\(columnName(width - 1))\(max(sheet.rows.count, 1))\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"\(top)\" topLeftCell=\"A\(top + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A\(top + 1)\" sqref=\"A\(top + 1)\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"
        if !sheet.columns.isEmpty {
            xml += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                let style = column.wraps ? Style.wrapped : .plain
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(column.width)\" style=\"\(style.rawValue)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (index, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(index + 1)\">"
            for (position, value) in row.enumerated() where !value.isEmpty {
                let style: Style =
                    index == sheet.header || (index < sheet.header && position == 0) ? .bold
                    : index > sheet.header && position < sheet.columns.count && sheet.columns[position].wraps ? .wrapped : .plain
                xml += "<c r=\"\(columnName(position))\(index + 1)\" s=\"\(style.rawValue)\" t=\"inlineStr\"><is>\(textElement(DisplayText.shown(value)))</is></c>"
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        let lists = sheet.columns.enumerated().filter { !$0.element.choices.isEmpty }
        if !lists.isEmpty {
            xml += "<dataValidations count=\"\(lists.count)\">"
            for (index, column) in lists {
                let name = columnName(index)
                xml += "<dataValidation type=\"list\" allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" errorStyle=\"warning\" "
                xml += "sqref=\"\(name)\(top + 1):\(name)1048576\"><formula1>\(escaped("\"" + column.choices.joined(separator: ",") + "\""))</formula1></dataValidation>"
            }
            xml += "</dataValidations>"
        }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        return xml + "</worksheet>"
    }

    /// A `<t>` element holding `text`: spaces at either end kept, a carriage return written as a
    /// reference (an XML reader would turn a bare one into a line feed), and each character XML
    /// cannot carry written `_xHHHH_`, the escape Excel writes and reads (a literal `_x` that
    /// looks like one gets its underscore escaped, so it reads back as typed).
    static func textElement(_ text: String) -> String {
        var body = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": body += "&amp;"
            case "<": body += "&lt;"
            case ">": body += "&gt;"
            case "\r": body += "&#13;"
            case "_" where looksEscaped(scalars, at: index): body += "_x005F_"
            default:
                if isXMLCharacter(scalar) { body.unicodeScalars.append(scalar) } else { body += String(format: "_x%04X_", scalar.value) }
            }
        }
        let padded = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true
        return (padded ? "<t xml:space=\"preserve\">" : "<t>") + body + "</t>"
    }

    /// Whether `_xHHHH_` starts at `index`: four hexadecimal digits between `_x` and `_`.
    static func looksEscaped(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index + 6 < scalars.count, scalars[index] == "_", scalars[index + 1] == "x", scalars[index + 6] == "_" else { return false }
        return scalars[(index + 2)...(index + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// The characters XML 1.0 allows in a document (tab, line feed, carriage return, and from
    /// the space on, less U+FFFE and U+FFFF).
    static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Text for an attribute or element: the five characters XML reserves, escaped.
    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
