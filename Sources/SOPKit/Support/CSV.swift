import Foundation

/// RFC 4180 comma-separated values, as spreadsheets open and save them.
public enum CSV {
    /// A row as read, with the line it starts on (1-based, counting the header).
    public struct Row: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
    }

    /// UTF-8 with a byte-order mark and CRLF line ends, every field quoted, cells that a
    /// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) prefixed with `'`, and
    /// bidirectional controls made visible (``DisplayText/shown(_:)``): the cells are words
    /// from other capitals that a person reads in a spreadsheet.
    public static func write(_ rows: [[String]]) -> Data {
        var text = "\u{FEFF}"
        for row in rows {
            text += row.map { cell in
                let field = DisplayText.shown(cell)
                let safe = field.first.map { "=+-@\t\r".contains($0) } == true ? "'" + field : field
                return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }

    /// Undoes the formula guard of `write` on a value read back.
    public static func unguard(_ field: String) -> String {
        guard field.hasPrefix("'"), let second = field.dropFirst().first, "=+-@\t\r".contains(second) else { return field }
        return String(field.dropFirst())
    }

    /// Parses CSV text; a quote left open is an error naming the line it opened on.
    public static func parse(_ text: String, path: String, separator: Character = ",") throws -> [Row] {
        let separator = separator.unicodeScalars.first!
        var rows: [Row] = []
        var fields: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var rowLine = 1
        var quoteLine = 1
        var atFieldStart = true
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let scalar = pending {
                pending = nil
                return scalar
            }
            return iterator.next()
        }
        func endRow() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(Row(line: rowLine, fields: fields)) }
            fields = []
            field = ""
            atFieldStart = true
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    if let following = next() {
                        if following == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            quoted = false
                            pending = following
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where atFieldStart:
                quoted = true
                quoteLine = line
                atFieldStart = false
            case separator:
                fields.append(field)
                field = ""
                atFieldStart = true
            case "\r":
                continue
            case "\n":
                endRow()
                line += 1
                rowLine = line
            default:
                field.unicodeScalars.append(scalar)
                atFieldStart = false
            }
        }
        if quoted {
            throw SOPError(.invalidFile, "a quoted field opened on line \(quoteLine) is never closed", at: Location(path, line: quoteLine))
        }
        if !field.isEmpty || !fields.isEmpty { endRow() }
        return rows
    }
}
