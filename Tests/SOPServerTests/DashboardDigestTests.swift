import Foundation
import SOPKit
@testable import SOPServer
import Testing

/// The dashboard's "In the last 7 days": the digest `sop digest` mails, for the signed-in
/// official, in their language, with what people wrote escaped.
@Suite struct DashboardDigestTests {
    /// TT and JM comment on detection (JM's words with markup), the secretariat answers TT-1.
    func comments(_ fixture: PortalFixture) throws {
        let consultation = Consultation(fixture.workspace, keys: fixture.keys)
        func actor(_ code: String) -> Actor { Actor(participant: code, author: .init(name: "Official \(code)", email: "\(code.lowercased())@example.org")) }
        for (code, text) in [("TT", "Not achievable at night"), ("JM", "Agree, <em>and</em> airports")] {
            _ = try consultation.addComments([CommentDraft(section: "detection", type: .te, text: text)], round: fixture.round, as: actor(code), now: fixture.clock.now)
        }
        _ = try consultation.reply(to: "TT-1", round: fixture.round, text: "A night limit is coming", as: fixture.secretariat, now: fixture.clock.now)
    }

    @Test func theDashboardShowsTheLastWeeksDigestInTheOfficialsLanguage() async throws {
        let fixture = try PortalFixture()
        try comments(fixture)
        try AccountStore(file: fixture.accountsFile, cost: 4).setLanguage(fixture.accounts["JM"]!, to: "fr")
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let page = try await tt.get("/").body
            #expect(page.contains("<h2>In the last 7 days</h2>"))
            #expect(page.contains("JM-1 (JM) on SOP-004#detection: Agree, &lt;em&gt;and&lt;/em&gt; airports"), "\(page)")
            #expect(page.contains("secretariat replied to TT-1 on SOP-004#detection: A night limit is coming"))
            #expect(page.contains("a position"), "what is owed stays in the table, from the same rule")
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            let french = try await jm.get("/").body
            #expect(french.contains("<h2>Ces 7 derniers jours</h2>") && french.contains("TT-1 (TT) sur SOP-004#detection\u{A0}: «\u{A0}Not achievable at night\u{A0}»"))
            let desk = Browser(client)
            try await desk.signIn(fixture.accounts["SEC"]!)
            let secretariat = try await desk.get("/").body
            #expect(secretariat.contains("New comments") && secretariat.contains("awaiting a disposition"))
            fixture.clock.advance(8 * 86_400)
            let later = Browser(client)
            try await later.signIn(fixture.accounts["TT"]!)
            #expect(try await later.get("/").body.contains("Nothing new in the last 7 days."))
        }
    }
}
