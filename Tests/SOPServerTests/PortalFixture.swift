import Foundation
import Git
import Hummingbird
import Logging
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// A settable clock, so tests can move time past rate-limit windows and deadlines.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ date: Date) { current = date }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A sample workspace with the portal's and the secretariat's keys registered, a draft that
/// changes SOP-004, a round on it (TT, JM, BZ and the observer IOM invited), and one account
/// per role. Removed after the test.
final class PortalFixture: @unchecked Sendable {
    let url: URL
    let keys: URL
    let workspace: Workspace
    let clock = TestClock(Timestamp.parse("2027-01-05T09:00Z")!)
    let round = "night-1"
    static let password = "correct horse battery staple"
    let secretariat = Actor(participant: "secretariat", author: Signature(name: "Secretariat", email: "sec@example.org"))

    /// E-mail addresses by the name tests use.
    let accounts = [
        "TT": "ana@immigration.gov.tt", "JM": "paul@pica.gov.jm", "BZ": "maria@immigration.gov.bz",
        "IOM": "lee@iom.example.org", "BS": "kim@immigration.gov.bs", "SEC": "desk@cmc.example.org",
    ]

    init(draftEdit: ((String) -> String)? = nil) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sop-portal-\(UUID().uuidString)")
        keys = url.appendingPathComponent("keys")
        workspace = try Workspace.create(at: url.appendingPathComponent("ws").path, sample: true, author: secretariat.author).0
        let added = Timestamp.parse("2027-01-01T00:00Z")!
        var rootKey: KeyPair?
        for holder in [Round.secretariat, KeyRegistry.portal] {
            let pair = KeyPair.generate(participant: holder, name: "Key of \(holder)", role: nil)
            _ = try pair.save(in: keys)
            _ = try workspace.registerKey(pair.publicKey, name: pair.name, role: nil, for: holder, signer: rootKey ?? pair, author: secretariat.author, now: added)
            rootKey = rootKey ?? pair
        }
        _ = try Drafts(workspace).start("night")
        let path = root.appendingPathComponent(PortalFixture.procedure)
        let text = try String(contentsOf: path, encoding: .utf8)
        try Data((draftEdit ?? { $0.replacingOccurrences(of: "within two hours", with: "within one hour") })(text).utf8).write(to: path)
        _ = try Drafts(workspace).save(message: "Tighten reporting", author: secretariat.author)
        let consultation = Consultation(workspace)
        consultation.keyDirectory = keys
        _ = try consultation.open(
            draft: "night", invitation: .only(["TT", "JM", "BZ", "IOM"]), closes: Timestamp.parse("2027-02-01T17:00Z")!, rule: nil,
            title: "Night interceptions", as: secretariat, now: clock.now)
        let store = AccountStore(file: accountsFile, cost: 4)
        let set = try consultation.protocolSet(at: "main")
        for (code, email) in accounts {
            let isSecretariat = code == "SEC"
            let token = try store.add(
                email: email, name: "Official \(code)", participant: isSecretariat ? Round.secretariat : code,
                role: isSecretariat ? .secretariat : nil, set: set, now: clock.now)
            _ = try store.setPassword(token: token, password: PortalFixture.password, now: clock.now)
        }
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    static let procedure = "Procedures/SOP-004-maritime-interception.md"
    var root: URL { url.appendingPathComponent("ws") }
    var accountsFile: URL { url.appendingPathComponent("accounts.json") }

    func portal() throws -> Portal {
        let clock = self.clock
        return try Portal(
            PortalConfiguration(
                repository: root.path, accounts: accountsFile, keyDirectory: keys, bcryptCost: 4, now: { clock.now }, sessionClock: { clock.now }))
    }

    /// Runs `test` against the published set's own origin, as `sop serve` serves it beside the portal.
    func site<Value: Sendable>(_ test: @escaping @Sendable (any TestClientProtocol) async throws -> Value) async throws -> Value {
        var quiet = Logger(label: "sop.site.test")
        quiet.logLevel = .critical
        return try await buildSiteApplication(try portal(), logger: quiet).test(.router) { client in try await test(client) }
    }

    /// Changes the draft's SOP-004 with `edit` and consults on it as the round's next revision,
    /// as the secretariat would between an official's page load and their post.
    func revise(_ edit: (String) -> String) throws { try revise(PortalFixture.procedure, edit) }

    /// The same for another file of the draft (a language version).
    func revise(_ file: String, _ edit: (String) -> String) throws {
        let path = root.appendingPathComponent(file)
        try Data(edit(try String(contentsOf: path, encoding: .utf8)).utf8).write(to: path)
        let workspace = try Workspace.open(root.path)
        _ = try Drafts(workspace).save(message: "Revise", author: secretariat.author)
        let consultation = Consultation(workspace)
        consultation.keyDirectory = keys
        _ = try consultation.revise(round, as: secretariat, now: clock.now)
    }

    /// Commits `files` onto main directly, as a replica's commit arrives there.
    func commitOnMain(_ files: [String: String], message: String) throws {
        let repository = try Workspace.open(root.path).repository
        let main = try #require(try repository.reference("refs/heads/main"))
        let changes = try files.map { TreeChange.write(path: $0.key, blob: try repository.writeBlob(Data($0.value.utf8))) }
        let tree = try repository.updateTree(try repository.commit(main).tree, applying: changes)
        let commit = try repository.createCommit(tree: tree, parents: [main], message: message, author: secretariat.author)
        try repository.setReference("refs/heads/main", to: commit, expecting: main, message: message)
    }

    /// The round as the repository holds it now.
    func currentRound() throws -> Round { try Consultation(try Workspace.open(root.path)).log.round(round) }

    /// Runs `test` against the portal through Hummingbird's test client.
    func test<Value: Sendable>(_ test: @escaping @Sendable (any TestClientProtocol, Portal) async throws -> Value) async throws -> Value {
        let portal = try portal()
        var quiet = Logger(label: "sop.portal.test")
        quiet.logLevel = .critical
        return try await buildApplication(portal, logger: quiet).test(.router) { client in try await test(client, portal) }
    }
}

/// One browser: keeps the cookies the portal sets and sends them back, and reads the CSRF
/// token of the last page it loaded.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    private(set) var lastPage = ""
    /// The last page loaded with GET: the one whose forms the next posts come from.
    private(set) var loadedPage = ""
    private(set) var lastSetCookies: [String] = []
    /// The browser's `Accept-Language`, when it sends one.
    var acceptLanguage: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    struct Page {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
    }

    @discardableResult
    func get(_ uri: String) async throws -> Page {
        try await send(uri, method: .get, body: nil, type: nil)
    }

    /// Posts a form with the CSRF token of the last page, unless the fields name one, and, as
    /// a browser sends a form's hidden fields, the text the last page showed (`revision`,
    /// `fingerprints`) when it has a form that binds to it.
    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], withToken: Bool = true) async throws -> Page {
        var fields = fields
        if withToken, !fields.contains(where: { $0.0 == "csrf" }) { fields.append(("csrf", csrf ?? "")) }
        for name in ["revision", "fingerprints"] where !fields.contains(where: { $0.0 == name }) {
            if let value = hidden(name, in: loadedPage) { fields.append((name, value)) }
        }
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await send(uri, method: .post, body: ByteBuffer(string: body), type: "application/x-www-form-urlencoded")
    }

    func send(_ uri: String, method: HTTPRequest.Method, body: ByteBuffer?, type: String?) async throws -> Page {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let type { headers[.contentType] = type }
        if let acceptLanguage { headers[.acceptLanguage] = acceptLanguage }
        let response = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        lastSetCookies = response.headers[values: .setCookie]
        for header in lastSetCookies {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        let text = String(buffer: response.body)
        if method == .get || response.status != .seeOther { lastPage = text }
        if method == .get { loadedPage = text }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    /// The CSRF token in the last page's forms.
    var csrf: String? { hidden("csrf", in: lastPage) }

    /// The value of the first hidden field `name` in `page`.
    func hidden(_ name: String, in page: String) -> String? {
        guard let range = page.range(of: #"name="\#(name)" value=""#) else { return nil }
        let rest = page[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    @discardableResult
    func signIn(_ email: String, password: String = PortalFixture.password) async throws -> Page {
        try await get("/signin")
        return try await post("/signin", [("email", email), ("password", password)])
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
