/// A block of a parsed document as cmark-gfm's tree holds it, for writers of markup other than
/// HTML (an XML export, say), which must walk the tree rather than take HTML apart.
public indirect enum MarkdownBlock: Sendable, Equatable {
    /// A heading, split as ``Heading`` splits it (number, title, `{#id}`).
    case heading(Heading)
    case paragraph([MarkdownInline])
    /// A bullet list, or an ordered one with the number it starts at; each item is its blocks.
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    /// A fenced or indented code block, with its info string when it has one.
    case code(info: String?, text: String)
    /// A GFM table: the header row's cells, then each body row's cells.
    case table(header: [[MarkdownInline]], rows: [[[MarkdownInline]]])
    case thematicBreak
    /// A footnote's text (`[^label]: …`), kept where cmark-gfm puts it, at the document's end.
    case footnote(label: String, [MarkdownBlock])
}

/// Inline content of a paragraph, a heading or a table cell.
public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case strikethrough([MarkdownInline])
    case link(destination: String, title: String, [MarkdownInline])
    case image(source: String, title: String, alternative: String)
    /// A soft line break, which a reader sees as a space.
    case softBreak
    case lineBreak
    case footnoteReference(String)
}
