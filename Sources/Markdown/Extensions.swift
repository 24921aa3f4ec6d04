import CCmarkGFM

/// The GitHub Flavored Markdown dialect every render uses.
enum GFM {
    /// The extensions attached to every parser, as `cmark-gfm -e …` names them.
    static let extensionNames = ["table", "strikethrough", "autolink", "tagfilter", "tasklist"]

    /// Safe mode (no `CMARK_OPT_UNSAFE`): raw HTML and `javascript:` style links are dropped.
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES

    /// Registers the core extensions exactly once per process. A Swift global is initialised
    /// once under a lock, so concurrent first renders cannot race inside cmark-gfm's registry.
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return extensionNames.allSatisfy { cmark_find_syntax_extension($0) != nil }
    }()
}
