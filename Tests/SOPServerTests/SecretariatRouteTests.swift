import Foundation
import Git
import Hummingbird
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// The secretariat's side of a round in the portal, and which role may load which page.
@Suite struct SecretariatRouteTests {
    /// A round whose events cannot be read (here: a ref with no opening event) is left off the
    /// dashboard; everyone still sees the others, and the secretariat is told which one.
    @Test func aRoundThatCannotBeReadLeavesTheDashboardToTheOthers() async throws {
        let fixture = try PortalFixture()
        let repository = fixture.workspace.repository
        try repository.updateReference(Round.reference("broken-1"), message: "broken round") { _ in
            let tree = try repository.updateTree(nil, applying: [.write(path: "note.txt", blob: try repository.writeBlob(Data("no events".utf8)))])
            return try repository.createCommit(tree: tree, parents: [], message: "broken", author: Signature(name: "Test", email: "t@example.org"))
        }
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let dashboard = try await tt.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("/rounds/night-1") && !dashboard.body.contains("broken-1"))
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let overview = try await secretariat.get("/")
            #expect(overview.status == .ok && overview.body.contains("/rounds/night-1"))
            #expect(overview.body.contains("These rounds cannot be read: broken-1."), "\(overview.body)")
            #expect(try await secretariat.get("/rounds/broken-1").status == .badRequest)
        }
    }

    @Test func theSecretariatOpensARoundAndConsultsOnARevisedDraft() async throws {
        let fixture = try PortalFixture()
        let drafts = Drafts(fixture.workspace)
        _ = try drafts.switchTo("main")
        _ = try drafts.start("airports")
        let path = fixture.root.appendingPathComponent("Procedures/SOP-002-border-interview.md")
        let original = try String(contentsOf: path, encoding: .utf8)
        try Data(original.appending("\nAirports of entry are included.\n").utf8).write(to: path)
        _ = try drafts.save(message: "Airports", author: fixture.secretariat.author)
        try await fixture.test { client, _ in
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let dashboard = try await secretariat.get("/")
            #expect(dashboard.body.contains(#"<option value="airports">"#))
            let bad = try await secretariat.post("/rounds", [("draft", "airports"), ("closes", "next week")])
            #expect(bad.status == .badRequest)
            #expect(bad.body.contains("YYYY-MM-DD"))
            try await secretariat.get("/")
            let past = try await secretariat.post("/rounds", [("draft", "airports"), ("closes", "2026-01-01")])
            #expect(past.status == .badRequest, "a closing date in the past")
            try await secretariat.get("/")
            let opened = try await secretariat.post(
                "/rounds", [("draft", "airports"), ("closes", "2027-02-20"), ("rule", "silence"), ("invited", "TT,JM"), ("title", "Airports of entry")])
            #expect(opened.status == .seeOther)
            #expect(opened.location == "/rounds/airports-1")
            let round = try await secretariat.get("/rounds/airports-1")
            #expect(round.body.contains("Airports of entry"))
            #expect(round.body.contains("rule: silence"))
            #expect(try await secretariat.post("/rounds/airports-1/revise", []).status == .badRequest, "no new commit on the draft yet")
            try Data(original.appending("\nAirports of entry and private airfields are included.\n").utf8).write(to: path)
            _ = try Drafts(try Workspace.open(fixture.root.path)).save(message: "Airfields", author: fixture.secretariat.author)
            try await secretariat.get("/rounds/airports-1")
            #expect(try await secretariat.post("/rounds/airports-1/revise", []).status == .seeOther)
            let revised = try await secretariat.get("/rounds/airports-1/changes")
            #expect(revised.body.contains("revision 1"), "compared with the previous revision")
            #expect(revised.body.contains("<ins>"))
            let table = try await secretariat.get("/rounds/night-1/form.csv")
            #expect(table.status == .ok)
            #expect(table.headers[.contentDisposition]?.contains("night-1-secretariat.csv") == true)
        }
        let round = try Consultation(try Workspace.open(fixture.root.path)).log.round("airports-1")
        #expect(round.participants == ["JM", "TT"])
        #expect(round.rule == .silence)
        #expect(round.revisions.count == 2)
    }

    /// Every page for every role: what each may load, and the refusal the others get.
    @Test func whoMayLoadWhichPage() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let pages = ["/", "/rounds/night-1", "/rounds/night-1/changes", "/rounds/night-1/position", "/rounds/night-1/form.csv",
                "/procedures/SOP-004/history", "/assets/portal.css", "/assets/portal.js", "/site"]
            let expected: [String: [HTTPResponse.Status]] = [
                "TT": [.ok, .ok, .ok, .ok, .ok, .ok, .ok, .ok, .seeOther],
                "IOM": [.ok, .ok, .ok, .forbidden, .ok, .ok, .ok, .ok, .seeOther],
                "BS": [.ok, .notFound, .notFound, .notFound, .notFound, .ok, .ok, .ok, .seeOther],
                "SEC": [.ok, .ok, .ok, .forbidden, .ok, .ok, .ok, .ok, .seeOther],
            ]
            for (role, statuses) in expected {
                let browser = Browser(client)
                try await browser.signIn(fixture.accounts[role]!)
                for (page, status) in zip(pages, statuses) {
                    let loaded = try await browser.get(page)
                    #expect(loaded.status == status, "\(role) \(page)")
                }
            }
            let signedOut = Browser(client)
            #expect(try await signedOut.get("/assets/portal.css").status == .ok, "the look is public")
            #expect(try await signedOut.get("/site").location == "http://localhost:8081/index.html", "the published set is public, on its own origin")
        }
    }
}
