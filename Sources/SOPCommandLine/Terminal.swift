import Foundation
import SOPKit

/// Writing to the terminal: JSON, aligned tables and colour only when a person is looking.
public enum Terminal {
    public static var isInteractive: Bool { isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }

    public static func error(_ text: String) {
        FileHandle.standardError.write(Data((clean(text) + "\n").utf8))
    }

    /// Names on standard error every round ref a command left out because it does not read as
    /// a round, so the output (JSON too) stays the readable rounds' and the junk is still seen.
    public static func warn(unreadable rounds: [UnreadableRound]) {
        for round in rounds { error("warning: \(SOPKit.Round.reference(round.round)) is left out: \(round.reason)") }
    }

    /// Prints a line for a person, with control characters made visible: text that arrived
    /// from another capital must not be able to clear or repaint the screen, nor turn its
    /// words around with a bidirectional control.
    public static func say(_ text: String = "", terminator: String = "\n") {
        Swift.print(clean(text), terminator: terminator)
    }

    public static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(DisplayText.shown(text).unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control && scalar != "\n" && scalar != "\t" ? "\u{FFFD}" : scalar
        }))
    }

    public static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(DisplayText.escapedInJSON(String(decoding: try encoder.encode(value), as: UTF8.self)))
    }

    /// Prints rows in columns padded to the widest cell (the last column is not padded).
    public static func table(_ header: [String], _ rows: [[String]]) {
        let all = ([header] + rows).map { $0.map { clean($0).replacingOccurrences(of: "\n", with: " ") } }
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            let cells = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }
            say(cells.joined(separator: "  ").trimmingCharacters(in: .whitespaces))
        }
    }

    public static func bold(_ text: String) -> Styled { Styled(text, .bold) }

    /// Prints a line of styled runs: each run's text is made safe first (``clean(_:)``), and
    /// only then given its style, so that words from another capital can neither carry a
    /// terminal style of their own (a fake deletion) nor swallow ours.
    public static func say(_ line: Styled) {
        Swift.print(line.runs.map { text, style in style.show(clean(text), colour: isInteractive) }.joined())
    }

    public static func date(_ date: Date) -> String { Timestamp.formatted(date, "yyyy-MM-dd HH:mm") }
}

/// Text for the terminal in runs, each shown in a style: bold headings and a word diff's
/// deletions and insertions (in colour on a terminal, `[-…-]` and `{+…+}` in a pipe).
public struct Styled: ExpressibleByStringLiteral {
    public enum Style {
        case plain, bold, deleted, inserted

        public func show(_ text: String, colour: Bool) -> String {
            switch (self, colour) {
            case (.plain, _): text
            case (.bold, true): "\u{1B}[1m\(text)\u{1B}[0m"
            case (.bold, false): text
            case (.deleted, true): "\u{1B}[31m\u{1B}[9m\(text)\u{1B}[0m"
            case (.deleted, false): "[-\(text)-]"
            case (.inserted, true): "\u{1B}[32m\u{1B}[4m\(text)\u{1B}[0m"
            case (.inserted, false): "{+\(text)+}"
            }
        }
    }

    public var runs: [(String, Style)]

    public init(_ text: String, _ style: Style = .plain) { runs = [(text, style)] }
    public init(stringLiteral text: String) { self.init(text) }

    /// A word diff's line: equal words plain, deletions and insertions styled.
    public init(_ segments: [WordDiff.Segment]) {
        runs = segments.map { ($0.text, $0.op == .delete ? .deleted : $0.op == .insert ? .inserted : .plain) }
    }

    public static func + (left: Styled, right: Styled) -> Styled {
        var joined = left
        joined.runs += right.runs
        return joined
    }
}
