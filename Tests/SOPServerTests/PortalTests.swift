import Foundation
import Hummingbird
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// Signing in, sessions and the officials' everyday pages, through Hummingbird's test client.
@Suite struct SessionTests {
    @Test func signedOutPagesSendToSignIn() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let browser = Browser(client)
            for path in ["/", "/rounds/night-1", "/rounds/night-1/position", "/rounds/night-1/changes", "/procedures/SOP-004/history"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther, "\(path)")
                #expect(page.location == "/signin", "\(path)")
            }
            let signin = try await browser.get("/signin")
            #expect(signin.status == .ok)
            #expect(signin.body.contains(#"<form method="post" action="/signin""#))
        }
    }

    @Test func signInSetsAProtectedCookieAndShowsTheDashboard() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let browser = Browser(client)
            let wrong = try await browser.signIn(fixture.accounts["TT"]!, password: "not the password at all")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.contains("is not right"))
            let signedIn = try await browser.signIn(fixture.accounts["TT"]!)
            #expect(signedIn.status == .seeOther)
            #expect(signedIn.location == "/")
            let cookie = try #require(browser.lastSetCookies.first { $0.hasPrefix("sop_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("SameSite=Strict"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == .ok)
            #expect(dashboard.body.contains("Night interceptions"))
            #expect(dashboard.body.contains("a position"), "TT still owes its position")
            #expect(dashboard.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(dashboard.headers[.cacheControl] == "no-store")
        }
    }

    @Test func pagesLoadedMeanwhileDoNotVoidTheSignInForm() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let browser = Browser(client)
            try await browser.get("/signin")
            let token = try #require(browser.csrf)
            #expect(try await browser.get("/favicon.ico").status == .noContent)
            #expect(try await browser.get("/no/such/page").status == .notFound)
            try await browser.get("/signin")
            #expect(browser.csrf == token, "another tab shows the same token")
            let signedIn = try await browser.post("/signin", [("email", fixture.accounts["TT"]!), ("password", PortalFixture.password), ("csrf", token)])
            #expect(signedIn.status == .seeOther)
        }
    }

    @Test func aSignInLinkSetsThePasswordOnce() async throws {
        let fixture = try PortalFixture()
        let store = AccountStore(file: fixture.accountsFile, cost: 4)
        let token = try store.reset(fixture.accounts["JM"]!, now: fixture.clock.now)
        try await fixture.test { client, _ in
            let browser = Browser(client)
            #expect(try await browser.signIn(fixture.accounts["JM"]!).status == .unauthorized, "a reset ends the old password")
            #expect(try await browser.get("/welcome/\(token)").status == .ok)
            let mismatch = try await browser.post("/welcome/\(token)", [("password", "a long enough password"), ("confirm", "another password here")])
            #expect(mismatch.status == .badRequest)
            #expect(try await browser.get("/welcome/\(token)").status == .ok)
            let short = try await browser.post("/welcome/\(token)", [("password", "short"), ("confirm", "short")])
            #expect(short.status == .badRequest)
            #expect(try await browser.get("/welcome/\(token)").status == .ok)
            let set = try await browser.post("/welcome/\(token)", [("password", "a long enough password"), ("confirm", "a long enough password")])
            #expect(set.status == .seeOther)
            #expect(try await browser.get("/").status == .ok, "setting the password signs in")
            let again = Browser(client)
            #expect(try await again.get("/welcome/\(token)").status == .notFound, "the link works once")
            #expect(try await again.signIn(fixture.accounts["JM"]!, password: "a long enough password").status == .seeOther)
        }
    }

    @Test func anExpiredSignInLinkIsRefused() async throws {
        let fixture = try PortalFixture()
        let token = try AccountStore(file: fixture.accountsFile, cost: 4).reset(fixture.accounts["JM"]!, now: fixture.clock.now)
        fixture.clock.advance(AccountStore.linkLifetime + 1)
        try await fixture.test { client, _ in
            let page = try await Browser(client).get("/welcome/\(token)")
            #expect(page.status == .notFound)
            #expect(page.body.contains("ask the secretariat for a new one"))
        }
    }

    @Test func aSessionCookieReplayedAfterSignOutIsRefused() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let browser = Browser(client)
            try await browser.signIn(fixture.accounts["TT"]!)
            let page = try await browser.get("/rounds/night-1")
            let stolen = browser.cookies
            let csrf = try #require(browser.csrf)
            #expect(try await browser.post("/signout", []).location == "/signin")
            let replay = Browser(client)
            replay.cookies = stolen
            #expect(try await replay.get("/").location == "/signin")
            let post = try await replay.post(
                "/rounds/night-1/comments", [("csrf", csrf), ("section", "SOP-004#detection"), ("type", "ge"), ("text", "replayed")])
            #expect(post.location == "/signin")
            #expect(try fixture.currentRound().comments.isEmpty, "nothing written")
            #expect(page.status == .ok)
        }
    }

    @Test func removingOrResettingAnAccountEndsItsSessions() async throws {
        let fixture = try PortalFixture()
        let store = AccountStore(file: fixture.accountsFile, cost: 4)
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            let jm = Browser(client)
            try await jm.signIn(fixture.accounts["JM"]!)
            #expect(try await tt.get("/").status == .ok)
            try store.remove(fixture.accounts["TT"]!)
            #expect(try await tt.get("/").location == "/signin")
            _ = try store.reset(fixture.accounts["JM"]!, now: fixture.clock.now)
            #expect(try await jm.get("/").location == "/signin")
        }
    }

    @Test func wrongPasswordsAreRateLimitedNotLockedOutForever() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let browser = Browser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<100 {
                statuses.append(try await browser.signIn(fixture.accounts["TT"]!, password: "guess guess guess").status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.dropFirst(5).allSatisfy { $0 == .tooManyRequests })
            let blocked = try await browser.signIn(fixture.accounts["TT"]!)
            #expect(blocked.status == .tooManyRequests, "even the right password waits")
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            #expect(try await Browser(client).signIn(fixture.accounts["JM"]!).status == .seeOther, "other accounts are not affected")
            fixture.clock.advance(16 * 60)
            #expect(try await browser.signIn(fixture.accounts["TT"]!).status == .seeOther, "allowed again after the window")
        }
    }
}
