import Foundation
import Yams

/// A YAML mapping read with the file position of every key and value, so that a wrong value
/// is reported at its own line rather than at the top of the file.
struct YAMLMapping {
    let path: String
    /// The file line of the YAML text's first line.
    let firstLine: Int
    let entries: [(key: String, value: Node, location: Location)]

    subscript(key: String) -> Node? { entries.first { $0.key == key }?.value }

    func location(of key: String) -> Location? { entries.first { $0.key == key }?.location }

    func location(of node: Node) -> Location {
        guard let mark = node.mark else { return Location(path, line: firstLine) }
        return Location(path, line: firstLine + mark.line - 1, column: mark.column)
    }

    /// Parses YAML text that must be a mapping; `fallback` is where errors without a position go.
    static func parse(_ text: String, path: String, firstLine: Int) throws -> YAMLMapping {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw describe(error, path: path, firstLine: firstLine)
        }
        guard let node else { return YAMLMapping(path: path, firstLine: firstLine, entries: []) }
        return try YAMLMapping(node, path: path, firstLine: firstLine)
    }

    init(path: String, firstLine: Int, entries: [(key: String, value: Node, location: Location)]) {
        self.path = path
        self.firstLine = firstLine
        self.entries = entries
    }

    /// Reads a nested mapping node, refusing duplicate keys (YAML forbids them, Yams keeps both).
    init(_ node: Node, path: String, firstLine: Int) throws {
        self.path = path
        self.firstLine = firstLine
        func at(_ node: Node) -> Location {
            node.mark.map { Location(path, line: firstLine + $0.line - 1, column: $0.column) } ?? Location(path, line: firstLine)
        }
        guard let mapping = node.mapping else {
            throw SOPError(.invalidFile, "expected a mapping of `key: value` lines", at: at(node))
        }
        var seen: [String: Location] = [:]
        var entries: [(key: String, value: Node, location: Location)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw SOPError(.invalidFile, "a key must be plain text", at: at(key))
            }
            if let first = seen[name] {
                throw SOPError(.invalidFile, "duplicate key '\(name)' (first at line \(first.line ?? 0))", at: at(key))
            }
            seen[name] = at(key)
            entries.append((name, value, at(key)))
        }
        self.entries = entries
    }

    private static func describe(_ error: YamlError, path: String, firstLine: Int) -> SOPError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return SOPError(
                .invalidFile, "malformed YAML: \(detail)",
                at: Location(path, line: firstLine + mark.line - 1, column: mark.column),
                hint: "check indentation, colons and quotes on that line")
        default:
            return SOPError(.invalidFile, "malformed YAML: \(error)", at: Location(path, line: firstLine))
        }
    }
}

extension Node {
    /// The scalar's text, or nil for a mapping or sequence.
    var text: String? { scalar?.string }

    /// A scalar as a one-element list, or a sequence of scalars.
    var textList: [String]? {
        if let sequence {
            let items = sequence.compactMap(\.text)
            return items.count == sequence.count ? items : nil
        }
        if let text { return text.isEmpty ? [] : [text] }
        return nil
    }
}
