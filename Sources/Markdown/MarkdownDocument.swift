import CCmarkGFM
import Foundation

/// One Markdown text parsed once by cmark-gfm: its outline, its links and its safe HTML.
///
/// Holds the parser and the tree and frees both in `deinit`. Not `Sendable`: make one per
/// render, which is also what cmark-gfm requires.
public final class MarkdownDocument {
    private let parser: OpaquePointer
    let root: OpaquePointer
    private let source: String
    private lazy var sourceLines: [Substring] = Lines.split(source)
    private let firstLine: Int
    /// The anchored HTML, made once: making it edits the tree (the `{#id}` text is removed).
    private var anchoredHTML: String?

    /// Every heading in document order (top level and nested, e.g. inside a block quote).
    public var headings: [Heading] { walked.headings }
    /// The top-level headings with the lines each one owns.
    public private(set) lazy var outline: [Section] = makeOutline(walked.topLevel)
    /// Every link and image destination, in document order.
    public var links: [Link] { walked.links }
    /// Every paragraph and table cell, in document order (headings are in ``headings``); read
    /// in a walk of its own, which only the checks that need the words pay for.
    public private(set) lazy var textBlocks: [TextBlock] = readTextBlocks()

    /// Read from the tree on first use, so a render that needs none of it does not pay for it.
    private lazy var walked: (headings: [Heading], topLevel: [Heading], links: [Link]) = walk()

    /// Parses `source`; `firstLine` is the line number of its first line in the file it came
    /// from, so that positions point into that file (after front matter, say).
    public init(_ source: String, firstLine: Int = 1) {
        precondition(GFM.registered, "cmark-gfm core extensions are missing")
        self.firstLine = firstLine
        self.source = source
        let parser = cmark_parser_new(GFM.options)!
        for name in GFM.extensionNames {
            cmark_parser_attach_syntax_extension(parser, cmark_find_syntax_extension(name))
        }
        var source = source
        self.parser = parser
        GFM.parsing.lock()
        source.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        root = cmark_parser_finish(parser)
        GFM.parsing.unlock()
    }

    deinit {
        cmark_node_free(root)
        cmark_parser_free(parser)
    }

    /// The HTML of the whole document as cmark-gfm renders it in safe mode; with
    /// `headingAnchors`, each heading's `{#id}` is removed from its text and becomes its `id`.
    public func html(headingAnchors: Bool = true) -> String {
        if !headingAnchors {
            return anchoredHTML == nil ? render() : MarkdownDocument(source).render()
        }
        if let anchoredHTML { return anchoredHTML }
        _ = walked
        var anchors: [String] = []
        let nonce = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        forEachNode { node in
            guard cmark_node_get_type(node) == CMARK_NODE_HEADING, let id = removeID(from: node) else { return }
            let marker = cmark_node_new(CMARK_NODE_TEXT)
            cmark_node_set_literal(marker, "\u{E000}\(nonce):\(anchors.count)\u{E001}")
            cmark_node_prepend_child(node, marker)
            anchors.append(id)
        }
        let html = Self.insertAnchors(into: render(), ids: anchors, nonce: nonce)
        anchoredHTML = html
        return html
    }

    /// Changes link destinations before the HTML is made: `transform` gets each link's
    /// destination and returns the new one, or nil to keep it. Publishing uses it to point
    /// `SOP-004-….md#section` at the page of that procedure. Call it before ``html(headingAnchors:)``,
    /// whose result is kept.
    public func rewriteLinks(_ transform: (String) -> String?) {
        precondition(anchoredHTML == nil, "links are rewritten before the HTML is made")
        forEachNode { node in
            guard cmark_node_get_type(node) == CMARK_NODE_LINK, let url = cmark_node_get_url(node),
                let replacement = transform(String(cString: url))
            else { return }
            cmark_node_set_url(node, replacement)
        }
    }

    /// Replaces each `<hN>` + marker with `<hN id="…">` in one pass over the bytes (Foundation's
    /// string search is far too slow on Linux for a thousand documents).
    static func insertAnchors(into html: String, ids: [String], nonce: String) -> String {
        let open = Array("\u{E000}".utf8)
        let close = Array("\u{E001}".utf8)
        let prefix = Array((nonce + ":").utf8)
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + ids.count * 16)
        var index = 0
        while index < bytes.count {
            if bytes[index] == open[0], bytes[index...].starts(with: open + prefix) {
                let digitsStart = index + open.count + prefix.count
                var end = digitsStart
                while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]) { end += 1 }
                if bytes[end...].starts(with: close), let number = Int(String(decoding: bytes[digitsStart..<end], as: UTF8.self)),
                    ids.indices.contains(number), output.last == UInt8(ascii: ">")
                {
                    output.removeLast()
                    output += Array(" id=\"\(escape(ids[number]))\">".utf8)
                    index = end + close.count
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private func render() -> String {
        let extensions = cmark_parser_get_syntax_extensions(parser)
        guard let output = cmark_render_html(root, GFM.options, extensions) else { return "" }
        defer { free(output) }
        return String(cString: output)
    }

    /// Strips a trailing `{#id}` from a heading's last text node and returns the id.
    private func removeID(from heading: OpaquePointer) -> String? {
        guard let last = cmark_node_last_child(heading), cmark_node_get_type(last) == CMARK_NODE_TEXT,
            let literal = cmark_node_get_literal(last)
        else { return nil }
        let text = String(cString: literal)
        guard let (kept, id) = Heading.splitID(text), !id.isEmpty else { return nil }
        let leading = text.prefix { $0 == " " }
        cmark_node_set_literal(last, String(leading + Lines.trimmed(kept)))
        return id
    }

    private func walk() -> (headings: [Heading], topLevel: [Heading], links: [Link]) {
        var headings: [Heading] = []
        var links: [Link] = []
        var topLevel: [Heading] = []
        forEachNode { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                let heading = Heading(
                    level: Int(cmark_node_get_heading_level(node)),
                    text: Self.plainText(of: node),
                    line: position(of: node).line,
                    column: position(of: node).column)
                headings.append(heading)
                if cmark_node_parent(node) == root { topLevel.append(heading) }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                let place = position(of: node)
                links.append(
                    Link(
                        destination: cmark_node_get_url(node).map { String(cString: $0) } ?? "",
                        isImage: cmark_node_get_type(node) == CMARK_NODE_IMAGE,
                        line: place.line, column: place.column))
            default: break
            }
        }
        return (headings, topLevel, links)
    }

    private func readTextBlocks() -> [TextBlock] {
        var blocks: [TextBlock] = []
        forEachNode { node in
            let kind: TextBlock.Kind
            if cmark_node_get_type(node) == CMARK_NODE_PARAGRAPH {
                kind = .paragraph
            } else if let type = cmark_node_get_type_string(node), strcmp(type, "table_cell") == 0 {
                kind = .tableCell
            } else {
                return
            }
            let place = position(of: node)
            blocks.append(TextBlock(kind: kind, text: Self.plainText(of: node), isEmphasized: Self.isEmphasis(node), line: place.line, column: place.column))
        }
        return blocks
    }

    /// Whether an inline container holds one emphasis and nothing else but spaces.
    static func isEmphasis(_ node: OpaquePointer) -> Bool {
        var found = false
        var child = cmark_node_first_child(node)
        while let current = child {
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_EMPH, !found {
                found = true
            } else if type != CMARK_NODE_TEXT || !(cmark_node_get_literal(current).map { String(cString: $0) } ?? "").allSatisfy(\.isWhitespace) {
                return false
            }
            child = cmark_node_next(current)
        }
        return found
    }

    private func makeOutline(_ topLevel: [Heading]) -> [Section] {
        let lastLine = firstLine + max(sourceLines.count - 1, 0)
        return topLevel.enumerated().map { index, heading in
            let next = topLevel.dropFirst(index + 1)
            let end = (next.first?.line).map { $0 - 1 } ?? lastLine
            let subtreeEnd = (next.first { $0.level <= heading.level }?.line).map { $0 - 1 } ?? lastLine
            let lines = heading.line...max(heading.line, end)
            return Section(
                heading: heading, lines: lines, subtree: heading.line...max(heading.line, subtreeEnd),
                text: text(of: lines))
        }
    }

    /// The text a reader sees in a section's own blocks (heading excluded), as cmark-gfm's
    /// plain-text renderer gives it: what a quote selected in a rendered page is matched against.
    public func plainText(of section: Section) -> String {
        var parts: [String] = []
        var child = cmark_node_first_child(root)
        while let node = child {
            let line = position(of: node).line
            if line > section.heading.line, line <= section.lines.upperBound,
                let output = cmark_render_plaintext(node, GFM.options, 0)
            {
                parts.append(String(cString: output))
                free(output)
            }
            child = cmark_node_next(node)
        }
        return parts.joined(separator: "\n")
    }

    /// The source before the first top-level heading: a procedure's preamble.
    public var preamble: String {
        let end = (outline.first?.heading.line).map { $0 - 1 } ?? firstLine + max(sourceLines.count - 1, 0)
        return end >= firstLine ? text(of: firstLine...end) : ""
    }

    /// The source of a range of file lines.
    public func text(of lines: ClosedRange<Int>) -> String {
        let start = max(lines.lowerBound - firstLine, 0)
        let end = min(lines.upperBound - firstLine, sourceLines.count - 1)
        guard start <= end else { return "" }
        return sourceLines[start...end].joined(separator: "\n")
    }

    /// The file position of a node; inline nodes without one take their block's position.
    func position(of node: OpaquePointer) -> (line: Int, column: Int) {
        var current: OpaquePointer? = node
        while let candidate = current {
            let line = Int(cmark_node_get_start_line(candidate))
            if line > 0 { return (line + firstLine - 1, max(Int(cmark_node_get_start_column(candidate)), 1)) }
            current = cmark_node_parent(candidate)
        }
        return (firstLine, 1)
    }

    private func forEachNode(_ body: (OpaquePointer) -> Void) {
        let iterator = cmark_iter_new(root)
        defer { cmark_iter_free(iterator) }
        var nodes: [OpaquePointer] = []
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { nodes.append(node) }
        }
        nodes.forEach(body)
    }

    /// The text a reader sees in an inline container: literal text and code, breaks as spaces.
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        var child = cmark_node_first_child(node)
        while let current = child {
            switch cmark_node_get_type(current) {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                text += cmark_node_get_literal(current).map { String(cString: $0) } ?? ""
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                text += " "
            default:
                text += plainText(of: current)
            }
            child = cmark_node_next(current)
        }
        return text
    }

    /// Text made safe for HTML content and double- or single-quoted attributes.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension MarkdownDocument {
    /// Renders Markdown to safe HTML exactly as `cmark-gfm` with the GFM extensions does.
    public static func html(_ source: String) -> String {
        MarkdownDocument(source).html(headingAnchors: false)
    }
}
