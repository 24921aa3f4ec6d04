import Foundation
import Markdown
import Testing

@Suite struct HTMLTests {
    @Test func headingIDsBecomeAnchorsAndNeverShow() {
        let html = MarkdownDocument("## 5.2 Interview of intercepted persons {#interview}\n\nText\n").html()
        #expect(html == "<h2 id=\"interview\">5.2 Interview of intercepted persons</h2>\n<p>Text</p>\n")
        #expect(!html.contains("{#"))
    }

    @Test func renderingTwiceGivesTheSameHTML() {
        let document = MarkdownDocument("# A {#a}\n")
        #expect(document.html() == document.html())
        #expect(document.html(headingAnchors: false) == "<h1>A {#a}</h1>\n")
    }

    @Test func rawHTMLAndScriptLinksAreNeverEmitted() {
        let html = MarkdownDocument("""
            <script>alert(1)</script>

            Hello <img src=x onerror=alert(1)> [click](javascript:alert(1)) [v](vbscript:x) ![d](data:text/html;base64,PHNjcmlwdD4=)

            ## Title <b onclick="x()">bold</b> {#t}

            <iframe src="https://evil.example"></iframe>
            """).html()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img src=x"))
        #expect(!html.contains("onclick"))
        #expect(!html.contains("<iframe"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("vbscript:"))
        #expect(html.contains("<h2 id=\"t\">"))
    }

    @Test func anchorIDsAreEscaped() {
        let html = MarkdownDocument("## X {#a\"onmouseover=\"y}\n").html()
        #expect(html.contains("id=\"a&quot;onmouseover=&quot;y\""))
    }

    @Test func concurrentRendersAgree() async {
        let source = (1...50).map { "## \($0) Section {#s\($0)}\n\n| a | b |\n|---|---|\n| \($0) | ~~x~~ |\n" }.joined(separator: "\n")
        let expected = MarkdownDocument(source).html()
        let results = await withTaskGroup(of: String.self) { group in
            for _ in 0..<64 { group.addTask { MarkdownDocument(source).html() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 64)
        #expect(results.allSatisfy { $0 == expected })
    }
}
