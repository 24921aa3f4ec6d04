import Foundation
import HummingbirdTesting
import SOPKit
import Testing

/// The secretariat's dashboard lists the periodic reviews due within 90 days, overdue ones
/// marked, with the last review recorded; focal points do not see the list.
@Suite struct ReviewDashboardTests {
    @Test func theSecretariatSeesTheReviewsDueAndWhatTheLastOneFound() async throws {
        let fixture = try PortalFixture()
        fixture.clock.advance(Timestamp.parse("2027-10-11T09:00Z")!.timeIntervalSince(fixture.clock.now))
        _ = try Reviews(Self.consultation(fixture)).record(
            "SOP-003", verdict: .revise, reason: "The asylum act of 2027 changes referral", as: fixture.secretariat, now: fixture.clock.now)
        try await fixture.test { client, _ in
            let desk = Browser(client)
            try await desk.signIn(try #require(fixture.accounts["SEC"]))
            let page = try await desk.get("/").body
            #expect(page.contains("Periodic reviews due within 90 days"), "\(page)")
            #expect(page.contains("<li class=\"overdue\"><strong>SOP-002</strong>") && page.contains("review overdue by 10 days (due 2027-10-01)"), "\(page)")
            #expect(page.contains("(last review 2027-10-11: revise)"), "what the last review found")
            #expect(!page.contains("SOP-004</strong>"), "SOP-004 is due in 2028")

            let official = Browser(client)
            try await official.signIn(try #require(fixture.accounts["TT"]))
            #expect(try await !official.get("/").body.contains("Periodic reviews"), "the list is the secretariat's")
        }
    }

    static func consultation(_ fixture: PortalFixture) -> Consultation {
        let consultation = Consultation(fixture.workspace)
        consultation.keyDirectory = fixture.keys
        return consultation
    }
}
