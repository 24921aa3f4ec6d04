import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit
import SOPServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: PortalCommand.serve.abstract,
        discussion: """
            Serves the workspace (or --repo) over HTTP until SIGTERM or Ctrl-C, finishing the
            requests in flight. Every action is a signed event in the repository, signed with
            the portal's key ($SOP_KEY_DIR/portal.key, registered in set.yaml with
            `sop key new --as portal --name "Consultation portal" --register`). Accounts come
            from `sop user add`. Put it behind an https proxy for use beyond this machine.

            The published protocol set is served on its own port (--site-port, default the
            portal's port + 1), a separate origin without sessions, in a browser sandbox: its
            templates and scripts come from main, and nothing in them can act for a signed-in
            official. The portal's own pages use the templates installed with sop (or
            --templates DIR), never those on main.

            Example:  sop serve --port 8080            (the published set on port 8081)
            """)

    @Option(help: "The workspace repository (default: the one containing the current folder).") var repo: String?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "The port of the published protocol set (default: --port + 1).") var sitePort: Int?
    @Option(help: "Where browsers reach the published set, behind a proxy (e.g. https://set.cmc.example.org/).") var siteUrl: String?
    @Option(help: "The portal's templates (default: those installed with sop).") var templates: String?
    @Option(help: "The accounts file (default: .git/sop/accounts.json).") var accounts: String?
    @Flag(name: .customLong("behind-proxy"), help: "Take the client's address from X-Forwarded-For (set it only behind your own reverse proxy).")
    var behindProxy = false
    @Flag(name: .customLong("insecure-cookies"), help: "Leave Secure off the cookies, for plain http on a name other than localhost (testing only).")
    var insecureCookies = false

    func run() async throws {
        guard (1...65_535).contains(port) else { throw SOPError(.invalidArgument, "--port \(port) is not a port number (1-65535)") }
        let sitePort = sitePort ?? port + 1
        guard (1...65_535).contains(sitePort), sitePort != port else {
            throw SOPError(.invalidArgument, "--site-port \(sitePort) is not a port number (1-65535) other than --port")
        }
        if let siteUrl, !(siteUrl.hasPrefix("https://") || siteUrl.hasPrefix("http://")) {
            throw SOPError(.invalidArgument, "--site-url \(siteUrl) is not an http or https address")
        }
        let portal = try Portal(
            PortalConfiguration(
                repository: repo ?? FileManager.default.currentDirectoryPath, accounts: accounts.map { URL(fileURLWithPath: $0) },
                host: host, port: port, sitePort: sitePort, siteURL: siteUrl, templates: templates.map { URL(fileURLWithPath: $0) },
                secureCookies: !insecureCookies, behindProxy: behindProxy))
        // A parent may have started us with SIGTERM and SIGINT blocked (Foundation's Process
        // does); the graceful shutdown needs them delivered.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // Browsers keep the portal's Secure cookies over plain http only under the name localhost.
        let address = host == "127.0.0.1" ? "localhost" : host
        Terminal.say(
            "sop portal on http://\(address):\(port)/, the published set on \(portal.siteURL(host: address)) (accounts: \(portal.accounts.file.path)); Ctrl-C stops it")
        fflush(nil)
        try await serve(portal)
    }
}
