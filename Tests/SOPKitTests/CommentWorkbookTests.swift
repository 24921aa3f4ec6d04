import Foundation
import Testing
import TestSupport
@testable import SOPKit

/// The offline comment form as an Excel workbook: the same rows as the CSV form, read back
/// from what Excel saves by the same rules, and refused with a clear word when it is not a
/// workbook this can read, or would unpack to more than a form can hold.
@Suite struct CommentWorkbookTests {
    /// A round on SOP-004 in which TT has commented once, in French, and the text it is on.
    func round() throws -> (fixture: RoundWorkspace, round: Round, text: RevisionText) {
        let fixture = try RoundWorkspace()
        let opened = try fixture.open()
        let first = CommentDraft(
            section: "detection", quote: "within one hour", type: .te, text: "Délai irréalisable la nuit : « quatre heures »",
            proposed: "dans un délai de quatre heures", blocking: true)
        _ = try fixture.consultation.addComments([first], round: opened.id, as: fixture.actor("TT"), now: fixture.at(1))
        let round = try fixture.consultation.log.round(opened.id)
        return (fixture, round, try RevisionText(workspace: fixture.workspace, commit: round.revision.commit, scope: round.procedures))
    }

    /// The CSV form's rows as lists of fields, the way a test fills them in.
    func fields(_ csv: Data) throws -> [[String]] {
        try CSV.parse(String(decoding: csv.dropFirst(3), as: UTF8.self), path: "TT.csv").map(\.fields)
    }

    @Test func theWorkbookHoldsTheRowsOfTheCSVForm() throws {
        let (fixture, round, text) = try round()
        let csv = try CommentForm.csvRows(CommentForm.export(round, text: text, participant: "TT", now: fixture.opened), path: "TT.csv")
        let workbook = try CommentForm.export(round, text: text, participant: "TT", now: fixture.opened, as: .xlsx)
        #expect(workbook.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let rows = try XLSX.read(workbook, path: "TT.xlsx", rowLimit: 100)
        #expect(rows.count == csv.count && rows.count > 10)
        #expect(rows.map(\.cells) == csv.map(\.cells))
        #expect(rows.map(\.number) == Array(1...csv.count))
        #expect(rows[6].cells[6] == "Délai irréalisable la nuit : « quatre heures »")
        let table = try XLSX.read(CommentForm.dispositions(round, text: text, as: .xlsx), path: "table.xlsx", rowLimit: 100)
        #expect(table.map(\.cells) == (try CommentForm.csvRows(CommentForm.dispositions(round, text: text), path: "table.csv")).map(\.cells))
    }

    @Test func theSameFormExportsTheSameBytes() throws {
        let (fixture, round, text) = try round()
        let first = try CommentForm.export(round, text: text, participant: "TT", now: fixture.opened, as: .xlsx)
        #expect(try CommentForm.export(round, text: text, participant: "TT", now: fixture.opened, as: .xlsx) == first)
        _ = try fixture.consultation.addComments(
            [CommentDraft(section: "scope", type: .ed, text: "Airports too")], round: round.id, as: fixture.actor("TT"), now: fixture.at(2))
        let after = try fixture.consultation.log.round(round.id)
        #expect(try CommentForm.export(after, text: text, participant: "TT", now: fixture.opened, as: .xlsx) != first)
    }

    /// Exported, filled in and saved by Excel (shared strings in runs, empty cells left out,
    /// numbers as numbers), the form records exactly the words typed, once.
    @Test func aFormFilledInAndSavedByExcelIsRecordedExactly() throws {
        let (fixture, round, text) = try round()
        var rows = try fields(CommentForm.export(round, text: text, participant: "TT", now: fixture.opened))
        let detection = try #require(rows.firstIndex { $0.count == 12 && $0[2] == "SOP-004#detection" && $0[1].isEmpty })
        rows[detection][4] = "5.1"
        rows[detection][5] = "te"
        rows[detection][6] = "La unidad no puede informar en una hora: «señor» ñandú, pingüino — 🌊"
        rows[detection][7] = "dans un délai de « deux heures » ; l’équipe de nuit"
        rows[detection][10] = "within one hour"
        rows[detection][11] = "sí"
        let scope = try #require(rows.firstIndex { $0.count == 12 && $0[2] == "SOP-004#scope" })
        rows[scope][5] = "ed"
        rows[scope][6] = "Ook de luchthavens: één regel <b>&amp;</b>"
        let form = try ExcelWorkbook(rows).data()

        // In the form's order: section 2 comes before section 5.1.
        let drafts = try CommentForm.read(form, path: "TT.xlsx", participant: "TT", round: round, text: text)
        #expect(drafts.map(\.section) == ["SOP-004#scope", "SOP-004#detection"])
        #expect(drafts.map(\.text) == [rows[scope][6], rows[detection][6]])
        #expect(drafts.map(\.proposed) == [nil, rows[detection][7]])
        #expect(drafts.map(\.quote) == [nil, "within one hour"])
        #expect(drafts.map(\.paragraph) == ["", "5.1"], "the 5.0999999999999996 Excel stores reads as the 5.1 typed")
        #expect(drafts.map(\.blocking) == [false, true])
        #expect(drafts.map(\.readOn) == [1, 1])

        let added = try fixture.consultation.addComments(drafts, round: round.id, as: fixture.actor("TT"), now: fixture.at(2))
        #expect(added.map(\.number) == ["TT-2", "TT-3"])
        let recorded = try fixture.consultation.log.round(round.id)
        #expect(recorded.comments.map(\.text) == ["Délai irréalisable la nuit : « quatre heures »", rows[scope][6], rows[detection][6]])
        #expect(try CommentForm.read(form, path: "TT.xlsx", participant: "TT", round: recorded, text: text).isEmpty, "importing twice adds nothing")
    }

    /// A bad cell is named by the row number the spreadsheet shows, however many empty rows
    /// Excel left out before it, and a column added by hand by its name.
    @Test func aBadRowIsNamedByItsNumberInTheSpreadsheet() throws {
        let (_, round, text) = try round()
        var workbook = ExcelWorkbook(numbered: [
            (1, ["Comment form of round", round.id]),
            (3, CommentForm.columns),
            (4, ["TT", "", "SOP-004#scope", "", "", "ge", "Fine"]),
            (12, ["TT", "", "SOP-004#scope", "", "", "zz", "Bad type"]),
        ])
        workbook.prefix = "x:"
        let error = #expect(throws: SOPError.self) { try CommentForm.read(workbook.data(), path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(error?.message == "row 12, column Type: 'zz' is not a comment type; use ge (general), te (technical) or ed (editorial)")
        #expect(error?.location == Location("TT.xlsx"))

        workbook.rows[1].cells.append("Notas")
        let column = #expect(throws: SOPError.self) { try CommentForm.read(workbook.data(), path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(column?.message == "unknown column 'Notas' (column 13): its cells would be left out")
    }

    @Test func whatIsNotAWorkbookIsRefusedSayingWhatToSaveInstead() throws {
        let (_, round, text) = try round()
        func refusal(_ data: Data, _ path: String = "TT.xlsx") -> SOPError? {
            #expect(throws: SOPError.self) { try CommentForm.read(data, path: path, participant: "TT", round: round, text: text) }
        }
        let renamed = refusal(Data("Participant,Section ID,Type,Comment,Proposed change\r\n".utf8))
        #expect(renamed?.message == "the file is named .xlsx but is not an Excel workbook (it is not a zip archive)")
        let old = refusal(Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)), "TT.xls")
        #expect(old?.message == "the file is an old Excel workbook (.xls) or one protected with a password, which cannot be read here")
        #expect(old?.hint == "save it as .xlsx (Excel Workbook, without a password) or as .csv (CSV UTF-8)")
        let notes = refusal(try ExcelWorkbook.zip([("notes.txt", Data("hello".utf8))]))
        #expect(notes?.message == "the file is a zip archive but holds no worksheet")
        let ods = refusal(
            try ExcelWorkbook.zip([("mimetype", Data("application/vnd.oasis.opendocument.spreadsheet".utf8)), ("content.xml", Data("<office:document-content/>".utf8))]))
        #expect(ods?.message == "the file is an OpenDocument spreadsheet (.ods), not an Excel workbook (.xlsx)")
        let entities = refusal(
            try ExcelWorkbook.zip([("xl/workbook.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY lol \"lol\">]><workbook>&lol;</workbook>".utf8))]))
        #expect(entities?.message == "xl/workbook.xml in the file declares a document type, which no spreadsheet writes")
        for error in [renamed, notes, ods, entities] {
            #expect(error?.code == .invalidFile && error?.location == Location("TT.xlsx") && error?.hint?.contains(".xlsx") == true, "\(String(describing: error))")
        }
    }

    /// 25 MB of text deflates to some 25 KB: refused at the directory's word, and when the
    /// directory lies about the size, once 20 MB have come out.
    @Test func aZipBombIsRefusedBeforeItIsUnpacked() throws {
        let (_, round, text) = try round()
        let words = String(repeating: "a", count: 25_000_000)
        let sheet = Data("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>\(words)</t></is></c></row></sheetData></worksheet>".utf8)
        let bomb = try ExcelWorkbook.zip([
            ("_rels/.rels", Data(#"<Relationships xmlns="\#(Self.packageNamespace)"><Relationship Id="b" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8)),
            ("xl/workbook.xml", Data(#"<workbook xmlns:r="\#(Self.relationshipNamespace)"><sheets><sheet r:id="s"/></sheets></workbook>"#.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(#"<Relationships xmlns="\#(Self.packageNamespace)"><Relationship Id="s" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8)),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
        #expect(bomb.count < 200_000)
        let honest = #expect(throws: SOPError.self) { try CommentForm.read(bomb, path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(honest?.code == .tooLarge)
        #expect(honest?.message == "the file unpacks to more than 20.0 MB (at xl/worksheets/sheet1.xml); a workbook read here is at most that, uncompressed")
        let lying = try RawZip.declaring(size: 100, for: "xl/worksheets/sheet1.xml", in: bomb)
        #expect(lying != bomb)
        let caught = #expect(throws: SOPError.self) { try CommentForm.read(lying, path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(caught?.code == .tooLarge)
        #expect(caught?.message == honest?.message)
    }

    static let packageNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// ZIPFoundation's own extract loops for ever on this file of 150 bytes: a deflate stream
    /// that claims 65,535 stored bytes more than the file holds.
    @Test func aDeflateStreamThatOutrunsTheFileIsRefused() throws {
        let (_, round, text) = try round()
        let endless = RawZip.single("xl/workbook.xml", method: 8, flags: 0, payload: [0x00, 0xFF, 0xFF, 0x00, 0x00], size: 100)
        let error = #expect(throws: SOPError.self) { try CommentForm.read(endless, path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(error?.message == "the file is not a readable zip archive: xl/workbook.xml ends before its compressed data does")
        let locked = RawZip.single("xl/workbook.xml", method: 8, flags: 1, payload: [0x03, 0x00], size: 0)
        let encrypted = #expect(throws: SOPError.self) { try CommentForm.read(locked, path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(encrypted?.message == "xl/workbook.xml in the file is encrypted")
        let cut = #expect(throws: SOPError.self) {
            try CommentForm.read(Data(endless.prefix(40)), path: "TT.xlsx", participant: "TT", round: round, text: text)
        }
        #expect(cut?.message == "the file is not a readable zip archive: it has no zip directory at its end")
    }

    /// Rows that hold something count against the form's own rows and `form-rows` more, even
    /// when none of them is a comment.
    @Test func aSheetWithMoreRowsThanAFormHoldsIsRefused() throws {
        let (_, round, text) = try round()
        let written = 5 + 1 + round.comments.count + text.sectionAnchors.count
        let limit = written + ProtocolSet.Limits().formRows
        let rows = [CommentForm.columns] + Array(repeating: ["TT"], count: limit)
        let error = #expect(throws: SOPError.self) { try CommentForm.read(ExcelWorkbook(rows).data(), path: "TT.xlsx", participant: "TT", round: round, text: text) }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "the sheet has more than \(limit) rows that hold something")
        #expect(try CommentForm.read(ExcelWorkbook(Array(rows.dropLast())).data(), path: "TT.xlsx", participant: "TT", round: round, text: text).isEmpty)
    }

    /// openpyxl, the spreadsheet library of Python, reads the exported file as a person sees it
    /// in a spreadsheet: the sheet, the header row in bold and frozen, the columns' widths,
    /// wrapping and text format, and the yes/no list under Blocking.
    @Test func openpyxlReadsTheExportedWorkbook() throws {
        let (fixture, round, text) = try round()
        let file = fixture.base.url.appendingPathComponent("TT.xlsx")
        try CommentForm.export(round, text: text, participant: "TT", now: fixture.opened, as: .xlsx).write(to: file)
        let script = """
            import json, sys
            import openpyxl
            sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
            print(json.dumps({
                "title": sheet.title, "freeze": sheet.freeze_panes,
                "heading": [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=5, max_col=2)],
                "header": [c.value for c in sheet[6]], "bold": all(c.font.b for c in sheet[6]),
                "comment": [c.value for c in sheet[7]],
                "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
                "wraps": [bool(sheet.cell(7, column).alignment.wrap_text) for column in (6, 7)],
                "formats": sorted({c.number_format for row in sheet.iter_rows() for c in row if c.value is not None}),
                "lists": [[v.formula1, str(v.sqref)] for v in sheet.data_validations.dataValidation],
            }))
            """
        let result = try Command("/usr/bin/env", ["python3", "-c", script, file.path]).run()
        #expect(result.status == 0, "python3 with openpyxl (make deps installs it): \(result.stderr)")
        let read = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(read["title"] as? String == "Comment form")
        #expect(read["freeze"] as? String == "A7")
        #expect((read["heading"] as? [[String]])?.first == ["Comment form of round", round.id])
        #expect(read["header"] as? [String] == CommentForm.columns)
        #expect(read["bold"] as? Bool == true)
        let comment = read["comment"] as? [Any]
        #expect(comment?[6] as? String == "Délai irréalisable la nuit : « quatre heures »" && comment?[11] as? String == "yes")
        let widths = read["widths"] as? [String: Double]
        #expect(widths?["G"] == 50 && widths?["F"] == 7 && widths?.count == CommentForm.columns.count)
        #expect(read["wraps"] as? [Bool] == [false, true], "Type runs on, Comment wraps")
        #expect(read["formats"] as? [String] == ["@"], "every cell is text")
        #expect(read["lists"] as? [[String]] == [["\"yes,no\"", "L7:L1048576"]])
    }
}

/// Zip files written byte by byte, for what no zip program writes.
enum RawZip {
    /// An archive of one part whose bytes are `payload`, with the method, flags and declared
    /// uncompressed size given.
    static func single(_ name: String, method: UInt16, flags: UInt16, payload: [UInt8], size: UInt32) -> Data {
        let name = Array(name.utf8)
        func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
        func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }
        let local = le32(0x0403_4B50) + le16(20) + le16(flags) + le16(method) + le16(0) + le16(0) + le32(0) + le32(UInt32(payload.count))
            + le32(size) + le16(UInt16(name.count)) + le16(0) + name + payload
        let central = le32(0x0201_4B50) + le16(20) + le16(20) + le16(flags) + le16(method) + le16(0) + le16(0) + le32(0)
            + le32(UInt32(payload.count)) + le32(size) + le16(UInt16(name.count)) + le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let end = le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1) + le32(UInt32(central.count)) + le32(UInt32(local.count)) + le16(0)
        return Data(local + central + end)
    }

    /// `zip` with the central directory's uncompressed size of `name` replaced by `size`.
    static func declaring(size: UInt32, for name: String, in zip: Data) throws -> Data {
        var bytes = [UInt8](zip)
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        let wanted = Array(name.utf8)
        for offset in 0..<(bytes.count - 46) where Array(bytes[offset..<(offset + 4)]) == signature {
            let length = Int(bytes[offset + 28]) | Int(bytes[offset + 29]) << 8
            guard Array(bytes[(offset + 46)..<(offset + 46 + length)]) == wanted else { continue }
            for index in 0..<4 { bytes[offset + 24 + index] = UInt8((size >> (8 * UInt32(index))) & 0xFF) }
            return Data(bytes)
        }
        throw SOPError(.notFound, "no \(name) in the zip")
    }
}
