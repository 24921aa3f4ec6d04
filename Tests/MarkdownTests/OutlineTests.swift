import Markdown
import Testing

@Suite struct OutlineTests {
    let source = """
        Intro paragraph.

        ## 1 Purpose {#purpose}

        Why.

        ## 5 Procedure {#procedure}

        ### 5.2 Interview of intercepted persons {#interview}

        Ask **open** questions.
        More text.

        ## 6 Records
        """

    @Test func outlineHasLevelNumberTitleIDAndLines() {
        let document = MarkdownDocument(source, firstLine: 11)
        let headings = document.outline.map(\.heading)
        #expect(headings.map(\.level) == [2, 2, 3, 2])
        #expect(headings.map(\.number) == ["1", "5", "5.2", "6"])
        #expect(headings.map(\.title) == ["Purpose", "Procedure", "Interview of intercepted persons", "Records"])
        #expect(headings.map(\.id) == ["purpose", "procedure", "interview", nil])
        #expect(headings.map(\.line) == [13, 17, 19, 24])
        let interview = document.outline[2]
        #expect(interview.lines == 19...23)
        #expect(interview.text.contains("Ask **open** questions.\nMore text."))
        #expect(document.outline[1].subtree == 17...23)
    }

    @Test func headingTextIsWhatAReaderSees() {
        let document = MarkdownDocument("## 2. Use of `code` and *emphasis* {#use}\n")
        let heading = document.headings[0]
        #expect(heading.number == "2")
        #expect(heading.title == "Use of code and emphasis")
        #expect(heading.id == "use")
    }

    @Test func linksCarryTheirPosition() {
        let document = MarkdownDocument("Para\n\nSee [SOP-004 §3](SOP-004-x.md#screening) and ![i](a.png).\n", firstLine: 5)
        #expect(document.links.map(\.destination) == ["SOP-004-x.md#screening", "a.png"])
        #expect(document.links[0].line == 7)
        #expect(document.links[1].isImage)
    }

    /// Paragraphs and table cells as a reader sees their words, each with where it starts and
    /// whether it is one emphasis and nothing more (a template's instructions).
    @Test func textBlocksReadTheWordsOfParagraphsAndCells() {
        let document = MarkdownDocument("## A {#a}\n\n*Say who\nacts.*\n\n| *Term* | Meaning |\n|---|---|\n| x | *y* and z |\n\n*Partly* emphasised.\n", firstLine: 3)
        let blocks = document.textBlocks
        #expect(blocks.map(\.text) == ["Say who acts.", "Term", "Meaning", "x", "y and z", "Partly emphasised."])
        #expect(blocks.map(\.isEmphasized) == [true, true, false, false, false, false])
        #expect(blocks.map(\.kind) == [.paragraph, .tableCell, .tableCell, .tableCell, .tableCell, .paragraph])
        #expect(blocks[0].line == 5 && blocks[4].line == 10 && blocks[5].line == 12)
    }
}
