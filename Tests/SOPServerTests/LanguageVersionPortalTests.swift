import Foundation
import HummingbirdTesting
import SOPKit
import Testing

/// A focal point who reads French consults on the French version of the text: the round
/// page shows it, says how it stands against the English and marks what is behind, and a
/// comment on words selected there is recorded in French, on them; refusals read in French.
@Suite struct LanguageVersionPortalTests {
    @Test func aCommentInFrenchOnTheFrenchTextIsRecordedWithItsLanguageAndStaysPlaced() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let official = try await Self.official(client, fixture, "TT", language: "fr-HT, fr;q=0.9, en;q=0.5")
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

    /// The draft changes 5.1.3 of the English SOP-004 and not its official French version.
    @Test func aSectionBehindTheEnglishIsMarkedAndAVersionThatNoLongerFitsGivesWayToTheEnglish() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let page = try await Self.official(client, fixture, "TT", language: "fr").get("/rounds/night-1").body
            #expect(
                page.contains(
                    "<p class=\"translation-note\">Traduction officielle\u{a0}: 1 section est en retard sur le texte anglais de cette version de travail\u{a0}; elle est signalée ci-dessous.</p>"
                ), "\(page)")
            #expect(page.components(separatedBy: "<div class=\"behind\">").count == 2, "only 5.1.3 is marked behind")
            let detection = try #require(page.range(of: "data-anchor=\"SOP-004#detection\"")).upperBound
            let rest = page[detection...]
            let marked = rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)]
            #expect(marked.contains("Le texte anglais de cette section a changé depuis que cette traduction a été faite."))
            #expect(marked.contains("<div class=\"source\" lang=\"en\">") && marked.contains("within one hour"), "the English words on request")
            #expect(marked.contains("dans un délai de deux heures"), "the French words are still shown")
        }
        // A revision whose French version lost a section ID: the English is shown, and why.
        try fixture.revise("Procedures/fr/SOP-004-maritime-interception.md") { $0.replacingOccurrences(of: "{#detection}", with: "{#detecter}") }
        try await fixture.test { client, _ in
            let page = try await Self.official(client, fixture, "TT", language: "fr").get("/rounds/night-1").body
            #expect(page.contains("La version en français de cette procédure ne correspond pas à son texte anglais\u{a0}; le texte anglais est donc affiché."), "\(page)")
            #expect(!page.contains("dans un délai de deux heures") && page.contains("within one hour"))
            #expect(!page.contains("lang=\"fr\">\n      <h3"), "no section claims to be French")
        }
    }

    /// A refusal an official meets reads in their language (English too) and names what was
    /// wrong in words for officials, not the command line's, and what they typed is shown again.
    @Test func refusalsNameWhatWasWrongInTheOfficialsLanguageAndKeepTheirWords() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let comment = [
                ("participant", "TT"), ("section", "SOP-004#detection"), ("quote", "dans un délai de trois heures"), ("type", "te"),
                ("text", "Ce délai n'est pas tenable la nuit."),
            ]
            let french = try await Self.official(client, fixture, "TT", language: "fr")
            try await french.get("/rounds/night-1")
            let refused = try await french.post("/rounds/night-1/comments", comment)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("les mots cités «\u{a0}dans un délai de trois heures\u{a0}» ne figurent pas dans SOP-004#detection"), "\(refused.body)")
            #expect(refused.body.contains("<pre class=\"kept\" dir=\"auto\">Ce délai n&#39;est pas tenable la nuit.</pre>"), "the comment is kept")

            let spanish = try await Self.official(client, fixture, "JM", language: "es")
            try await spanish.get("/rounds/night-1/position")
            let objection = try await spanish.post("/rounds/night-1/position", [("participant", "JM"), ("stance", "object")])
            #expect(objection.status == .badRequest)
            #expect(objection.body.contains("una objeción debe motivarse"), "\(objection.body)")

            let english = try await Self.official(client, fixture, "BZ", language: nil)
            try await english.get("/rounds/night-1")
            let quoted = try await english.post("/rounds/night-1/comments", comment.map { $0.0 == "participant" ? ($0.0, "BZ") : $0 })
            #expect(quoted.body.contains("the quoted words “dans un délai de trois heures” are not in SOP-004#detection: select them in the text"), "\(quoted.body)")
            #expect(!quoted.body.contains("--quote"), "in words for officials, not the command line's")
        }
        #expect(try fixture.currentRound().comments.isEmpty && fixture.currentRound().positions.isEmpty, "nothing was recorded")
    }

    /// The official of `code`, signed in from a browser that asks for `language`.
    static func official(_ client: any TestClientProtocol, _ fixture: PortalFixture, _ code: String, language: String?) async throws -> Browser {
        let official = Browser(client)
        official.acceptLanguage = language
        try await official.signIn(try #require(fixture.accounts[code]))
        return official
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
