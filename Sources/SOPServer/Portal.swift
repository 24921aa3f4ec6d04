import Foundation
import SOPKit

/// How `sop serve` runs: which repository, where the accounts are, where it listens.
public struct PortalConfiguration: Sendable {
    /// The workspace (or bare repository) the portal reads and writes.
    public var repository: String
    /// The accounts file; `.git/sop/accounts.json` when nil.
    public var accounts: URL?
    public var host: String
    public var port: Int
    /// The port of the published set: an origin of its own, which never sees a session, so
    /// that nothing a commit on main puts into the site can act for a signed-in official.
    public var sitePort: Int
    /// Where browsers reach the published set (behind a proxy, its public address); when nil,
    /// the portal's host name as the browser sent it, on `sitePort`.
    public var siteURL: String?
    /// The operator's own portal templates; when nil, those installed with sop. Never those
    /// on main: a replica's commit must not put scripts or forms on the portal's origin.
    public var templates: URL?
    /// Where the private keys are; the portal's is `portal.key`.
    public var keyDirectory: URL
    /// bcrypt's cost for new passwords (12; tests use 4).
    public var bcryptCost: UInt8
    /// Whether cookies carry `Secure` (browsers keep such cookies on https and on localhost).
    public var secureCookies: Bool
    /// Behind a reverse proxy, the client is the last address of `X-Forwarded-For` (the one
    /// the proxy added) rather than the proxy's own, for sign-in limits and logs.
    public var behindProxy: Bool
    /// The consultation's clock, for events and sign-in links; `SOP_NOW` fixes it for demos.
    public var now: @Sendable () -> Date
    /// The clock of sessions and sign-in rate limits, which always runs (even when `SOP_NOW`
    /// fixes the consultation's), so that a wait for another sign-in attempt ends.
    public var sessionClock: @Sendable () -> Date

    public init(
        repository: String, accounts: URL? = nil, host: String = "127.0.0.1", port: Int = 8080, sitePort: Int? = nil, siteURL: String? = nil,
        templates: URL? = nil, keyDirectory: URL = KeyPair.directory,
        bcryptCost: UInt8 = 12, secureCookies: Bool = true, behindProxy: Bool = false, now: @escaping @Sendable () -> Date = { Timestamp.now() },
        sessionClock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.repository = repository
        self.accounts = accounts
        self.host = host
        self.port = port
        self.sitePort = sitePort ?? port + 1
        self.siteURL = siteURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        self.templates = templates
        self.keyDirectory = keyDirectory
        self.bcryptCost = bcryptCost
        self.secureCookies = secureCookies
        self.behindProxy = behindProxy
        self.now = now
        self.sessionClock = sessionClock
    }
}

/// What every request of the portal shares: the repository's location, the accounts, the
/// sessions, the portal's key, the page templates and the catalogue of their words.
///
/// libgit2 handles are not shared between threads, so each request opens the repository.
public final class Portal: Sendable {
    public let configuration: PortalConfiguration
    public let accounts: AccountStore
    let sessions = SessionStore()
    let throttle = SignInThrottle()
    let templates: SiteTemplates
    /// The pages' words in every language, from `messages/` beside the templates.
    public let catalogue: Catalogue
    let key: KeyPair
    let revisions = RevisionViews()
    let commentHTML = CommentHTML()
    let rounds = RoundMemory()
    let site: PublishedSite

    /// The templates every portal needs (the round page renders each comment with
    /// `comment`); the others in `Templates/portal/` are partials.
    static let pages = ["signin", "welcome", "dashboard", "round", "comment", "changes", "position", "history", "error"]
    static let templateDirectory = Workspace.templatesDirectory + "/portal"

    /// Opens the repository and checks that the portal can sign: its key must be in the key
    /// folder and registered in set.yaml on main.
    public init(_ configuration: PortalConfiguration) throws {
        self.configuration = configuration
        let workspace = try Workspace.open(configuration.repository)
        accounts = AccountStore(file: configuration.accounts ?? AccountStore.defaultFile(for: workspace), cost: configuration.bcryptCost)
        guard let key = try KeyPair.load(for: KeyRegistry.portal, in: configuration.keyDirectory) else {
            throw SOPError(
                .notFound, "no key for the portal in \(configuration.keyDirectory.path); the portal signs what officials do in it",
                hint: "create and register it on main: `sop key new --as portal --name \"Consultation portal\" --register`")
        }
        let consultation = Consultation(workspace)
        consultation.keyDirectory = configuration.keyDirectory
        self.key = try consultation.registered(key, now: configuration.now())
        templates = try SiteTemplates.load(folder: configuration.templates?.path, revision: nil, directory: Portal.templateDirectory, pages: Portal.pages)
        catalogue = try Catalogue.load(templates: configuration.templates?.path, directory: Portal.templateDirectory)
        site = PublishedSite(folder: URL(fileURLWithPath: workspace.repository.gitDirectory).appendingPathComponent("sop/portal-site"))
    }

    /// The published set's address for a browser that reached the portal as `host` (the
    /// request's Host header): the configured one, or that host name on the site's port.
    public func siteURL(host: String?) -> String {
        if let url = configuration.siteURL { return url }
        let name = host.map { host -> Substring in
            host.hasPrefix("[") ? host[...(host.firstIndex(of: "]") ?? host.index(before: host.endIndex))] : host.split(separator: ":").first ?? ""
        } ?? ""
        let plain = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || ".-[]:".contains($0)) }
        return "http://\(plain ? String(name) : "localhost"):\(configuration.sitePort)/"
    }

    /// The catalogue of the shipped templates, which `sop user` writes sign-in messages from.
    public static func shippedCatalogue() throws -> Catalogue { try Catalogue.load(templates: nil, directory: templateDirectory) }

    /// The language of a request's pages: the account's when it has one the catalogue has,
    /// else the best of the browser's, else English.
    func language(of account: Account?, accepting: String?) -> String {
        if let chosen = account?.language, catalogue.languages.contains(chosen) { return chosen }
        return catalogue.language(accepting: accepting)
    }

    func words(_ language: String, zone: TimeZone? = nil) -> Words { Words(catalogue: catalogue, language: language, zone: zone) }

    var now: Date { configuration.now() }
    var sessionTime: Date { configuration.sessionClock() }

    /// A workspace of its own for one request.
    func workspace() throws -> Workspace { try Workspace.open(configuration.repository) }

    /// Consultation that signs with the portal's key on behalf of the signed-in official.
    func consultation(_ workspace: Workspace) -> Consultation {
        let consultation = Consultation(workspace)
        consultation.keyDirectory = configuration.keyDirectory
        consultation.portalKey = key
        consultation.log.memory = rounds
        return consultation
    }
}
