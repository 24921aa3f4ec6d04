import Foundation
import Git
import Hummingbird
import NIOCore
import SOPKit

/// Headers every response carries: no scripts or styles from elsewhere, no framing, no
/// sniffing, and nothing cached that belongs to a signed-in official.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = PortalContext

    static let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

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
        if portal.configuration.behindProxy, let forwarded = request.headers[.init("X-Forwarded-For")!],
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            context.client = String(last.prefix(64))
        }
        if let token = request.cookies[FormCheck.formCookie]?.value, Secret.isWellFormed(token) { context.formToken = token }
        if let token = request.cookies[Self.sessionCookie]?.value, let session = portal.sessions.session(token, now: portal.sessionTime) {
            do {
                if let account = try portal.accounts.account(session.email), account.id == session.account, account.generation == session.generation {
                    context.identity = Identity(account: account, session: session, token: token)
                } else {
                    portal.sessions.end(token)
                }
            } catch {
                // A broken accounts file signs everyone out rather than failing every page.
                context.logger.error("cannot read the accounts", metadata: ["error": .string(ErrorPages.loggable("\(error)"))])
            }
        }
        context.language = portal.language(of: context.identity?.account, accepting: request.headers[values: .acceptLanguage].joined(separator: ","))
        context.path = request.uri.path
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

    /// The largest post a signed-out browser may send (a sign-in or password form).
    static let signedOutLimit = 16 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        var context = context
        var request = request
        let path = request.uri.path
        // Decided before the body is read, so that a stranger's post costs nothing.
        let signedOut = context.identity == nil
        if signedOut, path != "/signin", !path.hasPrefix("/welcome/") { throw PortalError(.signInRequired, "error.signIn") }
        let uploads = !signedOut && path.hasPrefix("/rounds/") && path.hasSuffix("/form")
        context.form = try await Self.readForm(
            &request, limit: signedOut ? Self.signedOutLimit : context.maxUploadSize, multipart: uploads)
        let sent = context.form["csrf"] ?? ""
        if let identity = context.identity {
            guard Secret.equal(sent, identity.session.csrf) else { throw Self.expired }
        } else {
            guard let cookie = request.cookies[Self.formCookie]?.value, Secret.isWellFormed(cookie), Secret.equal(sent, cookie) else {
                throw Self.expired
            }
        }
        return try await next(request, context)
    }

    static let expired = PortalError(.formExpired, "error.formExpired")

    /// Reads a form of at most `limit` bytes; `multipart` only where files are uploaded.
    static func readForm(_ request: inout Request, limit: Int, multipart: Bool) async throws -> Form {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let isMultipart = type.hasPrefix("multipart/form-data")
        if isMultipart, !multipart {
            throw PortalError(.unsupportedMedia, "error.notMultipart")
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw limit < 1_048_576
                ? PortalError(.tooLarge, "error.formTooLargeKB", ["size": String(limit / 1024)])
                : PortalError(.tooLarge, "error.formTooLargeMB", ["size": String(limit / 1_048_576)])
        }
        let bytes = Array(body.readableBytesView)
        if type.hasPrefix("application/x-www-form-urlencoded") { return try Form(urlEncoded: bytes) }
        if isMultipart, let range = type.range(of: "boundary=") {
            let original = request.headers[.contentType]!
            let boundary = String(original[original.index(original.startIndex, offsetBy: type.distance(from: type.startIndex, to: range.upperBound))...])
                .trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            return try Form(multipart: bytes, boundary: boundary)
        }
        if bytes.isEmpty { return Form() }
        throw PortalError(.unsupportedMedia, "error.formType")
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
        } catch let error as GitError {
            return page(PortalError(error), context)
        } catch is NIOTooManyBytesError {
            return page(PortalError(.tooLarge, "error.formTooLarge"), context)
        } catch let error as HTTPError where error.status == .notFound {
            return page(PortalError.notFound("error.noPage"), context)
        }
    }

    /// One line of at most 300 characters: what a client sent cannot forge log lines or fill the log.
    static func loggable(_ text: String) -> String {
        String(text.prefix(300).map { $0.isNewline || $0.asciiValue.map { $0 < 32 || $0 == 127 } == true ? " " : $0 })
    }

    private func page(_ error: PortalError, _ context: Context) -> Response {
        if error.code == .signInRequired {
            return Response(status: .seeOther, headers: error.headers)
        }
        context.logger.info(
            "refused", metadata: ["code": .string(error.code.rawValue), "reason": .string(Self.loggable(error.logged(portal.words(Catalogue.reference))))])
        let page = Page(portal, context)
        let words = page.words
        let (message, hint) = error.text(words)
        var values: [String: Any] = ["status": Int(error.status.code), "message": message]
        if let hint { values["hint"] = hint }
        if let retryAfter = error.retryAfter {
            values["retryAfterText"] = words.count(retryAfter, one: "error.retryAfterOne", many: "error.retryAfterMany")
        }
        if let link = error.link { values["link"] = ["href": link.href, "text": words.text(link.text)] }
        values["kept"] = error.kept.map { ["label": words.text($0.label), "text": $0.text] }
        values["hasKept"] = !error.kept.isEmpty
        var response = page.render("error", title: words.text("error.pageTitle"), values)
        response.status = error.status
        for field in error.headers { response.headers.append(field) }
        return response
    }
}
