import Hummingbird
import NIOCore
import SOPKit

/// Who is signed in on this request.
struct Identity: Sendable {
    var account: Account
    var session: Session
    /// The cookie's token, to end the session on sign-out.
    var token: String
}

/// The request context of every portal route: the client's address (for rate limits), the
/// signed-in official, and the posted form (read and CSRF-checked before any route runs).
public struct PortalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address (behind a trusted proxy, the one it forwarded), or `local` in tests.
    public internal(set) var client: String
    var identity: Identity?
    /// The signed-out browser's pre-session token (`sop_form` cookie), kept across pages so
    /// that a page loaded meanwhile (another tab, a missing favicon) does not void a form.
    var formToken: String?
    var form = Form()
    /// The language of the pages: the account's, else the browser's (Accept-Language), else English.
    var language = Catalogue.reference
    /// The page's own path, where the language form comes back to.
    var path = "/"

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "local"
    }

    /// The largest form post: a comment form upload with room to spare.
    public var maxUploadSize: Int { 6 * 1024 * 1024 }

    /// The signed-in official, or a redirect to the sign-in page.
    func signedIn() throws -> Identity {
        guard let identity else { throw PortalError(.signInRequired, "error.signIn") }
        return identity
    }

    /// The signed-in official when they belong to the secretariat.
    func secretariat() throws -> Identity {
        let identity = try signedIn()
        guard identity.account.isSecretariat else { throw PortalError.forbidden("error.secretariatOnly") }
        return identity
    }
}
