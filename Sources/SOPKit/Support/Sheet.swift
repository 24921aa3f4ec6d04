import Foundation

/// A table on its way into a spreadsheet: its rows of text, and how a workbook lays them out.
///
/// One table, written by whichever format the reader asked for: ``CSV`` keeps the rows only,
/// ``XLSX`` also the row naming the columns (bold, frozen with the rows above it), each
/// column's width and wrapping, and the values a column offers in a drop-down list.
public struct Sheet: Sendable, Equatable {
    /// How a column looks in a workbook.
    public struct Column: Sendable, Equatable {
        /// Its width, in characters of the default font.
        public var width: Double
        /// Whether long words wrap onto more lines within the cell (comments), or run on.
        public var wraps: Bool
        /// The values a drop-down list offers in its cells below the header; empty for none.
        public var choices: [String]

        public init(width: Double, wraps: Bool = false, choices: [String] = []) {
            self.width = width
            self.wraps = wraps
            self.choices = choices
        }
    }

    /// The workbook's name for the sheet (at most 31 characters, none of `[]:*?/\`).
    public var name: String
    public var rows: [[String]]
    /// The index in `rows` of the row naming the columns; the rows above it name the table.
    public var header: Int
    /// The columns' looks, in order; a column beyond them keeps the spreadsheet's defaults.
    public var columns: [Column]

    public init(name: String, rows: [[String]], header: Int, columns: [Column]) {
        self.name = name
        self.rows = rows
        self.header = header
        self.columns = columns
    }
}

/// A row of a spreadsheet file as read back, in either format.
public struct SheetRow: Sendable, Equatable {
    /// The row's number as the spreadsheet shows it to the person who filled it in.
    public let number: Int
    /// The line of a text file (CSV) the row starts on; nil in a workbook, which has no lines.
    public let line: Int?
    /// The cells that hold something, by column from 0 (A); empty cells are left out.
    public let cells: [Int: String]

    public init(number: Int, line: Int? = nil, cells: [Int: String]) {
        self.number = number
        self.line = line
        self.cells = cells
    }
}
