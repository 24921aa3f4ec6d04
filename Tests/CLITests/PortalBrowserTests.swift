import Foundation
import TestSupport
import Testing

/// The portal in a real browser: headless Chromium driven by Selenium through chromium-driver
/// (Tests/Browser/portal_browser.py) against `sop serve` started by
/// Scripts/portal-workspace.sh. Three countries and the secretariat sign in, comment on selected
/// words, dispose, state positions and see the round adopted and published.
@Suite struct PortalBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where the screenshots go (named in the README).
    static let screenshots = root.appendingPathComponent("screenshots/portal")

    @Test func officialsConsultAndTheSecretariatAdoptsInABrowser() throws {
        let sandbox = try Sandbox()
        let folder = sandbox.url.appendingPathComponent("portal")
        let port = 19_000 + Int(getpid() % 1000)
        let setup = try sandbox.run(
            URL(fileURLWithPath: "/bin/bash"), [Self.root.appendingPathComponent("Scripts/portal-workspace.sh").path, Sandbox.binary.path, folder.path, String(port)],
            in: ".", stdin: nil, environment: ["SOP_NOW": "2027-01-11T09:00Z"])
        #expect(setup.status == 0, "\(setup.output)")
        let environment = try String(contentsOf: folder.appendingPathComponent("portal.env"), encoding: .utf8)
        let pid = try #require(environment.split(separator: "\n").first { $0.hasPrefix("PID=") }.flatMap { Int32($0.dropFirst(4)) })
        defer { kill(pid, SIGTERM) }
        try? FileManager.default.removeItem(at: Self.screenshots)
        let browser = try sandbox.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", Self.root.appendingPathComponent("Tests/Browser/portal_browser.py").path, folder.appendingPathComponent("portal.env").path, Self.screenshots.path],
            in: ".", stdin: nil)
        #expect(browser.status == 0, "\(browser.output)")
        let shots = (try? FileManager.default.contentsOfDirectory(atPath: Self.screenshots.path).filter { $0.hasSuffix(".png") }) ?? []
        #expect(shots.count >= 10, "a screenshot of each page: \(shots)")
        let verify = try sandbox.sop("verify", "set/2027.1", in: "portal/ws")
        #expect(verify.status == 0, "what the browser adopted verifies: \(verify.output)")
    }
}
