import ArgumentParser
import Foundation
import SOPKit
import SOPServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the consultation portal: officials sign in, read, comment and state positions in a browser.",
        discussion: """
            Serves the workspace (or --repo) over HTTP until SIGTERM or Ctrl-C, finishing the
            requests in flight. Every action is a signed event in the repository, signed with
            the portal's key ($SOP_KEY_DIR/portal.key, registered in set.yaml with
            `sop key new --as portal --name "Consultation portal" --register`). Accounts come
            from `sop user add`. Put it behind an https proxy for use beyond this machine.

            Example:  sop serve --port 8080
            """)

    @Option(help: "The workspace repository (default: the one containing the current folder).") var repo: String?
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on.") var port = 8080
    @Option(help: "The accounts file (default: .git/sop/accounts.json).") var accounts: String?
    @Flag(name: .customLong("behind-proxy"), help: "Take the client's address from X-Forwarded-For (set it only behind your own reverse proxy).")
    var behindProxy = false
    @Flag(name: .customLong("insecure-cookies"), help: "Leave Secure off the cookies, for plain http on a name other than localhost (testing only).")
    var insecureCookies = false

    func run() async throws {
        guard (1...65_535).contains(port) else { throw SOPError(.invalidArgument, "--port \(port) is not a port number (1-65535)") }
        let portal = try Portal(
            PortalConfiguration(
                repository: repo ?? FileManager.default.currentDirectoryPath, accounts: accounts.map { URL(fileURLWithPath: $0) },
                host: host, port: port, secureCookies: !insecureCookies, behindProxy: behindProxy))
        // A parent may have started us with SIGTERM and SIGINT blocked (Foundation's Process
        // does); the graceful shutdown needs them delivered.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        // Browsers keep the portal's Secure cookies over plain http only under the name localhost.
        let address = host == "127.0.0.1" ? "localhost" : host
        Terminal.say("sop portal on http://\(address):\(port)/ (accounts: \(portal.accounts.file.path)); Ctrl-C stops it")
        fflush(nil)
        try await serve(portal)
    }
}
