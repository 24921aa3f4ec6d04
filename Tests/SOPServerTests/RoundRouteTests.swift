import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
@testable import SOPServer
import Testing

/// Reading a proposal, commenting, replying, disposing, and the refusals every role meets.
@Suite struct RoundRouteTests {
    static let comment: [(String, String)] = [
        ("participant", "TT"), ("section", "SOP-004#detection"), ("quote", "within one hour"), ("type", "te"),
        ("text", "One hour is not workable at night."), ("proposed", "within two hours"),
    ]

    @Test func aFocalPointCommentsOnSelectedWordsAndSeesItBesideTheSection() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let page = try await tt.get("/rounds/night-1")
            #expect(page.status == .ok)
            #expect(page.body.contains(#"data-anchor="SOP-004#detection""#))
            let posted = try await tt.post("/rounds/night-1/comments", Self.comment)
            #expect(posted.status == .seeOther)
            #expect(posted.location == "/rounds/night-1#SOP-004--detection")
            let round = try fixture.currentRound()
            #expect(round.comments.count == 1)
            let comment = try #require(round.comments.first)
            #expect(comment.participant == "TT")
            #expect(comment.quote?.exact == "within one hour")
            #expect(comment.author == "Official TT <ana@immigration.gov.tt>")
            let after = try await tt.get("/rounds/night-1")
            let section = try #require(after.body.range(of: #"id="SOP-004--detection""#))
            let next = after.body.range(of: #"<section class="clause""#, range: section.upperBound..<after.body.endIndex)?.lowerBound ?? after.body.endIndex
            let beside = after.body[section.upperBound..<next]
            #expect(beside.contains("One hour is not workable at night."), "the comment sits beside its section")
            #expect(beside.contains("“within one hour”"))
            #expect(after.body.contains(#"href="/site/procedures/SOP-005.html#issuing-alerts""#), "cross-references lead to the set in force")
            #expect(!after.body.contains(#"href="SOP-005-information-exchange.md"#))
        }
    }

    @Test func eventsWrittenThroughThePortalAreSignedWithItsKeyAndNameTheAccount() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            try await tt.post("/rounds/night-1/comments", Self.comment)
        }
        let workspace = try Workspace.open(fixture.root.path)
        let log = Consultation(workspace).log
        let loaded = try log.load(try #require(try workspace.repository.reference("refs/sop/rounds/night-1")))
        let event = try #require(loaded.events.values.first { $0.kind == .commentAdded })
        #expect(event.via == "portal")
        #expect(event.account == "ana@immigration.gov.tt")
        #expect(log.registry?.problem(with: event) == nil, "the portal's registered key verifies it")
        #expect(try fixture.currentRound().refused.isEmpty)
    }

    @Test func scriptInACommentAQuoteANameOrAProcedureIsInert() async throws {
        let hostile = "<script>alert('x')</script>"
        let fixture = try PortalFixture { text in
            text.replacingOccurrences(of: "within two hours", with: "within one hour \(hostile) [call](javascript:alert(1)) <img src=x onerror=alert(2)>")
        }
        _ = try AccountStore(file: fixture.accountsFile, cost: 4).add(
            email: "x@gov.tt", name: "<script>alert('name')</script>", participant: "TT", role: nil,
            set: try Consultation(fixture.workspace).protocolSet(at: "main"), now: fixture.clock.now)
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let posted = try await tt.post(
                "/rounds/night-1/comments",
                [("section", "SOP-004#detection"), ("type", "ed"), ("text", "\(hostile) and \"quotes\""), ("proposed", "<b onmouseover=alert(3)>x</b>")])
            #expect(posted.status == .seeOther)
            let page = try await tt.get("/rounds/night-1")
            #expect(!page.body.contains("<script>alert"))
            #expect(!page.body.contains("javascript:"))
            #expect(!page.body.contains("<img"))
            #expect(!page.body.contains("<b onmouseover"))
            #expect(page.body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; and &quot;quotes&quot;"))
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let list = try await secretariat.get("/")
            #expect(list.status == .ok)
            let named = Browser(client)
            let token = try AccountStore(file: fixture.accountsFile, cost: 4).reset("x@gov.tt", now: fixture.clock.now)
            let welcome = try await named.get("/welcome/\(token)")
            #expect(welcome.body.contains("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;"))
            #expect(!welcome.body.contains("<script>alert"))
        }
    }

    @Test func aForgedOrMissingCSRFTokenWritesNothing() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            // One character changed (a token may start with any of them, "A" too).
            let token = try #require(tt.csrf)
            let forged = try await tt.post("/rounds/night-1/comments", Self.comment + [("csrf", (token.hasPrefix("A") ? "B" : "A") + token.dropFirst())])
            #expect(forged.status == .forbidden)
            #expect(forged.body.contains("the form has expired"))
            let missing = try await tt.post("/rounds/night-1/comments", Self.comment, withToken: false)
            #expect(missing.status == .forbidden)
            let other = Browser(client)
            try await other.signIn(fixture.accounts["JM"]!)
            let jmPage = try await other.get("/rounds/night-1")
            #expect(jmPage.status == .ok)
            let crossed = try await tt.post("/rounds/night-1/comments", Self.comment + [("csrf", other.csrf!)])
            #expect(crossed.status == .forbidden, "another session's token does not do")
            let signIn = Browser(client)
            try await signIn.get("/signin")
            let forgedSignIn = try await signIn.post("/signin", [("email", fixture.accounts["TT"]!), ("password", PortalFixture.password), ("csrf", "x")])
            #expect(forgedSignIn.status == .forbidden)
        }
        #expect(try fixture.currentRound().comments.isEmpty)
    }

    @Test func aPositionPostedForAnotherCountryIsForbiddenAndNothingIsWritten() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1/position")
            let forged = try await tt.post("/rounds/night-1/position", [("participant", "JM"), ("stance", "object"), ("reason", "forged")])
            #expect(forged.status == .forbidden)
            #expect(forged.body.contains("you speak for TT and may not write for JM"))
            let commentForJM = try await tt.post("/rounds/night-1/comments", Self.comment.filter { $0.0 != "participant" } + [("participant", "JM")])
            #expect(commentForJM.status == .forbidden)
            let own = try await tt.post(
                "/rounds/night-1/position",
                [("participant", "TT"), ("stance", "approve-with-comments"), ("reserve", "SOP-004#detection"), ("statement", "TT keeps two hours at night")])
            #expect(own.status == .seeOther)
        }
        let round = try fixture.currentRound()
        #expect(round.comments.isEmpty)
        #expect(Set(round.currentPositions.keys) == ["TT"])
        #expect(round.currentPositions["TT"]?.reservations.first?.sections == ["SOP-004#detection"])
    }

    @Test func observersCommentButNeverTakePositions() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let iom = Browser(client)
            try await iom.signIn(fixture.accounts["IOM"]!)
            let page = try await iom.get("/rounds/night-1")
            #expect(!page.body.contains("/rounds/night-1/position"))
            #expect(try await iom.get("/rounds/night-1/position").status == .forbidden)
            try await iom.get("/rounds/night-1")
            #expect(try await iom.post("/rounds/night-1/position", [("stance", "approve")]).status == .forbidden)
            let comment = try await iom.post("/rounds/night-1/comments", Self.comment.filter { $0.0 != "participant" })
            #expect(comment.status == .seeOther)
        }
        let round = try fixture.currentRound()
        #expect(round.comments.map(\.participant) == ["IOM"])
        #expect(round.positions.isEmpty)
    }

    @Test func nobodyReadsARoundTheyAreNotInvitedTo() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let bs = Browser(client)
            try await bs.signIn(fixture.accounts["BS"]!)
            let dashboard = try await bs.get("/")
            #expect(!dashboard.body.contains("Night interceptions"))
            for path in ["/rounds/night-1", "/rounds/night-1/changes", "/rounds/night-1/form.csv", "/rounds/night-1/form.xlsx", "/rounds/night-1/position"] {
                let page = try await bs.get(path)
                #expect(page.status == .notFound, "\(path): which rounds exist is not told")
                #expect(page.body.contains("there is no round &#39;night-1&#39; you take part in"), "\(path)")
            }
            try await bs.get("/")
            #expect(try await bs.post("/rounds/night-1/comments", Self.comment.filter { $0.0 != "participant" }).status == .notFound)
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            #expect(try await secretariat.get("/rounds/night-1").status == .ok, "the secretariat reads every round")
        }
        #expect(try fixture.currentRound().comments.isEmpty)
    }

    @Test func onlyTheSecretariatDisposesClosesRevisesOpensAndAdopts() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            try await tt.post("/rounds/night-1/comments", Self.comment + [("blocking", "yes")])
            let id = try fixture.currentRound().comments[0].id
            try await tt.get("/rounds/night-1")
            for (path, fields) in [
                ("/rounds/night-1/comments/\(id)/disposition", [("resolution", "accepted")]), ("/rounds/night-1/close", []),
                ("/rounds/night-1/revise", []), ("/rounds/night-1/adopt", []), ("/rounds", [("draft", "night"), ("closes", "2027-03-01")]),
            ] as [(String, [(String, String)])] {
                let page = try await tt.post(path, fields)
                #expect(page.status == .forbidden, "\(path)")
            }
            #expect(try fixture.currentRound().comments[0].disposition == nil)
            #expect(try fixture.currentRound().state == .open)
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let page = try await secretariat.get("/rounds/night-1")
            #expect(page.body.contains("/comments/\(id)/disposition"))
            let rejected = try await secretariat.post("/rounds/night-1/comments/\(id)/disposition", [("resolution", "rejected")])
            #expect(rejected.status == .badRequest, "a rejection needs a reason")
            let disposed = try await secretariat.post(
                "/rounds/night-1/comments/\(id)/disposition", [("resolution", "rejected"), ("reason", "Night operations are covered in 5.1.4")])
            #expect(disposed.status == .seeOther)
            #expect(disposed.location == "/rounds/night-1#c-\(id)")
            #expect(try await secretariat.get("/rounds/night-1").body.contains(#"id="c-\#(id)""#), "the redirect lands on the comment")
            let reply = try await tt.post("/rounds/night-1/comments/\(id)/replies", [("text", "Understood.")])
            #expect(reply.status == .seeOther)
            // Comments are rendered once and kept (CommentHTML): TT's page, seen before the
            // disposition, shows it and the reply now, with TT's rights and TT's form token.
            let after = try await tt.get("/rounds/night-1").body
            #expect(after.contains("Understood.") && after.contains("Night operations are covered in 5.1.4"), "\(after)")
            #expect(!after.contains("/comments/\(id)/disposition"), "TT has no disposition form")
            let token = try #require(tt.hidden("csrf", in: after))
            #expect(token != secretariat.hidden("csrf", in: page.body) && after.contains("/comments/\(id)/replies"))
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            try await jm.get("/rounds/night-1")
            #expect(try await jm.post("/rounds/night-1/comments/\(id)/clear", []).status == .forbidden, "only TT lifts its own comment")
            #expect(try await tt.post("/rounds/night-1/comments/\(id)/clear", []).status == .seeOther)
        }
        let comment = try fixture.currentRound().comments[0]
        #expect(comment.disposition?.resolution == .rejected)
        #expect(comment.replies.map(\.text) == ["Understood."])
        #expect(comment.cleared)
    }

    @Test func pathTraversalInAnyURLParameterIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let paths = [
                "/rounds/..%2F..%2Fetc%2Fpasswd", "/rounds/%2e%2e", "/rounds/night-1/comments/..%2F..%2Faccounts/replies",
                "/site/..%2F..%2Faccounts.json", "/site/%2e%2e/%2e%2e/config", "/site/.sop/manifest.json", "/site/procedures/..%2F..%2F..%2Fconfig",
                "/procedures/..%2F..%2Fconfig/history", "/procedures/SOP-004%2F..%2F..%2Fconfig/history", "/assets/..%2Fportal.css",
                "/assets/%2e%2e%2f%2e%2e%2faccounts.json", "/welcome/..%2F..%2Faccounts.json", "/rounds/night-1/comments/%2e%2e/disposition",
            ]
            for path in paths {
                let page = path.contains("/comments/") ? try await secretariat.post(path, [("resolution", "noted")]) : try await secretariat.get(path)
                #expect(page.status == .notFound || page.status == .forbidden, "\(path): \(page.status)")
                #expect(!page.body.contains("password"), "\(path)")
                if path.contains("/comments/") { try await secretariat.get("/") }
            }
        }
    }

    @Test func aTenMegabyteFormIsTooLargeAndWritesNothing() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let huge = String(repeating: "a", count: 10 * 1024 * 1024)
            let page = try await tt.post("/rounds/night-1/comments", Self.comment.filter { $0.0 != "text" } + [("text", huge)])
            #expect(page.status == .contentTooLarge)
        }
        #expect(try fixture.currentRound().comments.isEmpty)
    }

    @Test func twoOfficialsCommentingAtTheSameSecondBothLand() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let officials = try await withThrowingTaskGroup(of: Browser.self) { group in
                for code in ["TT", "JM", "BZ", "IOM"] {
                    group.addTask {
                        let browser = Browser(client)
                        try await browser.signIn(fixture.accounts[code]!)
                        try await browser.get("/rounds/night-1")
                        return browser
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for (index, browser) in officials.enumerated() {
                    group.addTask {
                        try await browser.post(
                            "/rounds/night-1/comments",
                            [("section", "SOP-004#detection"), ("type", "ge"), ("text", "Comment \(index) at the same second")]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther })
        }
        let round = try fixture.currentRound()
        #expect(round.comments.count == 4)
        #expect(Set(round.comments.map(\.participant)) == ["TT", "JM", "BZ", "IOM"])
    }

    @Test func theCommentFormDownloadsAndUploads() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let form = try await tt.get("/rounds/night-1/form.csv")
            #expect(form.status == .ok)
            #expect(form.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(form.body.contains("SOP-004#detection"))
            try await tt.get("/rounds/night-1")
            let csv = "\"Participant\",\"Comment No.\",\"Section ID\",\"Section\",\"Paragraph\",\"Type\",\"Comment\",\"Proposed change\",\"Secretariat observation\"\r\n"
                + "\"TT\",\"\",\"SOP-004#detection\",\"\",\"5.1.3\",\"te\",\"From the ministry, offline.\",\"\",\"\"\r\n"
            let upload = try await tt.upload("/rounds/night-1/form", field: "form", filename: "TT.csv", data: Data(csv.utf8), fields: [("participant", "TT")])
            #expect(upload.status == .seeOther)
            #expect(upload.location == "/rounds/night-1?imported=1")
            #expect(try await tt.get("/rounds/night-1?imported=1").body.contains("1 comment imported from the form."))
            let again = try await tt.upload("/rounds/night-1/form", field: "form", filename: "TT.csv", data: Data(csv.utf8), fields: [("participant", "TT")])
            #expect(again.status == .seeOther, "the same form twice records it once")
            #expect(try await tt.get(again.location ?? "").body.contains("No new comments: every row of the form was already recorded."))
            #expect(!(try await tt.get("/rounds/night-1?imported=%3Cscript%3E").body.contains("imported from the form")), "only a number is shown")
            let broken = try await tt.upload("/rounds/night-1/form", field: "form", filename: "bad.csv", data: Data("\"Participant\"\r\n\"TT\",\"x\"\r\n".utf8), fields: [])
            #expect(broken.status == .badRequest)
            #expect(broken.body.contains("bad.csv"))
        }
        #expect(try fixture.currentRound().comments.map(\.text) == ["From the ministry, offline."])
    }

    /// The form as an Excel workbook beside the CSV one, linked from the round page, and a
    /// filled-in workbook uploaded through the same form as a CSV file, told apart by content.
    @Test func theCommentFormDownloadsAsAWorkbookAndUploadsBack() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let page = try await tt.get("/rounds/night-1")
            #expect(page.body.contains("<a href=\"/rounds/night-1/form.xlsx\">Download the comment form (Excel workbook, .xlsx)</a>"))
            #expect(page.body.contains("<a href=\"/rounds/night-1/form.csv\">Download the comment form (CSV)</a>"))
            #expect(page.body.contains("Comment form (.xlsx or .csv)"))
            let form = try await tt.get("/rounds/night-1/form.xlsx")
            #expect(form.status == .ok)
            #expect(form.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(form.headers[.contentDisposition] == "attachment; filename=\"night-1-TT.xlsx\"")
            #expect(form.body.hasPrefix("PK\u{3}\u{4}"))

            try await tt.get("/rounds/night-1")
            let filled = try XLSX.write(
                Sheet(
                    name: "Observaciones",
                    rows: [CommentForm.columns, ["TT", "", "SOP-004#detection", "", "5.1.3", "te", "Desde el ministerio, sin conexión: «de noche»."]],
                    header: 0, columns: []))
            let upload = try await tt.upload("/rounds/night-1/form", field: "form", filename: "TT.xlsx", data: filled, fields: [("participant", "TT")])
            #expect(upload.status == .seeOther)
            #expect(upload.location == "/rounds/night-1?imported=1")
            try await tt.get("/rounds/night-1")
            let old = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
            let refused = try await tt.upload("/rounds/night-1/form", field: "form", filename: "TT.xls", data: old, fields: [("participant", "TT")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("TT.xls"), "the refusal names the file")
        }
        #expect(try fixture.currentRound().comments.map(\.text) == ["Desde el ministerio, sin conexión: «de noche»."])
    }

    @Test func theChangesAndTheHistoryPagesShowTheDraftAgainstTheTextInForce() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            let changes = try await jm.get("/rounds/night-1/changes")
            #expect(changes.status == .ok)
            #expect(changes.body.contains("within <del>two hours</del><ins>one hour</ins>"))
            #expect(changes.body.contains("the text in force"))
            #expect(try await jm.get("/rounds/night-1/changes?against=elsewhere").status == .badRequest)
            let history = try await jm.get("/procedures/SOP-004/history")
            #expect(history.status == .ok)
            #expect(history.body.contains("History of SOP-004"))
            #expect(try await jm.get("/procedures/SOP-999/history").status == .notFound)
            #expect(try await jm.get("/rounds/no-such-round").status == .notFound)
            #expect(try await jm.get("/no/such/page").status == .notFound)
        }
    }
}

extension Browser {
    /// Posts a `multipart/form-data` form with one file, as a browser's file input does.
    func upload(_ uri: String, field: String, filename: String, data: Data, fields: [(String, String)]) async throws -> Page {
        let boundary = "----sopboundary\(UUID().uuidString)"
        var body = Data()
        for (name, value) in fields + [("csrf", csrf ?? "")] {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        return try await send(uri, method: .post, body: ByteBuffer(bytes: body), type: "multipart/form-data; boundary=\(boundary)")
    }
}

/// The whole round in the portal: positions, close, adoption, and the set published.
@Suite struct AdoptionThroughThePortalTests {
    @Test func positionsCloseAdoptAndTheSetIsPublishedAndVerifies() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            for code in ["TT", "JM", "BZ"] {
                let official = Browser(client)
                try await official.signIn(fixture.accounts[code]!)
                let form = try await official.get("/rounds/night-1/position")
                #expect(form.body.contains(#"value="approve""#))
                let stated = try await official.post("/rounds/night-1/position", [("participant", code), ("stance", "approve")])
                #expect(stated.status == .seeOther, "\(code)")
            }
            let secretariat = Browser(client)
            try await secretariat.signIn(fixture.accounts["SEC"]!)
            let before = try await secretariat.get("/rounds/night-1")
            #expect(before.body.contains("result-adopted"))
            #expect(!before.body.contains("/rounds/night-1/adopt"), "adoption waits for the close")
            #expect(try await secretariat.post("/rounds/night-1/close", []).status == .seeOther)
            let closed = try await secretariat.get("/rounds/night-1")
            #expect(closed.body.contains(#"action="/rounds/night-1/adopt/preview""#))
            #expect(closed.body.contains(#"name="effective" type="date" required"#))
            let terms = [("version", "2027.1"), ("effective", "2027-03-01")]
            // The form leads to a preview that changes nothing; only its page can adopt.
            let preview = try await secretariat.post("/rounds/night-1/adopt/preview", terms)
            #expect(preview.status == .ok)
            #expect(preview.body.contains("Adopt as set/2027.1, in force from 1 March 2027"), "\(preview.body)")
            #expect(preview.body.contains("SOP-004"))
            #expect(try Workspace.open(fixture.root.path).repository.reference("refs/tags/set/2027.1") == nil)
            let basis = try #require(secretariat.hidden("basis", in: preview.body))
            #expect(try await secretariat.post("/rounds/night-1/adopt", terms).status == .conflict, "not without the preview")
            let adopted = try await secretariat.post("/rounds/night-1/adopt", terms + [("basis", basis)])
            #expect(adopted.status == .seeOther)
            #expect(adopted.location == "/rounds/night-1?adopted=2027.1")
            #expect(try await secretariat.get("/rounds/night-1?adopted=2027.1").body.contains("Adopted as version 2027.1 of the set"))
            #expect(try await secretariat.post("/rounds/night-1/adopt", [("version", "2027.2"), ("effective", "2027-03-01"), ("basis", basis)]).status != .seeOther, "adopted once")
            #expect(try await secretariat.get("/site/procedures/SOP-004.html").location == "http://localhost:8081/procedures/SOP-004.html")
        }
        try await fixture.site { client in
            let site = try await client.execute(uri: "/index.html", method: .get)
            #expect(site.status == .ok)
            #expect(String(buffer: site.body).contains("2027.1"))
            let procedure = try await client.execute(uri: "/procedures/SOP-004.html", method: .get)
            #expect(procedure.status == .ok)
            #expect(String(buffer: procedure.body).contains("within one hour"))
        }
        let reports = try Verification(try Workspace.open(fixture.root.path)).all()
        #expect(!reports.isEmpty)
        let failed = reports.flatMap(\.checks).filter { !$0.ok }.map(\.what)
        #expect(failed.isEmpty, "sop verify passes for positions signed by the portal")
        #expect(reports.flatMap(\.checks).contains { $0.what.contains("through the portal, account ana@immigration.gov.tt") }, "the record says who gave each position")
    }
}

/// Cross-references in the proposal lead somewhere in the portal.
@Suite struct CrossReferenceTests {
    @Test func linksToSectionsPointIntoThePageOrThePublishedSet() {
        #expect(RevisionView.destination("#boarding", in: "SOP-004", scope: ["SOP-004"]) == "#SOP-004--boarding")
        #expect(RevisionView.destination("SOP-005-information-exchange.md#issuing-alerts", in: "SOP-004", scope: ["SOP-004"])
            == "/site/procedures/SOP-005.html#issuing-alerts")
        #expect(RevisionView.destination("SOP-005-information-exchange.md", in: "SOP-004", scope: ["SOP-004", "SOP-005"]) == "#p-SOP-005")
        #expect(RevisionView.destination("https://www.unodc.org/", in: "SOP-004", scope: ["SOP-004"]) == nil)
        #expect(RevisionView.destination("../SOP-005-x.md", in: "SOP-004", scope: ["SOP-004"]) == nil)
    }
}
