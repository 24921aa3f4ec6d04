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

    /// Words of the catalogue (`Templates/portal/messages/`): a key and the values of its
    /// placeholders, written out in the language of the request that is refused.
    public struct Message: Sendable, Equatable {
        public let key: String
        public let values: [String: String]

        public init(_ key: String, _ values: [String: String] = [:]) {
            self.key = key
            self.values = values
        }
    }

    public var code: Code
    public var message: Message
    /// What the official can do next, when there is something.
    public var hint: Message?
    /// Seconds after which trying again makes sense (429).
    public var retryAfter: Int?
    /// What went wrong on the server, for its log only (paths, libgit2's words).
    public var detail: String?
    /// A refusal of the library: shown by its name (``SOPKit/SOPError/Reason``) where it has one,
    /// else in its own (English) words to a reader of English and by its code in the other
    /// languages; always written to the log in its own words.
    public var original: SOPError?
    /// The file and line a refusal is about (`form.csv:3`), shown before the message in every language.
    public var place: String?
    /// Where the official reads up before trying again (the changes since the text they read).
    public var link: Link?
    /// What the official typed, shown again so that a refusal loses none of it.
    public var kept: [Kept] = []

    public struct Link: Sendable {
        public let href: String
        public let text: Message
    }

    public struct Kept: Sendable {
        public let label: Message
        public let text: String
    }

    /// A refusal in the catalogue's words: `message` and `hint` are keys, `values` fill both.
    public init(_ code: Code, _ message: String, _ values: [String: String] = [:], hint: String? = nil, retryAfter: Int? = nil) {
        self.code = code
        self.message = Message(message, values)
        self.hint = hint.map { Message($0, values) }
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

    /// Plain text, for when the page template itself cannot be used (the published set's
    /// origin, which has no catalogue): the status, in HTTP's own words.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "\(status.code) \(status.reasonPhrase)\n")))
    }

    /// A library error as the page a browser should see. A failure to read or write the
    /// repository is the server's, not the official's: its details go to the log, and the
    /// page says whom to tell. Any other refusal keeps the library's words for readers of
    /// English; the others read the catalogue's text for its code (so that a French official
    /// never reads English), with the file and line when it was about a file.
    init(_ error: SOPError) {
        /// The refusal by its name where the library gives one, else by its code.
        func refusal(_ code: Code, _ key: String, _ hint: String) -> PortalError {
            var refusal = error.reason.map { PortalError(code, "refusal.\($0.key.rawValue)", $0.values) } ?? PortalError(code, key, hint: hint)
            refusal.original = error
            refusal.place = error.location?.description
            return refusal
        }
        switch error.code {
        case .io, .git:
            self.init(.serverFault, "error.repository", hint: "error.repositoryHint")
            detail = error.description
        case .notFound: self = refusal(.notFound, "refusal.notFound", "refusal.notFoundHint")
        case .forbidden: self = refusal(.forbidden, "refusal.forbidden", "refusal.forbiddenHint")
        case .textChanged: self = refusal(.conflict, "refusal.textChanged", "refusal.textChangedHint")
        case .conflict: self = refusal(.conflict, "refusal.conflict", "refusal.conflictHint")
        case .exists: self = refusal(.conflict, "refusal.exists", "refusal.existsHint")
        case .tooLarge: self = refusal(.tooLarge, "refusal.tooLarge", "refusal.tooLargeHint")
        case .invalidFile: self = refusal(.badRequest, "refusal.invalidFile", "refusal.invalidFileHint")
        default: self = refusal(.badRequest, "refusal.invalidArgument", "refusal.invalidArgumentHint")
        }
    }

    /// A libgit2 failure that reached the portal as it is: the server's fault too, with
    /// libgit2's words in the log. A locked reference is one a writer holds, or one a killed
    /// writer left, which sop takes for stale once it is 30 seconds old: trying again helps.
    init(_ error: GitError) {
        if error.code == .locked {
            self.init(.serverFault, "error.locked", hint: "error.lockedHint")
        } else {
            self.init(.serverFault, "error.repository", hint: "error.repositoryHint")
        }
        detail = error.description
    }

    /// The refusal in `words`' language: the catalogue's words for a refusal the library names
    /// (written for officials, not in the command line's terms), else the library's own words
    /// for English and the catalogue's words for its code in the other languages.
    func text(_ words: Words) -> (message: String, hint: String?) {
        let place = self.place.map { $0 + ": " } ?? ""
        if let original, original.reason == nil, words.language == Catalogue.reference { return (place + original.message, original.hint) }
        return (place + words.text(message), hint.map(words.text))
    }

    /// What the log says: the server's detail, else the library's words, else the English text.
    func logged(_ english: Words) -> String {
        detail ?? original?.description ?? english.text(message)
    }

    static func forbidden(_ message: String, _ values: [String: String] = [:]) -> PortalError { PortalError(.forbidden, message, values) }
    static func notFound(_ message: String, _ values: [String: String] = [:]) -> PortalError { PortalError(.notFound, message, values) }
    static func badRequest(_ message: String, _ values: [String: String] = [:]) -> PortalError { PortalError(.badRequest, message, values) }
}
