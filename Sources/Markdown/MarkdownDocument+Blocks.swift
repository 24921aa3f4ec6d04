import CCmarkGFM
import Foundation

extension MarkdownDocument {
    /// The document's top-level blocks, read from cmark-gfm's tree. Raw HTML is left out and
    /// dangerous link destinations (`javascript:` and the like) are emptied, as the safe HTML
    /// render does. Read it before ``html(headingAnchors:)``, which edits headings in the tree
    /// (headings here are the ones parsed before that edit, so their IDs stay either way).
    public var blocks: [MarkdownBlock] { Self.blocks(under: root, headings: headingsByPlace, position: position(of:)) }

    /// Every heading by where it starts, so a heading block gets its number, title and ID
    /// whatever was done to the tree since it was first read.
    private var headingsByPlace: [Int: [Int: Heading]] {
        headings.reduce(into: [:]) { result, heading in result[heading.line, default: [:]][heading.column] = heading }
    }

    private static func blocks(
        under parent: OpaquePointer, headings: [Int: [Int: Heading]], position: (OpaquePointer) -> (line: Int, column: Int)
    ) -> [MarkdownBlock] {
        children(of: parent).compactMap { node in
            func nested(_ node: OpaquePointer) -> [MarkdownBlock] { blocks(under: node, headings: headings, position: position) }
            switch cmark_node_get_type(node) {
            case CMARK_NODE_HEADING:
                let place = position(node)
                return .heading(
                    headings[place.line]?[place.column]
                        ?? Heading(level: Int(cmark_node_get_heading_level(node)), text: plainText(of: node), line: place.line, column: place.column))
            case CMARK_NODE_PARAGRAPH:
                return .paragraph(inlines(of: node))
            case CMARK_NODE_LIST:
                return .list(
                    ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, start: Int(cmark_node_get_list_start(node)),
                    items: children(of: node).map(nested))
            case CMARK_NODE_BLOCK_QUOTE:
                return .quote(nested(node))
            case CMARK_NODE_CODE_BLOCK:
                let info = literal(cmark_node_get_fence_info(node))
                return .code(info: info.isEmpty ? nil : info, text: literal(cmark_node_get_literal(node)))
            case CMARK_NODE_THEMATIC_BREAK:
                return .thematicBreak
            case CMARK_NODE_FOOTNOTE_DEFINITION:
                return .footnote(label: literal(cmark_node_get_literal(node)), nested(node))
            default:
                guard typeName(node) == "table" else { return nil }
                let rows = children(of: node).map { row in children(of: row).map(inlines(of:)) }
                return .table(header: rows.first ?? [], rows: Array(rows.dropFirst()))
            }
        }
    }

    private static func inlines(of parent: OpaquePointer) -> [MarkdownInline] {
        children(of: parent).compactMap { node in
            switch cmark_node_get_type(node) {
            case CMARK_NODE_TEXT: return .text(literal(cmark_node_get_literal(node)))
            case CMARK_NODE_CODE: return .code(literal(cmark_node_get_literal(node)))
            case CMARK_NODE_EMPH: return .emphasis(inlines(of: node))
            case CMARK_NODE_STRONG: return .strong(inlines(of: node))
            case CMARK_NODE_SOFTBREAK: return .softBreak
            case CMARK_NODE_LINEBREAK: return .lineBreak
            case CMARK_NODE_LINK:
                return .link(destination: safe(literal(cmark_node_get_url(node))), title: literal(cmark_node_get_title(node)), inlines(of: node))
            case CMARK_NODE_IMAGE:
                return .image(source: safe(literal(cmark_node_get_url(node))), title: literal(cmark_node_get_title(node)), alternative: plainText(of: node))
            case CMARK_NODE_FOOTNOTE_REFERENCE:
                return .footnoteReference(literal(cmark_node_get_literal(node)))
            default:
                return typeName(node) == "strikethrough" ? .strikethrough(inlines(of: node)) : nil
            }
        }
    }

    /// A destination as cmark-gfm's safe mode lets it through: empty when it is one that runs
    /// code or reads files (`javascript:`, `vbscript:`, `file:`, `data:` but a few images).
    static func safe(_ destination: String) -> String {
        let lowered = destination.lowercased()
        let images = ["data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"]
        let dangerous = ["javascript:", "vbscript:", "file:", "data:"].contains { lowered.hasPrefix($0) }
        return dangerous && !images.contains(where: lowered.hasPrefix) ? "" : destination
    }

    private static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    /// The name an extension gives its nodes (`table`, `strikethrough`).
    private static func typeName(_ node: OpaquePointer) -> String { literal(cmark_node_get_type_string(node)) }

    private static func literal(_ text: UnsafePointer<CChar>?) -> String { text.map { String(cString: $0) } ?? "" }
}
