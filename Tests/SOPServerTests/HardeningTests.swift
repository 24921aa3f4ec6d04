import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
@testable import SOPServer
import Testing

/// Attacks a reviewer tried on the portal, each kept as a test.
@Suite struct HardeningTests {
    @Test func strangersPostsAreRefusedBeforeTheirBodiesAreRead() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let stranger = Browser(client)
            let big = ByteBuffer(string: "csrf=x&text=" + String(repeating: "a", count: 5 * 1024 * 1024))
            let elsewhere = try await stranger.send("/rounds/night-1/comments", method: .post, body: big, type: "application/x-www-form-urlencoded")
            #expect(elsewhere.location == "/signin")
            try await stranger.get("/signin")
            let large = try await stranger.send("/signin", method: .post, body: ByteBuffer(string: String(repeating: "a", count: 20_000)), type: "application/x-www-form-urlencoded")
            #expect(large.status == .contentTooLarge, "a sign-in form is small")
            let multipart = try await stranger.send(
                "/signin", method: .post, body: ByteBuffer(string: "--x\r\n"), type: "multipart/form-data; boundary=x")
            #expect(multipart.status == .unsupportedMediaType)
        }
    }

    @Test func aLongMultipartBoundaryIsRefusedAtOnce() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let boundary = String(repeating: "-", count: 3_998)
            let body = ByteBuffer(string: String(repeating: String(repeating: "-", count: 3_999) + "x", count: 50))
            let page = try await tt.send("/rounds/night-1/form", method: .post, body: body, type: "multipart/form-data; boundary=\(boundary)")
            #expect(page.status == .badRequest)
            #expect(page.body.contains("boundary is not 1 to 70 characters"))
            try await tt.get("/rounds/night-1")
            let elsewhere = try await tt.send(
                "/rounds/night-1/comments", method: .post, body: ByteBuffer(string: "--x--\r\n"), type: "multipart/form-data; boundary=x")
            #expect(elsewhere.status == .unsupportedMediaType, "multipart only where files are uploaded")
        }
    }

    @Test func aSessionDoesNotComeBackWhenAnAccountIsMadeAgain() async throws {
        let fixture = try PortalFixture()
        let store = AccountStore(file: fixture.accountsFile, cost: 4)
        try await fixture.test { client, _ in
            let old = Browser(client)
            try await old.signIn(fixture.accounts["IOM"]!)
            #expect(try await old.get("/").status == .ok)
            try store.remove(fixture.accounts["IOM"]!)
            _ = try store.add(
                email: fixture.accounts["IOM"]!, name: "New desk officer", participant: Round.secretariat, role: .secretariat,
                set: try Consultation(fixture.workspace).protocolSet(at: "main"), now: fixture.clock.now)
            #expect(try await old.get("/").location == "/signin", "the old session belongs to the removed account")
        }
    }

    @Test func madeUpSignInLinksCostNothingAndAreLimited() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let stranger = Browser(client)
            try await stranger.get("/signin")
            let token = try #require(stranger.csrf)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<(SignInThrottle.perClient + 2) {
                let made = String(repeating: "A", count: 43)
                statuses.append(
                    try await stranger.post("/welcome/\(made)", [("password", "long enough password"), ("confirm", "long enough password"), ("csrf", token)]).status)
            }
            #expect(statuses.first == .notFound)
            #expect(statuses.last == .tooManyRequests)
        }
    }

    @Test func oneClientsWrongPasswordsNeverRefuseAnotherOfficialsRightOne() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let office = Browser(client)
            for index in 0..<SignInThrottle.perClient {
                _ = try await office.signIn("nobody\(index)@gov.tt", password: "wrong password here")
            }
            #expect(try await office.signIn("nobody@gov.tt", password: "wrong password here").status == .tooManyRequests)
            #expect(try await office.signIn(fixture.accounts["JM"]!).status == .seeOther, "the right password still signs in")
        }
    }

    @Test func behindAProxyTheForwardedAddressIsTheClient() async throws {
        let fixture = try PortalFixture()
        let clock = fixture.clock
        let portal = try Portal(
            PortalConfiguration(
                repository: fixture.root.path, accounts: fixture.accountsFile, keyDirectory: fixture.keys, bcryptCost: 4, behindProxy: true,
                now: { clock.now }, sessionClock: { clock.now }))
        try await buildApplication(portal).test(.router) { client in
            func attempt(from address: String) async throws -> HTTPResponse.Status {
                let page = try await client.execute(uri: "/signin", method: .get, headers: [.init("X-Forwarded-For")!: address])
                let cookie = page.headers[values: .setCookie].first { $0.hasPrefix("sop_form=") }!.split(separator: ";")[0]
                let token = String(cookie.dropFirst("sop_form=".count))
                let body = ByteBuffer(string: "csrf=\(token)&email=x\(UUID().uuidString.prefix(8))%40gov.tt&password=wrong+password+here")
                return try await client.execute(
                    uri: "/signin", method: .post,
                    headers: [.cookie: String(cookie), .contentType: "application/x-www-form-urlencoded", .init("X-Forwarded-For")!: "10.9.9.9, \(address)"],
                    body: body
                ).status
            }
            for _ in 0..<SignInThrottle.perClient { _ = try await attempt(from: "192.0.2.1") }
            #expect(try await attempt(from: "192.0.2.1") == .tooManyRequests)
            #expect(try await attempt(from: "192.0.2.2") == .unauthorized, "another office behind the same proxy is not held up")
        }
    }

    @Test func observersCannotHoldADecisionAndOversizedInputIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let iom = Browser(client)
            try await iom.signIn(fixture.accounts["IOM"]!)
            let page = try await iom.get("/rounds/night-1")
            #expect(!page.body.contains(#"name="blocking""#))
            let blocking = try await iom.post("/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "ge"), ("text", "Hold"), ("blocking", "yes")])
            #expect(blocking.status == .forbidden)
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            try await jm.get("/rounds/night-1")
            let quote = try await jm.post(
                "/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "ge"), ("text", "Long"), ("quote", String(repeating: "q", count: 100_000))])
            #expect(quote.status == .badRequest)
            #expect(quote.body.count < 20_000, "the refusal does not echo the whole quote")
            try await jm.get("/rounds/night-1/position")
            let statement = try await jm.post(
                "/rounds/night-1/position",
                [("participant", "JM"), ("stance", "approve"), ("reserve", "SOP-004#detection"), ("statement", String(repeating: "s", count: Round.maximumText + 1))])
            #expect(statement.status == .badRequest)
        }
        let round = try fixture.currentRound()
        #expect(round.comments.isEmpty)
        #expect(round.positions.isEmpty)
        let consultation = Consultation(fixture.workspace)
        #expect(throws: SOPError.self, "the rule holds for the CLI and sync too") {
            try consultation.addComments(
                [CommentDraft(section: "SOP-004#detection", type: .ge, text: "Hold", blocking: true)], round: fixture.round,
                as: Actor(participant: "IOM", author: .init(name: "Lee", email: "lee@iom.example.org")), now: fixture.clock.now)
        }
    }

    @Test func whatAClientSentCannotForgeALogLine() {
        let line = ErrorPages.loggable("x\n2027-01-11 info sop.portal: signed in\u{7}" + String(repeating: "y", count: 1_000))
        #expect(!line.contains("\n"))
        #expect(!line.contains("\u{7}"))
        #expect(line.count == 300)
    }
}

/// Mustache escapes by Character; a combining mark must not hide a quote or bracket from it.
@Suite struct EscapingTests {
    @Test func combiningMarksCannotHideAQuoteOrABracket() async throws {
        let hostile = "x\"\u{301} onmouseover=alert(1) <\u{301}img src=x>"
        #expect(Page.escapable(hostile) == "x\" onmouseover=alert(1) <img src=x>")
        #expect(Page.escapable("café déjà vu") == "café déjà vu", "ordinary accents stay")
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            try await jm.get("/rounds/night-1")
            #expect(try await jm.post("/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "ge"), ("text", hostile)]).status == .seeOther)
            let page = try await jm.get("/rounds/night-1")
            #expect(!page.body.contains("<img"))
            #expect(page.body.contains("x&quot; onmouseover=alert(1) &lt;img src=x&gt;"))
        }
    }
}

/// The multipart reader finds each part however the content repeats pieces of the boundary.
@Suite struct MultipartTests {
    @Test func partsAreFoundAcrossNearMissesOfTheBoundary() throws {
        let boundary = "aab-aab"
        let content = "--aab-aa --aab-aax --aab-aab-no? still content"
        let body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\(content.replacingOccurrences(of: "--aab-aab", with: "--aab-aaB"))\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"form\"; filename=\"TT.csv\"\r\n\r\nx,y\r\n--\(boundary)--\r\n"
        let form = try Form(multipart: Array(body.utf8), boundary: boundary)
        #expect(form["text"] == "--aab-aa --aab-aax --aab-aaB-no? still content")
        #expect(form.file("form")?.name == "TT.csv")
        #expect(form.file("form").map { String(decoding: $0.data, as: UTF8.self) } == "x,y")
        #expect(throws: PortalError.self) { try Form(multipart: Array(body.utf8), boundary: String(repeating: "b", count: 71)) }
    }
}
