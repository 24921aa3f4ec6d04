import Foundation
import HummingbirdTesting
import SOPKit
import Testing

/// The secretariat applies a focal point's suggested words from the round page: the draft
/// gains them in a commit and the comment is disposed of, naming it; no one else may.
@Suite struct SuggestionPortalTests {
    @Test func theSecretariatAppliesASuggestionFromTheRoundPage() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(try #require(fixture.accounts["TT"]))
            try await tt.get("/rounds/night-1")
            let posted = try await tt.post(
                "/rounds/night-1/comments",
                [
                    ("participant", "TT"), ("section", "SOP-004#detection"), ("quote", "within one hour"), ("type", "te"),
                    ("text", "Not at night."), ("proposed", "within one hour, or two hours at night"),
                ])
            #expect(posted.status == .seeOther, "\(posted.body)")
            let comment = try #require(try fixture.currentRound().comments.first)
            let own = try await tt.get("/rounds/night-1")
            #expect(!own.body.contains("/comments/\(comment.id)/apply"), "only the secretariat is offered the button")
            let refused = try await tt.post("/rounds/night-1/comments/\(comment.id)/apply", [])
            #expect(refused.status == .forbidden)

            let secretariat = Browser(client)
            try await secretariat.signIn(try #require(fixture.accounts["SEC"]))
            let page = try await secretariat.get("/rounds/night-1")
            #expect(page.body.contains("action=\"/rounds/night-1/comments/\(comment.id)/apply\""))
            #expect(page.body.contains("Apply this suggestion to the draft"))
            let applied = try await secretariat.post("/rounds/night-1/comments/\(comment.id)/apply", [])
            #expect(applied.status == .seeOther, "\(applied.body)")
            let location = try #require(applied.location)
            #expect(location.hasPrefix("/rounds/night-1?applied="), "\(location)")
            let after = try await secretariat.get(location)
            #expect(after.body.contains("The suggestion is in the draft (commit "))
            #expect(after.body.contains("applied in commit "), "the disposition names the commit")
            #expect(!after.body.contains("/comments/\(comment.id)/apply\""), "an applied suggestion is not offered again")
        }
        let disposed = try #require(try fixture.currentRound().comments.first?.disposition)
        #expect(disposed.resolution == .accepted)
        let commit = try #require(disposed.applied)
        let text = try fixture.workspace.commitSource(commit).text(at: PortalFixture.procedure)
        #expect(text?.contains("within one hour, or two hours at night") == true)
        #expect(try fixture.workspace.repository.reference("refs/heads/draft/night")?.hex == commit)
    }
}
