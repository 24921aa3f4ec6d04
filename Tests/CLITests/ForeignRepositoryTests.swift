import Foundation
import Testing

/// `sop` opened on a repository someone else wrote: Markdown with other front matter and a
/// long history. It must work where it can and explain where it cannot, never crash.
@Suite struct ForeignRepositoryTests {
    /// 400 commits of a documentation site, built with `git fast-import`, with a rename halfway.
    func makeSite(_ box: Sandbox) throws {
        var stream = ""
        var mark = 0
        for index in 1...400 {
            mark += 1
            let path = index <= 200 ? "_posts/2019-05-01-welcome.md" : "docs/welcome.md"
            let text = "---\nlayout: post\ntitle: \"Welcome (\(index))\"\ntags: [a, b]\n---\n\n# Welcome\n\nRevision \(index) of a long page.\n\n" +
                (1...30).map { "Paragraph \($0) stays the same." }.joined(separator: "\n\n") + "\n"
            stream += "commit refs/heads/main\nmark :\(mark)\ncommitter Site Bot <bot@example.org> \(1_500_000_000 + index * 60) +0000\n"
            stream += "data \(("edit \(index)").utf8.count)\nedit \(index)\n"
            if index > 1 { stream += "from :\(mark - 1)\n" }
            if index == 201 { stream += "D _posts/2019-05-01-welcome.md\n" }
            stream += "M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n"
            if index % 50 == 0 {
                let other = "notes/n\(index).md"
                let body = "No front matter here, just notes \(index).\n"
                stream += "M 100644 inline \(other)\ndata \(body.utf8.count)\n\(body)\n"
            }
        }
        try box.git("init", "-q", "-b", "main", in: "site")
        let result = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["fast-import", "--quiet"], in: "site", stdin: Data(stream.utf8))
        #expect(result.status == 0, "\(result.output)")
        try box.git("checkout", "-q", "main", in: "site")
    }

    @Test func historyRenderAndLintWorkOrExplain() throws {
        let box = try Sandbox()
        try makeSite(box)
        let history = try box.sop("history", "docs/welcome.md", "--json", in: "site")
        #expect(history.status == 0, "\(history.output)")
        let entries = try json(history.stdout) as! [[String: Any]]
        #expect(entries.count == 400)
        #expect(entries[199]["change"] as? String == "renamed")
        #expect(entries.last?["path"] as? String == "_posts/2019-05-01-welcome.md")

        let html = try box.sop("render", "docs/welcome.md", in: "site")
        #expect(html.status == 0)
        #expect(html.stdout.hasPrefix("<h1>Welcome</h1>\n<p>Revision 400 of a long page.</p>"))
        #expect(try box.sop("render", "notes/n100.md", in: "site").stdout == "<p>No front matter here, just notes 100.</p>\n")

        let lint = try box.sop("lint", "docs/welcome.md", "notes/n100.md", in: "site")
        #expect(lint.status == 1)
        #expect(lint.stdout.contains("docs/welcome.md:1:1: error: not a procedure: front matter has no 'id' field"))
        #expect(lint.stdout.contains("notes/n100.md:1:1: error: not a procedure: the file has no YAML front matter"))
        #expect(lint.stdout.contains("Procedures/set.yaml: error: Procedures/set.yaml is missing"))

        let list = try box.sop("list", in: "site")
        #expect(list.status == 0)
        #expect(try box.git("status", "--porcelain", in: "site").stdout == "")
    }
}
