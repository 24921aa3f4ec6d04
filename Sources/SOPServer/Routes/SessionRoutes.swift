import Foundation
import Hummingbird
import SOPKit

/// Signing in and out, and setting a password with a one-time sign-in link.
struct SessionRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.get("signin") { _, context in
            if context.identity != nil { return Page.redirect("/") }
            return Page(portal, context).render("signin", title: "Sign in", [:])
        }
        router.post("signin", use: signIn)
        router.post("signout") { _, context in
            let identity = try context.signedIn()
            portal.sessions.end(identity.token)
            var response = Page.redirect("/signin")
            response.setCookie(Page(portal, context).cookie(SessionLookup.sessionCookie, "", maxAge: 0))
            return response
        }
        router.get("welcome/{token}") { _, context in
            let token = try context.parameters.require("token")
            guard let account = try portal.accounts.account(forLink: token, now: portal.now) else {
                throw PortalError.notFound("this sign-in link is not valid: it was used already, replaced or expired; ask the secretariat for a new one")
            }
            return Page(portal, context).render("welcome", title: "Set your password", ["name": account.name, "email": account.email, "token": token])
        }
        router.post("welcome/{token}") { _, context in
            let token = try context.parameters.require("token")
            // Checked before the password is hashed, so a made-up link costs nothing; made-up
            // links count against the client like wrong passwords.
            guard try portal.accounts.account(forLink: token, now: portal.now) != nil else {
                portal.throttle.failed(client: context.client, now: portal.sessionTime)
                if let wait = portal.throttle.clientWait(context.client, now: portal.sessionTime) { throw SessionRoutes.tooMany(wait) }
                throw PortalError.notFound("this sign-in link is not valid: it was used already, replaced or expired; ask the secretariat for a new one")
            }
            guard let password = context.form.fields["password"]?.first, password == context.form.fields["confirm"]?.first else {
                throw PortalError.badRequest("the two passwords are not the same; go back and type them again")
            }
            let account = try portal.accounts.setPassword(token: token, password: password, now: portal.now)
            return startSession(account, context)
        }
    }

    @Sendable func signIn(_ request: Request, context: PortalContext) async throws -> Response {
        // Anything that is not an address is not looked up, logged or remembered as typed.
        let email = (try? Account.normalized(email: context.form["email"] ?? "")) ?? "not-an-address"
        let password = context.form.fields["password"]?.first ?? ""
        let now = portal.sessionTime
        if let wait = portal.throttle.admit(email: email, now: now) { throw Self.tooMany(wait) }
        guard let account = try portal.accounts.verify(email: email, password: password) else {
            let clientWait = portal.throttle.clientWait(context.client, now: now)
            portal.throttle.failed(client: context.client, now: now)
            context.logger.notice("sign-in failed", metadata: ["email": .string(email), "client": .string(context.client)])
            if let clientWait { throw Self.tooMany(clientWait) }
            var response = Page(portal, context).render("signin", title: "Sign in", ["email": email, "failed": true])
            response.status = .unauthorized
            return response
        }
        portal.throttle.succeeded(email: email)
        return startSession(account, context)
    }

    static func tooMany(_ wait: TimeInterval) -> PortalError {
        let minutes = Int((wait / 60).rounded(.up))
        return PortalError(
            .tooManyAttempts, "too many failed attempts; try again in \(minutes) minute\(minutes == 1 ? "" : "s")", retryAfter: Int(wait.rounded(.up)))
    }

    private func startSession(_ account: Account, _ context: PortalContext) -> Response {
        let (token, _) = portal.sessions.start(for: account, now: portal.sessionTime)
        context.logger.info("signed in", metadata: ["account": .string(account.email)])
        var response = Page.redirect("/")
        response.setCookie(Page(portal, context).cookie(SessionLookup.sessionCookie, token))
        return response
    }
}
