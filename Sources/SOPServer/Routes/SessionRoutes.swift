import Foundation
import Hummingbird
import SOPKit

/// Signing in and out, setting a password with a one-time sign-in link, and choosing the
/// language of the portal.
struct SessionRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.get("signin") { _, context in
            if context.identity != nil { return Page.redirect("/") }
            let page = Page(portal, context)
            return page.render("signin", title: page.words.text("signin.title"), [:])
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
                throw PortalError.notFound("error.badLink")
            }
            // The link says who is reading: the page is in their language, when they chose one.
            let page = Page(portal, context, language: account.language)
            return page.render("welcome", title: page.words.text("welcome.title"), ["name": account.name, "email": account.email, "token": token])
        }
        router.post("language") { _, context in
            let identity = try context.signedIn()
            guard let language = context.form["language"], portal.catalogue.languages.contains(language) else {
                throw PortalError.badRequest("error.unknownLanguage", ["languages": portal.catalogue.languages.joined(separator: ", ")])
            }
            try portal.accounts.setLanguage(identity.account.email, to: language)
            context.logger.info("language chosen", metadata: ["account": .string(identity.account.email), "language": .string(language)])
            return Page.redirect(SessionRoutes.back(context.form["back"]))
        }
        router.post("welcome/{token}") { _, context in
            let token = try context.parameters.require("token")
            // Checked before the password is hashed, so a made-up link costs nothing; made-up
            // links count against the client like wrong passwords.
            guard try portal.accounts.account(forLink: token, now: portal.now) != nil else {
                portal.throttle.failed(client: context.client, now: portal.sessionTime)
                if let wait = portal.throttle.clientWait(context.client, now: portal.sessionTime) { throw SessionRoutes.tooMany(wait) }
                throw PortalError.notFound("error.badLink")
            }
            guard let password = context.form.fields["password"]?.first, password == context.form.fields["confirm"]?.first else {
                throw PortalError.badRequest("error.passwordsDiffer")
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
            let page = Page(portal, context)
            var response = page.render("signin", title: page.words.text("signin.title"), ["email": email, "failed": true])
            response.status = .unauthorized
            return response
        }
        portal.throttle.succeeded(email: email)
        return startSession(account, context)
    }

    static func tooMany(_ wait: TimeInterval) -> PortalError {
        let minutes = Int((wait / 60).rounded(.up))
        return PortalError(
            .tooManyAttempts, minutes == 1 ? "error.tooManyOne" : "error.tooManyMany", ["count": String(minutes)], retryAfter: Int(wait.rounded(.up)))
    }

    /// Where the language form returns: the portal page it was sent from, never another site.
    static func back(_ path: String?) -> String {
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"), path.count <= 300,
            path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/-_.".contains($0)) })
        else { return "/" }
        return path
    }

    private func startSession(_ account: Account, _ context: PortalContext) -> Response {
        let (token, _) = portal.sessions.start(for: account, now: portal.sessionTime)
        context.logger.info("signed in", metadata: ["account": .string(account.email)])
        var response = Page.redirect("/")
        response.setCookie(Page(portal, context).cookie(SessionLookup.sessionCookie, token))
        return response
    }
}
