import Markdown

/// A procedure's Markdown as Akoma Ntoso content, walked from cmark-gfm's tree: the preamble's
/// blocks, then each heading as a `<section>` holding the sections under it.
struct AkomaNtosoBody {
    /// The Akoma Ntoso `href` of a link's destination (another procedure's section becomes its
    /// work IRI with `~sec_…`, an in-page link `#sec_…`); external links stay as written.
    let href: (String) -> String

    /// The blocks before the first heading, and the sections.
    func content(of blocks: [MarkdownBlock]) -> (preamble: [XMLTree], sections: [XMLTree]) {
        let first = blocks.firstIndex { if case .heading = $0 { true } else { false } } ?? blocks.endIndex
        return (blocks[..<first].flatMap(block), sections(blocks[first...]))
    }

    /// Each heading and what follows it up to the next heading of its level or higher, with
    /// deeper headings nested as subsections.
    private func sections(_ blocks: ArraySlice<MarkdownBlock>) -> [XMLTree] {
        var result: [XMLTree] = []
        var rest = blocks
        while case .heading(let heading)? = rest.first {
            let inside = rest.dropFirst()
            let end = inside.firstIndex { if case .heading(let next) = $0 { next.level <= heading.level } else { false } } ?? inside.endIndex
            result.append(section(heading, inside[..<end]))
            rest = inside[end...]
        }
        return result
    }

    /// A `<section>`: its number and heading, then `<content>` when it has no subsections, else
    /// its leading blocks as `<intro>`, the subsections, and blocks after them as `<wrapUp>`
    /// (text between two subsections goes in an `<hcontainer name="text">` of its own).
    private func section(_ heading: Heading, _ blocks: ArraySlice<MarkdownBlock>) -> XMLTree {
        var parts: [XMLTree] = []
        if let number = heading.number { parts.append(.node("num", [], [.text(number)])) }
        parts.append(.node("heading", [], [.text(heading.title)]))
        let isHeading: (MarkdownBlock) -> Bool = { if case .heading = $0 { true } else { false } }
        guard let first = blocks.firstIndex(where: isHeading) else {
            return .node("section", [("eId", heading.id.map(AkomaNtosoNames.eId(section:)))], parts + [.node("content", [], blocks.flatMap(block))])
        }
        if first > blocks.startIndex { parts.append(.node("intro", [], blocks[..<first].flatMap(block))) }
        var rest = blocks[first...]
        while let next = rest.firstIndex(where: isHeading) {
            if next > rest.startIndex {
                parts.append(.node("hcontainer", [("name", "text")], [.node("content", [], rest[..<next].flatMap(block))]))
            }
            guard case .heading(let sub) = rest[next] else { break }
            let inside = rest[(next + 1)...]
            let end = inside.firstIndex { if case .heading(let other) = $0 { other.level <= sub.level } else { false } } ?? inside.endIndex
            parts.append(section(sub, inside[..<end]))
            rest = inside[end...]
        }
        if !rest.isEmpty { parts.append(.node("wrapUp", [], rest.flatMap(block))) }
        return .node("section", [("eId", heading.id.map(AkomaNtosoNames.eId(section:)))], parts)
    }

    /// The block elements of one Markdown block (none for a thematic break, which has no text).
    private func block(_ block: MarkdownBlock) -> [XMLTree] {
        switch block {
        case .paragraph(let inlines):
            return [.node("p", [], inline(inlines))]
        case .heading(let heading):
            return [.node("p", [], [.node("b", [], [.text(heading.title)])])]
        case .list(let ordered, let start, let items):
            return [list(ordered: ordered, start: start, items: items)]
        case .quote(let blocks):
            return [.node("blockContainer", [("class", "quote")], blocks.flatMap(self.block))]
        case .code(_, let text):
            return [code(text)]
        case .table(let header, let rows):
            let head = XMLTree.node("tr", [], header.map { .node("th", [], [.node("p", [], inline($0))]) })
            return [.node("table", [], [head] + rows.map { row in .node("tr", [], row.map { .node("td", [], [.node("p", [], inline($0))]) }) })]
        case .thematicBreak:
            return []
        case .footnote(let label, let blocks):
            return [.node("blockContainer", [("class", "footnote"), ("eId", "fn_" + AkomaNtosoNames.token(label))], [.node("num", [], [.text(label)])] + blocks.flatMap(self.block))]
        }
    }

    /// `<ol>`/`<ul>` with an `<li>` for each item (numbered from `start` by `value` when an
    /// ordered list does not start at 1). An `<li>` holds running text, paragraphs and lists
    /// only, so a tight item's paragraph is its text and other blocks become paragraphs.
    private func list(ordered: Bool, start: Int, items: [[MarkdownBlock]]) -> XMLTree {
        let entries = items.enumerated().map { index, item -> XMLTree in
            let value = ordered && start != 1 ? String(start + index) : nil
            if case .paragraph(let inlines)? = item.first, item.count == 1 { return .node("li", [("value", value)], inline(inlines)) }
            return .node("li", [("value", value)], item.flatMap(listContent))
        }
        return .node(ordered ? "ol" : "ul", [], entries)
    }

    /// A block inside a list item, as the paragraphs and lists an `<li>` may hold.
    private func listContent(_ block: MarkdownBlock) -> [XMLTree] {
        switch block {
        case .list(let ordered, let start, let items): return [list(ordered: ordered, start: start, items: items)]
        case .quote(let blocks), .footnote(_, let blocks): return blocks.flatMap(listContent)
        case .table(let header, let rows): return ([header] + rows).map { cells in .node("p", [], cells.flatMap { inline($0) + [.text(" ")] }) }
        case .paragraph, .heading, .code, .thematicBreak: return self.block(block)
        }
    }

    /// Code keeps its lines: a `<p class="code">` with `<eol/>` between them.
    private func code(_ text: String) -> XMLTree {
        let lines = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let parts = Lines.split(lines).enumerated().flatMap { index, line in (index > 0 ? [XMLTree.node("eol")] : []) + [.text(String(line))] }
        return .node("p", [("class", "code")], parts)
    }

    func inline(_ inlines: [MarkdownInline]) -> [XMLTree] {
        inlines.flatMap { item -> [XMLTree] in
            switch item {
            case .text(let text): return [.text(text)]
            case .code(let text): return [.node("span", [("class", "code")], [.text(text)])]
            case .emphasis(let inner): return [.node("i", [], inline(inner))]
            case .strong(let inner): return [.node("b", [], inline(inner))]
            case .strikethrough(let inner): return [.node("del", [], inline(inner))]
            case .link(let destination, _, let inner):
                return destination.isEmpty ? inline(inner) : [.node("ref", [("href", href(destination))], inline(inner))]
            case .image(let source, let title, let alternative):
                return [.node("img", [("src", source), ("alt", alternative), ("title", title.isEmpty ? nil : title)])]
            case .softBreak: return [.text(" ")]
            case .lineBreak: return [.node("eol")]
            case .footnoteReference(let label):
                return [.node("sup", [], [.node("ref", [("href", "#fn_" + AkomaNtosoNames.token(label))], [.text(label)])])]
            }
        }
    }
}
