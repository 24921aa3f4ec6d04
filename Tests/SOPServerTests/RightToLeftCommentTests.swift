import Foundation
import SOPKit
@testable import SOPServer
import Testing

/// Right-to-left words and combining marks in comments: typed in the portal or brought by a
/// replica, they are shown escaped, in an element of their own direction (`dir="auto"`,
/// `<bdi>`), so that they cannot turn the page around them, and without breaking its markup.
@Suite struct RightToLeftCommentTests {
    /// Hebrew and Arabic words, a right-to-left mark (allowed), an accent typed as a
    /// combining mark, a run of 30 combining marks, and markup.
    static let typed = "נוהל חדש ما رأيكم؟ \u{200F}caf" + "e\u{301}" + " a" + String(repeating: "\u{0301}\u{0308}\u{0323}", count: 10) + " <b>1 2</b> \"\u{0338}end"

    static func escaped(_ text: String) -> String {
        Page.escapable(text).replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test func rightToLeftAndCombiningTextIsShownEscapedAndIsolated() async throws {
        let fixture = try PortalFixture()
        // What a replica brought: reordering controls, which the portal would refuse if typed.
        let synced = "אנחנו \u{202E}ton od ew\u{202C} \u{2067}מסכימים\u{2069} 12"
        let log = Consultation(try Workspace.open(fixture.root.path)).log
        let opened = try fixture.currentRound()
        try log.append(to: fixture.round, author: "ماريا <bz@example.org>", message: "Comment by BZ") { current in
            [
                Event(
                    kind: .commentAdded, round: fixture.round, participant: "BZ", author: "ماريا <bz@example.org>",
                    at: opened.opened.addingTimeInterval(60), clock: current.clock + 1,
                    payload: [
                        "revision": .string(opened.revision.commit), "procedure": .string("SOP-004"), "section": .string("detection"),
                        "type": .string("ge"), "text": .string(synced), "blocking": .bool(false), "number": .string("BZ-1"),
                    ])
            ]
        }
        try await fixture.test { client, _ in
            let tt = Browser(client)
            tt.acceptLanguage = "fr"
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let posted = try await tt.post("/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "ed"), ("text", Self.typed)])
            #expect(posted.status == .seeOther, "right-to-left words and combining marks may be typed: \(posted.body)")
            let page = try await tt.get("/rounds/night-1")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"<p class="text" dir="auto" lang="fr">\#(Self.escaped(Self.typed))</p>"#), "the typed comment, escaped, in its own direction, in the language of the page it was written on")
            #expect(page.body.contains("a" + String(repeating: "\u{0301}\u{0308}\u{0323}", count: 10) + " &lt;b&gt;1 2&lt;/b&gt;"), "the marks stay on their letter")
            #expect(page.body.contains("&quot;end"), "a mark that would join the quote into one character is dropped, so the quote is escaped")
            #expect(page.body.contains(#"<p class="text" dir="auto" lang="en">אנחנו [U+202E]ton od ew[U+202C] [U+2067]מסכימים[U+2069] 12</p>"#), "the synced controls are made visible")
            for control in ["\u{202E}", "\u{202C}", "\u{2067}", "\u{2069}"] { #expect(!page.body.contains(control)) }
            #expect(page.body.contains("<bdi>ماريا &lt;bz@example.org&gt;</bdi>"), "the author's name is isolated too")
            #expect(!page.body.contains("<b>1 2</b>"))
            // The page's structure is whole: every comment closes where it should.
            #expect(page.body.components(separatedBy: "<article").count == page.body.components(separatedBy: "</article>").count)
            #expect(page.body.components(separatedBy: "<p class=\"text\" dir=\"auto\" lang=\"").count == 3)
            let article = try #require(page.body.range(of: #"data-number="BZ-1""#))
            let rest = page.body[article.upperBound...]
            let end = try #require(rest.range(of: "</article>"))
            #expect(rest[..<end.lowerBound].contains("[U+202E]ton od ew"), "the synced text stays inside its own comment")
        }
    }
}
