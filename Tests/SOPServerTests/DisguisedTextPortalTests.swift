import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// Bidirectional controls in the portal: a comment typed with one is refused (400, nothing
/// written), and one a replica brought is shown with the control made visible.
@Suite struct DisguisedTextPortalTests {
    static let disguised = "We agree \u{202E}ton od ew"

    @Test func anOverrideIsRefusedWhenTypedAndMadeVisibleWhenSynced() async throws {
        let fixture = try PortalFixture()
        // BZ's replica wrote it (an older sop, or a hostile one) and it arrived by sync.
        let log = Consultation(try Workspace.open(fixture.root.path)).log
        let opened = try fixture.currentRound()
        try log.append(to: fixture.round, author: "Official BZ <bz@example.org>", message: "Comment by BZ") { current in
            [
                Event(
                    kind: .commentAdded, round: fixture.round, participant: "BZ", author: "Official BZ <bz@example.org>",
                    at: opened.opened.addingTimeInterval(60), clock: current.clock + 1,
                    payload: [
                        "revision": .string(opened.revision.commit), "procedure": .string("SOP-004"), "section": .string("detection"),
                        "type": .string("ge"), "text": .string(Self.disguised), "blocking": .bool(false), "number": .string("BZ-1"),
                    ])
            ]
        }
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let page = try await tt.get("/rounds/night-1")
            #expect(page.status == .ok)
            #expect(page.body.contains("We agree [U+202E]ton od ew"))
            #expect(!page.body.contains("\u{202E}"))
            let refused = try await tt.post("/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "ge"), ("text", Self.disguised)])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("the comment text contains [U+202E] (right-to-left override)"), "\(refused.body)")
            #expect(!refused.body.contains("\u{202E}"), "the words kept on the page are shown made visible too")
        }
        #expect(try fixture.currentRound().comments.map(\.participant) == ["BZ"], "nothing of TT was written")
    }
}
