import Foundation
import SOPKit

/// Writing to the terminal: JSON, aligned tables and colour only when a person is looking.
enum Terminal {
    static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((clean(text) + "\n").utf8))
    }

    /// Names on standard error every round ref a command left out because it does not read as
    /// a round, so the output (JSON too) stays the readable rounds' and the junk is still seen.
    static func warn(unreadable rounds: [UnreadableRound]) {
        for round in rounds { error("warning: \(SOPKit.Round.reference(round.round)) is left out: \(round.reason)") }
    }

    /// Prints a line for a person, with control characters made visible: text that arrived
    /// from another capital must not be able to clear or repaint the screen, nor turn its
    /// words around with a bidirectional control.
    static func say(_ text: String = "", terminator: String = "\n") {
        Swift.print(clean(text), terminator: terminator)
    }

    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(DisplayText.shown(text).unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" ? "\u{FFFD}" : scalar
        }))
    }

    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(DisplayText.escapedInJSON(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }

    /// Prints rows in columns padded to the widest cell (the last column is not padded).
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = ([header] + rows).map { $0.map { clean($0).replacingOccurrences(of: "\n", with: " ") } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            say(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    static func bold(_ text: String) -> String { isInteractive ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

    static func date(_ date: Date) -> String { Timestamp.formatted(date, "yyyy-MM-dd HH:mm") }
}
