import CCmarkGFM
import Foundation

/// The GitHub Flavored Markdown dialect every render uses.
enum GFM {
    /// The extensions attached to every parser, as `cmark-gfm -e …` names them.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Safe mode (no `CMARK_OPT_UNSAFE`): raw HTML and `javascript:` style links are dropped.
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Held while a parser runs. cmark-gfm 0.29 keeps the table of special inline characters
    /// in a global that every parse edits (extensions add `~` and `|`, then remove them again;
    /// see github/cmark-gfm#176), so two parses at once corrupt each other: strikethrough in
    /// a table cell silently stays `~~x~~`. Rendering the finished tree needs no lock.
    static let parsing = NSLock()

    /// Registers the core extensions exactly once per process. A Swift global is initialised
    /// once under a lock, so concurrent first renders cannot race inside cmark-gfm's registry.
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return extensionNames.allSatisfy { cmark_find_syntax_extension($0) != nil }
    }()
}
