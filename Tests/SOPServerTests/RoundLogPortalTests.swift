import Foundation
import HummingbirdTesting
@testable import SOPKit
@testable import SOPServer
import Testing

/// The round's activity log on the portal: linked from the round page, every event in a row
/// with its date, participant, channel and what happened, in the reader's language.
@Suite struct RoundLogPortalTests {
    /// TT comments through the portal (the round was opened with the secretariat's own key),
    /// the secretariat disposes of it there, and JM approves.
    static func commentAndDisposal(_ client: any TestClientProtocol, _ fixture: PortalFixture) async throws {
        let tt = Browser(client)
        try await tt.signIn(try #require(fixture.accounts["TT"]))
        try await tt.get("/rounds/night-1")
        #expect(try await tt.post("/rounds/night-1/comments", RoundRouteTests.comment + [("blocking", "yes")]).status == .seeOther)
        let comment = try #require(try fixture.currentRound().comments.first)
        let secretariat = Browser(client)
        try await secretariat.signIn(try #require(fixture.accounts["SEC"]))
        try await secretariat.get("/rounds/night-1")
        let disposed = try await secretariat.post(
            "/rounds/night-1/comments/\(comment.id)/disposition", [("resolution", "modified"), ("reason", "Two hours at night")])
        #expect(disposed.status == .seeOther, "\(disposed.body.prefix(300))")
        let jm = Browser(client)
        try await jm.signIn(try #require(fixture.accounts["JM"]))
        try await jm.get("/rounds/night-1/position")
        #expect(try await jm.post("/rounds/night-1/position", [("participant", "JM"), ("stance", "approve")]).status == .seeOther)
    }

    @Test func theLogListsEveryEventWithItsChannelAndIsLinkedFromTheRound() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            try await Self.commentAndDisposal(client, fixture)
            let jm = Browser(client)
            try await jm.signIn(try #require(fixture.accounts["JM"]))
            #expect(try await jm.get("/rounds/night-1").body.contains(#"<li><a href="/rounds/night-1/log">Activity log</a></li>"#))
            let page = try await jm.get("/rounds/night-1/log")
            #expect(page.status == .ok)
            let rows = page.body.components(separatedBy: "<tr>").dropFirst(2).map { PortalLanguageTests.visibleText($0.components(separatedBy: "</tr>")[0]) }
            #expect(rows.count == 4, "\(rows)")
            let words = rows.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            #expect(words[0].hasSuffix("The secretariat command line The secretariat opened the round on draft night (revision 1)"), "\(words[0])")
            #expect(words[1].hasSuffix("Trinidad and Tobago (TT) portal Trinidad and Tobago (TT) commented on SOP-004#detection (TT-1, technical, blocking)"), "\(words[1])")
            #expect(words[2].hasSuffix("The secretariat portal The secretariat disposed of TT-1: modified"), "\(words[2])")
            #expect(words[3].hasSuffix("Jamaica (JM) portal Jamaica (JM) approved revision 1"), "\(words[3])")
            #expect(page.body.contains(Catalogue.format(dateTime: fixture.clock.now, language: "en")), "dates the reader's way")
            #expect(page.body.contains("<bdi>Official TT</bdi>"), "the official the portal wrote for")

            let stranger = Browser(client)
            try await stranger.signIn(try #require(fixture.accounts["BS"]))
            #expect(try await stranger.get("/rounds/night-1/log").status == .notFound, "BS is not invited")
            #expect(try await Browser(client).get("/rounds/night-1/log").status != .ok, "signed out")
            #expect(try await jm.get("/rounds/no-such-1/log").status == .notFound)
        }
    }

    @Test func inFrenchTheLogHasNoEnglish() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, portal in
            try await Self.commentAndDisposal(client, fixture)
            let official = try await LanguageVersionPortalTests.official(client, fixture, "TT", language: "fr")
            let page = try await official.get("/rounds/night-1/log")
            #expect(page.status == .ok)
            PortalLanguageTests.expectNoEnglish(page, "fr", "activity log", portal.catalogue)
            #expect(page.body.contains("Le secrétariat a ouvert le cycle sur le projet night (version de travail 1)"), "\(page.body)")
            #expect(page.body.contains("Trinité-et-Tobago (TT) a commenté SOP-004#detection (TT-1, technique, bloquant)"), "countries by their French names")
            #expect(page.body.contains("Le secrétariat a donné suite à TT-1\u{a0}: modifié"))
            #expect(page.body.contains("Jamaïque (JM) a approuvé la version de travail 1"))
            #expect(page.body.contains(">portail</td>") && page.body.contains(">ligne de commande</td>"))
            #expect(page.body.contains(Catalogue.format(dateTime: fixture.clock.now, language: "fr")))
            PortalLanguageTests.expectNoEnglish(try await official.get("/rounds/night-1"), "fr", "round page with its link", portal.catalogue)
        }
    }

    /// A refused event says why in the rules' words to readers of English and by its kind to
    /// the others, whose words the rules do not have.
    @Test func aRefusalReadsInTheReadersLanguage() throws {
        let portal = try PortalFixture().portal()
        let refused = RoundLog.Refused(code: "not-allowed", reason: "signed with a key that is not registered for TT in the key registry")
        #expect(LogPage.refused(refused, portal.words("en")) == "Refused by the rules: signed with a key that is not registered for TT in the key registry")
        #expect(LogPage.refused(refused, portal.words("fr")).hasPrefix("Refusé par les règles\u{a0}: son auteur ne pouvait pas le consigner"))
        #expect(LogPage.refused(RoundLog.Refused(code: "new-kind", reason: "x"), portal.words("nl")) == "Geweigerd door de regels: het overtreedt de regels van de ronde")
    }
}
