import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
@testable import SOPServer
import Testing

/// The secretariat's confirm step: the adopt form shows what would go into force, says what
/// stops it in the reader's language, and only that page's button adopts.
@Suite struct AdoptPreviewTests {
    /// A round in which TT commented and nobody answered, approved by all three states and
    /// closed; `test` gets the secretariat's browser.
    func closedWithAnUnansweredComment(_ fixture: PortalFixture, language: String? = nil, _ test: @escaping @Sendable (Browser) async throws -> Void) async throws {
        try await fixture.test { client, _ in
            for code in ["TT", "JM", "BZ"] {
                let official = Browser(client)
                try await official.signIn(fixture.accounts[code]!)
                try await official.get("/rounds/night-1")
                if code == "TT" { #expect(try await official.post("/rounds/night-1/comments", RoundRouteTests.comment).status == .seeOther) }
                try await official.get("/rounds/night-1/position")
                #expect(try await official.post("/rounds/night-1/position", [("participant", code), ("stance", "approve")]).status == .seeOther)
            }
            let secretariat = Browser(client)
            secretariat.acceptLanguage = language
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            try await secretariat.get("/rounds/night-1")
            #expect(try await secretariat.post("/rounds/night-1/close", []).status == .seeOther)
            try await secretariat.get("/rounds/night-1")
            try await test(secretariat)
        }
    }

    @Test func unansweredCommentsStopTheAdoptionUnlessTheBoxIsTicked() async throws {
        let fixture = try PortalFixture()
        try await closedWithAnUnansweredComment(fixture) { secretariat in
            let terms = [("version", "2027.1"), ("effective", "2027-03-01")]
            let refused = try await secretariat.post("/rounds/night-1/adopt/preview", terms)
            #expect(refused.status == .ok)
            #expect(refused.body.contains("TT-1"))
            #expect(refused.body.contains("Adoption is refused while these comments have no disposition"))
            #expect(refused.body.contains("This round cannot be adopted as it stands"))
            #expect(!refused.body.contains(#"action="/rounds/night-1/adopt""#), "no button that adopts")

            let allowed = try await secretariat.post("/rounds/night-1/adopt/preview", terms + [("allowUndisposed", "yes")])
            #expect(allowed.body.contains("The sealed record will name these comments as adopted without a disposition."))
            #expect(allowed.body.contains(#"<input type="hidden" name="allowUndisposed" value="yes">"#))
            let basis = try #require(secretariat.hidden("basis", in: allowed.body))
            // The preview's basis covers the box: confirming it without the box is another adoption.
            #expect(try await secretariat.post("/rounds/night-1/adopt", terms + [("basis", basis)]).status == .conflict)
            let adopted = try await secretariat.post("/rounds/night-1/adopt", terms + [("allowUndisposed", "yes"), ("basis", basis)])
            #expect(adopted.status == .seeOther, "\(adopted.body)")
        }
        let workspace = try Workspace.open(fixture.root.path)
        let record = try Record.parse(try #require(try workspace.repository.tag("set/2027.1")).message)
        #expect(record.undisposed == ["TT-1"])
        #expect(try Verification(workspace).tag("set/2027.1").ok)
    }

    @Test func anEffectiveDateBeforeTheAdoptionDayIsRefusedInTheReadersLanguage() async throws {
        let fixture = try PortalFixture()
        try await closedWithAnUnansweredComment(fixture, language: "fr") { secretariat in
            let page = try await secretariat.post("/rounds/night-1/adopt/preview", [("effective", "2027-01-04"), ("allowUndisposed", "yes")])
            #expect(page.status == .badRequest)
            #expect(page.body.contains("la date d&#39;entrée en vigueur 2027-01-04 est antérieure au jour de l&#39;adoption (2027-01-05)"), "\(page.body)")
            let missing = try await secretariat.post("/rounds/night-1/adopt/preview", [("allowUndisposed", "yes")])
            #expect(missing.status == .badRequest)
            #expect(missing.body.contains("indiquez la date d&#39;entrée en vigueur au format AAAA-MM-JJ"), "\(missing.body)")
            let preview = try await secretariat.post("/rounds/night-1/adopt/preview", [("effective", "2027-03-01"), ("allowUndisposed", "yes")])
            #expect(preview.body.contains("Adopter comme set/2027.1, en vigueur à partir du 1 mars 2027"), "\(preview.body)")
            #expect(preview.body.contains("Commentaires sans suite donnée"))
        }
    }
}
