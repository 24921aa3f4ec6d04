import Foundation
import Markdown
import TestSupport
import Testing

/// Examples from the GitHub Flavored Markdown spec (https://github.github.com/gfm/) for each
/// extension we enable, with the HTML the spec gives.
@Suite struct ConformanceTests {
    static let examples: [(name: String, markdown: String, html: String)] = [
        (
            "table (198)", "| foo | bar |\n| --- | --- |\n| baz | bim |\n",
            "<table>\n<thead>\n<tr>\n<th>foo</th>\n<th>bar</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>baz</td>\n<td>bim</td>\n</tr>\n</tbody>\n</table>\n"
        ),
        (
            "table alignment (199)", "| abc | defghi |\n:-: | -----------:\nbar | baz\n",
            "<table>\n<thead>\n<tr>\n<th align=\"center\">abc</th>\n<th align=\"right\">defghi</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"center\">bar</td>\n<td align=\"right\">baz</td>\n</tr>\n</tbody>\n</table>\n"
        ),
        ("task list (279)", "- [ ] foo\n- [x] bar\n", "<ul>\n<li><input type=\"checkbox\" disabled=\"\" /> foo</li>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> bar</li>\n</ul>\n"),
        ("strikethrough (491)", "~~Hi~~ Hello, ~there~ world!\n", "<p><del>Hi</del> Hello, <del>there</del> world!</p>\n"),
        ("autolink (621)", "www.commonmark.org\n", "<p><a href=\"http://www.commonmark.org\">www.commonmark.org</a></p>\n"),
        ("autolink email (631)", "foo@bar.baz\n", "<p><a href=\"mailto:foo@bar.baz\">foo@bar.baz</a></p>\n"),
        ("emphasis (350)", "*foo bar*\n", "<p><em>foo bar</em></p>\n"),
        ("raw HTML omitted in safe mode", "<div>x</div>\n", "<!-- raw HTML omitted -->\n"),
    ]

    @Test(arguments: examples.indices)
    func specExample(_ index: Int) {
        let example = Self.examples[index]
        #expect(MarkdownDocument.html(example.markdown) == example.html, "\(example.name)")
    }

    @Test func footnotes() {
        let html = MarkdownDocument.html("Text[^1].\n\n[^1]: The note.\n")
        #expect(html.contains("<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\" data-footnote-ref>1</a></sup>"))
        #expect(html.contains("<section class=\"footnotes\" data-footnotes>"))
    }

    /// Byte-for-byte the same as Debian's `cmark-gfm` tool with the same extensions, on the
    /// spec examples and on every procedure of the shipped set. (That tool, 0.29.0.gfm.6, has
    /// no switch for footnotes, so footnotes are checked against the spec above instead.)
    @Test func matchesTheCmarkGFMTool() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let procedures = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Procedures").path)
            .filter { $0.hasSuffix(".md") }
            .map { try String(contentsOf: root.appendingPathComponent("Procedures/\($0)"), encoding: .utf8) }
        #expect(procedures.count >= 7)
        for markdown in Self.examples.map(\.markdown) + procedures + ["<b>x</b> [a](javascript:x)\n"] {
            #expect(MarkdownDocument.html(markdown) == (try cmarkGFM(markdown)))
        }
    }

    func cmarkGFM(_ input: String) throws -> String {
        let arguments = ["-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
        return try Command("/usr/bin/cmark-gfm", arguments, input: Data(input.utf8)).run().stdout
    }
}
