import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// The published protocol set on an origin of its own (`sop serve --site-port`): the files
/// `sop publish` wrote, for anyone, with no sessions, cookies or forms.
///
/// Its pages come from templates and scripts on main, which any commit or replica can change;
/// on the portal's origin such a script could read a signed-in official's form token and post
/// in their name. Here it runs in a sandbox, on another origin, where nothing it does carries
/// a session.
struct PublishedSiteRoutes {
    let portal: Portal

    func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/index.html"]) }
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("**") { _, context in
            try portal.site.refresh(try portal.workspace())
            let (data, type) = try portal.site.file(context.parameters.getCatchAll().joined(separator: "/"))
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// Headers of every response of the published set's origin: a sandbox (an opaque origin, no
/// forms, no top-level navigation by script), no form may be sent anywhere, no framing, and no
/// cookie is ever set or read.
struct PublishedSiteHeaders<Context: RequestContext>: RouterMiddleware {
    static var policy: String {
        "sandbox allow-scripts; default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
            + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
    }
    /// Browsers refuse to show a PDF under a sandbox; a PDF runs none of the site's scripts.
    static var documentPolicy: String { "default-src 'none'; frame-ancestors 'none'; form-action 'none'" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as PortalError {
            response = try error.response(from: request, context: context)
        }
        response.headers[.setCookie] = nil
        let isPDF = response.headers[.contentType] == PublishedSite.types["pdf"]
        response.headers[.contentSecurityPolicy] = isPDF ? Self.documentPolicy : Self.policy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "no-referrer"
        response.headers[.init("Cross-Origin-Opener-Policy")!] = "same-origin"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-cache" }
        return response
    }
}
