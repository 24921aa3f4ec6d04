import Foundation
import TestSupport
import Testing

/// `sop user` and `sop serve` as a secretariat runs them.
@Suite struct PortalCLITests {
    @Test func accountsAreAddedResetListedAndRemovedBesideTheRepository() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspace()
        let added = try sandbox.sop("user", "add", "Ana.Ruiz@Immigration.gov.tt", "--as", "TT", "--name", "Ana Ruiz", "--base-url", "https://portal.cmc.example.org/")
        #expect(added.status == 0, "\(added.output)")
        #expect(added.stdout.contains("https://portal.cmc.example.org/welcome/"))
        let json = try sandbox.sop("user", "add", "lee@iom.example.org", "--as", "IOM", "--name", "Lee Santos", "--json")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: String])
        #expect(Set(object.keys) == ["email", "participant", "role", "language", "link", "expires"])
        #expect(object["role"] == "observer", "organisations default to observers")
        #expect(object["link"]?.hasPrefix("http://localhost:8080/welcome/") == true)
        let pasted = try sandbox.sop("user", "add", " paul.brown@pica.gov.jm ", "--as", "JM", "--name", "Paul Brown", "--json")
        #expect(pasted.status == 0 && pasted.stdout.contains("\"email\" : \"paul.brown@pica.gov.jm\""), "an address pasted with spaces: \(pasted.output)")
        #expect(try sandbox.sop("user", "reset", "Paul.Brown@pica.gov.jm ").status == 0)
        let file = sandbox.path(".git/sop/accounts.json")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "password hashes are readable by the server's user only")
        #expect(try sandbox.git("status", "--porcelain").stdout.isEmpty, "accounts are not in the synced repository")
        #expect(!(try sandbox.read(".git/sop/accounts.json")).contains(String(object["link"]!.split(separator: "/").last!)), "only the link's hash is kept")

        for (arguments, message) in [
            (["user", "add", "ana.ruiz@immigration.gov.tt", "--as", "TT", "--name", "Again"], "already an account"),
            (["user", "add", "x@gov.zz", "--as", "ZZ", "--name", "Nobody"], "unknown participant 'ZZ'"),
            (["user", "add", "y@iom.example.org", "--as", "IOM", "--name", "Y", "--role", "focal-point"], "IOM is an observer"),
            (["user", "add", "not-an-address", "--as", "TT", "--name", "Z"], "is not an e-mail address"),
            (["user", "add", "z@gov.tt", "--as", "TT", "--name", "Z", "--role", "chair"], "unknown role 'chair'"),
            (["user", "reset", "nobody@gov.tt"], "no account for nobody@gov.tt"),
        ] {
            let before = try sandbox.read(".git/sop/accounts.json")
            let refused = try sandbox.run(Sandbox.binary, arguments, in: "ws", stdin: nil)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(try sandbox.read(".git/sop/accounts.json") == before, "a refused command changes nothing")
        }

        let reset = try sandbox.sop("user", "reset", "ana.ruiz@immigration.gov.tt")
        #expect(reset.status == 0)
        #expect(reset.stdout.contains("/welcome/"))
        let list = try sandbox.sop("user", "list", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: String]])
        #expect(rows.map { $0["email"] } == ["ana.ruiz@immigration.gov.tt", "lee@iom.example.org", "paul.brown@pica.gov.jm"])
        #expect(rows.allSatisfy { Set($0.keys) == ["email", "name", "participant", "role", "language", "timezone", "state"] })
        #expect(try sandbox.sop("user", "remove", "ana.ruiz@immigration.gov.tt").status == 0)
        #expect(!(try sandbox.sop("user", "list").stdout.contains("ana.ruiz")))
    }

    @Test func serveRefusesToStartWithoutARegisteredPortalKey() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspaceWithRoot()
        let missing = try sandbox.sop("serve", "--port", "18321")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no key for the portal"))
        #expect(missing.stderr.contains("sop key new --as portal"))
        #expect(try sandbox.sop("key", "new", "--as", "portal", "--name", "Portal").status == 0)
        let unregistered = try sandbox.sop("serve", "--port", "18321")
        #expect(unregistered.status == 1)
        #expect(unregistered.stderr.contains("is not registered for portal in the key registry"))
        #expect(unregistered.stderr.contains("sop key register --as portal --key ed25519:"))
        let badPort = try sandbox.sop("serve", "--port", "70000")
        #expect(badPort.status == 1)
        #expect(badPort.stderr.contains("is not a port number"))
    }

    @Test func serveAnswersLogsRequestsAndStopsGracefullyOnSIGTERM() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspaceWithRoot()
        #expect(try sandbox.sop("key", "new", "--as", "portal", "--name", "Portal", "--register").status == 0)
        let port = 18_000 + Int(getpid() % 1000)
        let server = try sandbox.start(Sandbox.binary, ["serve", "--port", String(port)])
        var status: Int?
        for _ in 0..<100 where status == nil {
            status = Self.status(of: "http://127.0.0.1:\(port)/signin")
            if status == nil { usleep(100_000) }
        }
        #expect(status == 200)
        #expect(Self.status(of: "http://127.0.0.1:\(port)/rounds/x") == 303, "signed out: to the sign-in page")
        let site = try Command("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", "http://127.0.0.1:\(port + 1)/index.html"]).run().stdout.lowercased()
        #expect(site.hasPrefix("http/1.1 200") && site.contains("content-security-policy: sandbox allow-scripts;"), "the published set on its own port: \(site)")
        #expect(!site.contains("set-cookie"))
        kill(server.process.processIdentifier, SIGTERM)
        let result = try server.finish()
        #expect(result.status == 0, "a graceful shutdown exits 0: \(result.output)")
        #expect(result.output.contains("path=/signin"), "structured request logs")
        #expect(result.output.contains("status=303"))
    }

    /// The HTTP status of a GET, or nil when nothing answers.
    static func status(of url: String) -> Int? {
        let curl = try? Command("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", url]).run()
        return curl.flatMap { Int($0.stdout) }.flatMap { $0 == 0 ? nil : $0 }
    }
}
