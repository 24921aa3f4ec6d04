import Markdown
import Testing

/// `MarkdownDocument.blocks`: cmark-gfm's tree as typed blocks, which exporters walk.
@Suite struct BlockTests {
    @Test func headingsListsTablesAndInlinesComeOutTyped() {
        let document = MarkdownDocument(
            """
            Intro with *care* and **force**.

            ## 5.2 Rescue {#rescue}

            3. first, see [§5.7](#screening)
            4. ~~old~~ `code`

            | Term | Meaning |
            |---|---|
            | MRCC | Rescue centre |

            <div>raw</div>

            [bad](javascript:alert(1))
            """)
        let blocks = document.blocks
        #expect(blocks.count == 5, "the raw HTML block is left out: \(blocks)")
        #expect(blocks[0] == .paragraph([.text("Intro with "), .emphasis([.text("care")]), .text(" and "), .strong([.text("force")]), .text(".")]))
        guard case .heading(let heading) = blocks[1] else { Issue.record("not a heading: \(blocks[1])"); return }
        #expect(heading.id == "rescue" && heading.number == "5.2" && heading.title == "Rescue" && heading.level == 2)
        #expect(
            blocks[2]
                == .list(
                    ordered: true, start: 3,
                    items: [
                        [.paragraph([.text("first, see "), .link(destination: "#screening", title: "", [.text("§5.7")])])],
                        [.paragraph([.strikethrough([.text("old")]), .text(" "), .code("code")])],
                    ]))
        #expect(blocks[3] == .table(header: [[.text("Term")], [.text("Meaning")]], rows: [[[.text("MRCC")], [.text("Rescue centre")]]]))
        #expect(blocks[4] == .paragraph([.link(destination: "", title: "", [.text("bad")])]), "a javascript: link loses its destination")
    }

    @Test func headingIDsSurviveTheAnchoredRender() {
        let document = MarkdownDocument("## 1 Purpose {#purpose}\n\nText.\n")
        _ = document.html()
        guard case .heading(let heading)? = document.blocks.first else { Issue.record("no heading"); return }
        #expect(heading.id == "purpose" && heading.title == "Purpose")
    }
}
