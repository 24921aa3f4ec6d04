import Git
import Hummingbird
import NIOCore
import SOPKit

/// A refusal the portal shows as a page, with the HTTP status it stands for.
///
/// `Code` is an open set of constants so that new refusals never break callers.
public struct PortalError: Error, Sendable, HTTPResponseError {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let signInRequired = Code(rawValue: "sign-in-required")
        public static let forbidden = Code(rawValue: "forbidden")
        public static let notFound = Code(rawValue: "not-found")
        public static let badRequest = Code(rawValue: "bad-request")
        public static let formExpired = Code(rawValue: "form-expired")
        public static let tooManyAttempts = Code(rawValue: "too-many-attempts")
        public static let tooLarge = Code(rawValue: "too-large")
        public static let conflict = Code(rawValue: "conflict")
        public static let unsupportedMedia = Code(rawValue: "unsupported-media")
        /// The portal could not read or write its own files (500).
        public static let serverFault = Code(rawValue: "server-fault")
    }

    public var code: Code
    public var message: String
    /// What the official can do next, when there is something.
    public var hint: String?
    /// Seconds after which trying again makes sense (429).
    public var retryAfter: Int?
    /// What went wrong on the server, for its log only (paths, libgit2's words).
    public var detail: String?
    /// Where the official reads up before trying again (the changes since the text they read).
    public var link: Link?
    /// What the official typed, shown again so that a refusal loses none of it.
    public var kept: [Kept] = []

    public struct Link: Sendable {
        public let href: String
        public let text: String
    }

    public struct Kept: Sendable {
        public let label: String
        public let text: String
    }

    public init(_ code: Code, _ message: String, hint: String? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.retryAfter = retryAfter
    }

    public var status: HTTPResponse.Status {
        switch code {
        case .signInRequired: return .seeOther
        case .forbidden, .formExpired: return .forbidden
        case .notFound: return .notFound
        case .tooManyAttempts: return .tooManyRequests
        case .tooLarge: return .contentTooLarge
        case .conflict: return .conflict
        case .unsupportedMedia: return .unsupportedMediaType
        case .serverFault: return .internalServerError
        default: return .badRequest
        }
    }

    public var headers: HTTPFields {
        var headers = HTTPFields()
        if code == .signInRequired { headers[.location] = "/signin" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return headers
    }

    /// Plain text, for when the page template itself cannot be used.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }

    /// A library error as the page a browser should see, with the library's hint. A failure
    /// to read or write the repository is the server's, not the official's: its details go
    /// to the log, and the page says whom to tell.
    init(_ error: SOPError) {
        let place = error.location.map { "\($0): " } ?? ""
        switch error.code {
        case .io, .git:
            self.init(.serverFault, "the portal could not read or write its repository", hint: "try again; if it keeps failing, tell the secretariat")
            detail = place + error.message
            return
        case .notFound: self.init(.notFound, place + error.message, hint: error.hint)
        case .forbidden: self.init(.forbidden, place + error.message, hint: error.hint)
        case .conflict, .exists, .textChanged: self.init(.conflict, place + error.message, hint: error.hint)
        case .tooLarge: self.init(.tooLarge, place + error.message, hint: error.hint)
        default: self.init(.badRequest, place + error.message, hint: error.hint)
        }
    }

    /// A libgit2 failure that reached the portal as it is: the server's fault too, with
    /// libgit2's words in the log. A locked reference is one a writer holds, or one a killed
    /// writer left, which sop takes for stale once it is 30 seconds old: trying again helps.
    init(_ error: GitError) {
        if error.code == .locked {
            self.init(.serverFault, "the portal could not write to its repository: another write holds its lock", hint: "try again in a minute")
        } else {
            self.init(.serverFault, "the portal could not read or write its repository", hint: "try again; if it keeps failing, tell the secretariat")
        }
        detail = error.description
    }

    static func forbidden(_ message: String) -> PortalError { PortalError(.forbidden, message) }
    static func notFound(_ message: String) -> PortalError { PortalError(.notFound, message) }
    static func badRequest(_ message: String) -> PortalError { PortalError(.badRequest, message) }
}
