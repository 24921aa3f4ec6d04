import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// Headers every response carries: no scripts or styles from elsewhere, no framing, no
/// sniffing, and nothing cached that belongs to a signed-in official.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = PortalContext

    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    /// The published site's print edition carries its CSS inline.
    static let sitePolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if response.headers[.contentSecurityPolicy] == nil { response.headers[.contentSecurityPolicy] = Self.policy }
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}

/// Finds the session of the request's cookie, so that every later step (error pages too)
/// knows who is signed in.
struct SessionLookup: RouterMiddleware {
    typealias Context = PortalContext
    let portal: Portal

    static let sessionCookie = "sop_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[FormCheck.formCookie]?.value, Secret.isWellFormed(token) { context.formToken = token }
        if let token = request.cookies[Self.sessionCookie]?.value, let session = portal.sessions.session(token, now: portal.now) {
            if let account = try portal.accounts.account(session.email), account.generation == session.generation {
                context.identity = Identity(account: account, session: session, token: token)
            } else {
                portal.sessions.end(token)
            }
        }
        return try await next(request, context)
    }
}

/// Reads a post's form and checks its CSRF token before any route sees it.
///
/// Signed in, a form must carry the session's token; signed out, only the sign-in and
/// password pages take posts, and their forms carry the token of a pre-session cookie.
struct FormCheck: RouterMiddleware {
    typealias Context = PortalContext

    static let formCookie = "sop_form"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        var request = request
        context.form = try await Self.readForm(&request, context: context)
        let sent = context.form["csrf"] ?? ""
        if let identity = context.identity {
            guard Secret.equal(sent, identity.session.csrf) else { throw Self.expired }
        } else {
            let path = request.uri.path
            guard path == "/signin" || path.hasPrefix("/welcome/") else { throw PortalError(.signInRequired, "please sign in") }
            guard let cookie = request.cookies[Self.formCookie]?.value, Secret.isWellFormed(cookie), Secret.equal(sent, cookie) else {
                throw Self.expired
            }
        }
        return try await next(request, context)
    }

    static let expired = PortalError(.formExpired, "the form has expired or did not come from this portal; go back, reload the page and send it again")

    static func readForm(_ request: inout Request, context: Context) async throws -> Form {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch is NIOTooManyBytesError {
            throw PortalError(.tooLarge, "the form is larger than \(context.maxUploadSize / 1_048_576) MB")
        }
        let bytes = Array(body.readableBytesView)
        if type.hasPrefix("application/x-www-form-urlencoded") { return try Form(urlEncoded: bytes) }
        if type.hasPrefix("multipart/form-data"), let range = type.range(of: "boundary=") {
            let original = request.headers[.contentType]!
            let boundary = String(original[original.index(original.startIndex, offsetBy: type.distance(from: type.startIndex, to: range.upperBound))...])
                .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return try Form(multipart: bytes, boundary: boundary)
        }
        if bytes.isEmpty { return Form() }
        throw PortalError(.unsupportedMedia, "forms are sent as application/x-www-form-urlencoded or multipart/form-data")
    }
}

/// Shows every refusal as a page of the portal's look, with the right status.
struct ErrorPages: RouterMiddleware {
    typealias Context = PortalContext
    let portal: Portal

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as PortalError {
            return page(error, context)
        } catch let error as SOPError {
            return page(PortalError(error), context)
        } catch is NIOTooManyBytesError {
            return page(PortalError(.tooLarge, "the form is too large"), context)
        } catch let error as HTTPError where error.status == .notFound {
            return page(PortalError.notFound("there is no such page"), context)
        }
    }

    private func page(_ error: PortalError, _ context: Context) -> Response {
        if error.code == .signInRequired {
            return Response(status: .seeOther, headers: error.headers)
        }
        context.logger.info("refused", metadata: ["code": .string(error.code.rawValue), "reason": .string(error.message)])
        var values: [String: Any] = ["status": Int(error.status.code), "message": error.message]
        if let retryAfter = error.retryAfter { values["retryAfter"] = retryAfter }
        var response = Page(portal, context).render("error", title: "Not done", values)
        response.status = error.status
        for field in error.headers { response.headers.append(field) }
        return response
    }
}
