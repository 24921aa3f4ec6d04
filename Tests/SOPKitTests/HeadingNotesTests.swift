import Testing

@testable import SOPKit

/// The notes a published page adds at its headings (a language version's "shown in English",
/// a reservation's footnote mark), all put in in one pass over the page.
@Suite struct HeadingNotesTests {
    static let html = """
        <h2 id="scope">1 Scope</h2>
        <p>Text with id="scope"> in it.</p>
        <h3 id="a&amp;b">1.1 A and B</h3>
        <h2 id="rescue">2 Rescue</h2>
        """

    @Test func eachHeadingGetsItsMarkInsideAndItsNoteAfter() {
        let marked = ProcedurePage.insert(
            [
                "rescue": .init(after: "<p>R</p>"),
                "scope": .init(inside: "<sup>1</sup>", after: "<p>S</p>"),
                "a&b": .init(inside: "<sup>2</sup>"),
            ], into: Self.html)
        #expect(
            marked == """
                <h2 id="scope">1 Scope<sup>1</sup></h2><p>S</p>
                <p>Text with id="scope"> in it.</p>
                <h3 id="a&amp;b">1.1 A and B<sup>2</sup></h3>
                <h2 id="rescue">2 Rescue</h2><p>R</p>
                """)
    }

    @Test func aHeadingThePageDoesNotHaveChangesNothing() {
        #expect(ProcedurePage.insert(["missing": .init(after: "<p>x</p>")], into: Self.html) == Self.html)
        #expect(ProcedurePage.insert([:], into: Self.html) == Self.html)
        #expect(ProcedurePage.insert(["scope": .init(after: "x")], into: "<h2 id=\"scope\">") == "<h2 id=\"scope\">", "no closing tag")
    }
}
