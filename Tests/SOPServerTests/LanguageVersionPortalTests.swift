import Foundation
import SOPKit
import Testing

/// A focal point who reads French consults on the French version of the text: the round
/// page shows it, and a comment on words selected there is recorded in French, on them.
@Suite struct LanguageVersionPortalTests {
    @Test func aCommentInFrenchOnTheFrenchTextIsRecordedWithItsLanguageAndStaysPlaced() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let official = Browser(client)
            official.acceptLanguage = "fr-HT, fr;q=0.9, en;q=0.5"
            try await official.signIn(fixture.accounts["TT"]!)
            let page = try await official.get("/rounds/night-1")
            #expect(page.body.contains("Interception maritime et débarquement"), "the French title")
            #expect(page.body.contains("lang=\"fr\""), "the French sections say their language")
            #expect(page.body.contains("dans un délai de deux heures"), "the French words of 5.1.3")
            let posted = try await official.post(
                "/rounds/night-1/comments",
                [
                    ("participant", "TT"), ("section", "SOP-004#detection"), ("quote", "dans un délai de deux heures"), ("type", "te"),
                    ("text", "Délai irréaliste la nuit pour les petites garde-côtes."),
                ])
            #expect(posted.status == .seeOther, "\(posted.body.prefix(400))")
            let after = try await official.get("/rounds/night-1")
            #expect(after.body.contains("Délai irréaliste la nuit"))
        }
        let comment = try #require(try fixture.currentRound().comments.first)
        #expect(comment.language == "fr")
        #expect(comment.quotedIn == "fr")
        #expect(comment.quote?.exact == "dans un délai de deux heures")
        let text = try RevisionText(workspace: fixture.workspace, commit: comment.commit, scope: ["SOP-004"])
        #expect(text.isPlaced(comment), "placed on the French words it quotes")
    }

    @Test func aLanguageNotInTheSetIsRefusedForAComment() throws {
        let fixture = try PortalFixture()
        let consultation = Consultation(fixture.workspace)
        consultation.keyDirectory = fixture.keys
        #expect(throws: SOPError.self) {
            try consultation.addComments(
                [CommentDraft(section: "SOP-004#detection", type: .ed, text: "Texto.", language: "pt")], round: "night-1", as: fixture.secretariat,
                now: fixture.clock.now)
        }
    }
}
