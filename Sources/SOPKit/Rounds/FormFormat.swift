import Foundation

/// The files the offline comment form comes as: CSV, which every program opens, and an Excel
/// workbook, which a spreadsheet in any language opens without guessing separators or
/// encodings and without turning section numbers into dates. Both carry the same rows.
public enum FormFormat: String, CaseIterable, Sendable {
    case csv, xlsx

    /// The media type the portal serves the file with.
    public var mediaType: String {
        switch self {
        case .csv: "text/csv; charset=utf-8"
        case .xlsx: XLSX.mediaType
        }
    }

    /// The format a file name's extension names (`TT.xlsx`), if any.
    public init?(fileName: String) {
        self.init(rawValue: URL(fileURLWithPath: fileName).pathExtension.lowercased())
    }

    /// The format to write to `fileName`: the one asked for, else the one its extension
    /// names, else CSV. An extension that names the other format is refused: the file would
    /// not open as what its name says.
    public static func forWriting(_ asked: FormFormat?, to fileName: String) throws -> FormFormat {
        let named = FormFormat(fileName: fileName)
        if let asked, let named, asked != named {
            throw SOPError(
                .invalidArgument, "\(fileName) is named as a .\(named.rawValue) file, but the format asked for is \(asked.rawValue)",
                hint: "name the file with .\(asked.rawValue), or leave out --format")
        }
        return asked ?? named ?? .csv
    }

    /// The format of a file's bytes: a workbook starts as every zip file does (`PK\u{3}\u{4}`),
    /// anything else is read as CSV text. Refuses what a spreadsheet saves that is neither: an
    /// old Excel workbook or one protected with a password (both OLE files, `D0 CF 11 E0`), and
    /// a file named .xlsx that is not a zip.
    static func of(_ data: Data, path: String) throws -> FormFormat {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            throw SOPError(
                .invalidFile, "the file is an old Excel workbook (.xls) or one protected with a password, which cannot be read here",
                at: Location(path), hint: "save it as .xlsx (Excel Workbook, without a password) or as .csv (CSV UTF-8)")
        }
        if FormFormat(fileName: path) == .xlsx {
            throw SOPError(
                .invalidFile, "the file is named .xlsx but is not an Excel workbook (it is not a zip archive)", at: Location(path),
                hint: "save it from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
        }
        return .csv
    }

    /// The sheet's file in this format.
    func write(_ sheet: Sheet) throws -> Data {
        switch self {
        case .csv: CSV.write(sheet.rows)
        case .xlsx: try XLSX.write(sheet)
        }
    }
}
