import Foundation
import Git
import HummingbirdTesting
import SOPKit
import Testing

/// The portal's "I have read it": a focal point acknowledges the version in force from the
/// dashboard, sealed with the portal's key naming the account, and the secretariat's dashboard
/// counts who has and who is overdue.
@Suite struct AcknowledgementPortalTests {
    @Test func aFocalPointAcknowledgesFromTheDashboardAndTheSecretariatCountsIt() async throws {
        let fixture = try PortalFixture()
        try await AdoptPreviewTests().closedWithAnUnansweredComment(fixture) { secretariat in
            let terms = [("version", "2027.1"), ("effective", "2027-03-01"), ("allowUndisposed", "yes")]
            let editorial = try await secretariat.post("/rounds/night-1/adopt/preview", terms + [("noAcknowledgement", "yes")])
            #expect(editorial.body.contains("No new acknowledgement is required (an editorial change)"))
            #expect(editorial.body.contains(#"<input type="hidden" name="noAcknowledgement" value="yes">"#), "the confirm button adopts what was shown")
            let preview = try await secretariat.post("/rounds/night-1/adopt/preview", terms)
            #expect(preview.body.contains("Each member and territory acknowledges having read it within 30 days of its taking effect."))
            let basis = try #require(secretariat.hidden("basis", in: preview.body))
            #expect(try await secretariat.post("/rounds/night-1/adopt", terms + [("basis", basis)]).status == .seeOther)
        }
        fixture.clock.advance(Timestamp.parse("2027-03-05T09:00Z")!.timeIntervalSince(fixture.clock.now))
        let tag = "ack/SOP-004/1.1/TT"
        try await fixture.test { client, _ in
            let official = Browser(client)
            try await official.signIn(try #require(fixture.accounts["TT"]))
            let before = try await official.get("/").body
            #expect(before.contains("Procedures to acknowledge") && before.contains("acknowledgement due by 31 March 2027"), "\(before)")
            #expect(before.contains("I have read SOP-004 1.1"))
            let refused = try await official.post("/acknowledgements", [("procedure", "SOP-004"), ("version", "1.0")])
            #expect(refused.status == .notFound || refused.status == .badRequest, "no adopted version 1.0: \(refused.status)")
            let given = try await official.post("/acknowledgements", [("procedure", "SOP-004"), ("version", "1.1")])
            #expect(given.status == .seeOther, "\(given.body)")
            let after = try await official.get("/").body
            #expect(after.contains("acknowledged on 5 March 2027 by Official TT") && !after.contains("I have read SOP-004 1.1"), "\(after)")
            #expect(try await official.post("/acknowledgements", [("procedure", "SOP-004"), ("version", "1.1")]).status == .conflict, "once is enough")

            let french = Browser(client)
            french.acceptLanguage = "fr"
            try await french.signIn(try #require(fixture.accounts["JM"]))
            #expect(try await french.get("/").body.contains("ai lu SOP-004 1.1"), "in French")

            let observer = Browser(client)
            try await observer.signIn(try #require(fixture.accounts["IOM"]))
            #expect(try await !observer.get("/").body.contains("Procedures to acknowledge"), "observers are not asked")

            let desk = Browser(client)
            try await desk.signIn(try #require(fixture.accounts["SEC"]))
            let summary = try await desk.get("/").body
            #expect(summary.contains("Acknowledgements of the versions in force") && summary.contains("1 of 23 acknowledged, 0 overdue (due 31 March 2027)"), "\(summary)")
            // The verified acknowledgements are kept between pages only while their tags stay
            // as they were: one taken away no longer counts on the next page.
            let repository = try Workspace.open(fixture.root.path).repository
            let taken = try #require(try repository.reference("refs/tags/" + tag))
            try repository.deleteReference("refs/tags/" + tag, expecting: taken)
            let withoutIt = try await desk.get("/").body
            #expect(withoutIt.contains("0 of 23 acknowledged"), "\(withoutIt)")
            try repository.setReference("refs/tags/" + tag, to: taken, expecting: nil, message: "put back")
            #expect(try await desk.get("/").body.contains("1 of 23 acknowledged"))
        }
        let workspace = try Workspace.open(fixture.root.path)
        let record = try Record.parse(try #require(try workspace.repository.tag(tag)).message)
        #expect(record.body["via"]?.string == "portal" && record.body["account"]?.string == fixture.accounts["TT"])
        let verified = try Verification(workspace).acknowledgement(tag)
        #expect(verified.ok, "\(verified.checks.filter { !$0.ok }.map(\.what))")
    }
}
