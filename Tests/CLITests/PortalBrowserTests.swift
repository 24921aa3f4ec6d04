import Foundation
import TestSupport
import Testing

/// The portal in a real browser: headless Chromium driven by Selenium through chromium-driver
/// (Tests/Browser/*.py) against `sop serve` started by Scripts/portal-workspace.sh. One after
/// the other, as each starts a browser and a server of its own.
@Suite(.serialized) struct PortalBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where the screenshots go (named in the README).
    static let screenshots = root.appendingPathComponent("screenshots")

    /// Three countries and the secretariat sign in, comment on selected words, dispose, state
    /// positions and see the round adopted and published.
    @Test func officialsConsultAndTheSecretariatAdoptsInABrowser() throws {
        let (sandbox, shots) = try Self.run("portal_browser.py", screenshots: "portal", participants: "TT,JM,BZ,IOM")
        #expect(shots.count >= 10, "a screenshot of each page: \(shots)")
        let verify = try sandbox.sop("verify", "set/2027.1", in: "portal/ws")
        #expect(verify.status == 0, "what the browser adopted verifies: \(verify.output)")
    }

    /// A Haitian official in a French browser reads the round in French, comments in French on
    /// selected French words and states a position, and no page shows the catalogues' English.
    @Test func aHaitianOfficialConsultsInFrenchWithoutAnEnglishWord() throws {
        let (sandbox, shots) = try Self.run("portal_french.py", screenshots: "portal-fr", participants: "HT,TT,IOM")
        #expect(shots.count >= 12, "a screenshot of each page: \(shots)")
        let listed = try sandbox.sop("comment", "list", "night-1", "--json", in: "portal/ws")
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let comment = try #require(comments.first?["comment"] as? [String: Any], "\(listed.output)")
        #expect(comment["number"] as? String == "HT-1" && comment["language"] as? String == "fr" && comment["quotedIn"] as? String == "fr",
            "HT-1 is recorded in French, quoting the French text: \(comment)")
        let table = try sandbox.sop("comment", "list", "night-1", in: "portal/ws")
        #expect(table.stdout.contains("LANG") && table.stdout.contains("open   fr"), "the list says HT-1 is in French: \(table.output)")
    }

    /// A focal point and the secretariat do their work on a phone 390 px wide, and no page of
    /// the portal or the published set needs sideways scrolling.
    @Test func theWorkOfARoundFitsAPhone() throws {
        let (sandbox, shots) = try Self.run("portal_phone.py", screenshots: "phone", participants: "TT,JM,BZ,IOM")
        #expect(shots.count >= 15, "a screenshot of each page at 390 px: \(shots)")
        let listed = try sandbox.sop("comment", "list", "night-1", "--json", in: "portal/ws")
        let comments = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let disposition = (comments.first?["comment"] as? [String: Any])?["disposition"] as? [String: Any]
        #expect(disposition?["resolution"] as? String == "accepted", "the secretariat's answer from the phone is recorded: \(listed.output)")
    }

    /// Prepares the portal, runs `script` against it, and returns the sandbox and the PNGs saved
    /// in screenshots/`screenshots`.
    static func run(_ script: String, screenshots: String, participants: String) throws -> (Sandbox, [String]) {
        let sandbox = try Sandbox()
        let folder = sandbox.url.appendingPathComponent("portal")
        let port = 19_000 + Int(getpid() % 1000) * 2
        let setup = try sandbox.run(
            URL(fileURLWithPath: "/bin/bash"), [root.appendingPathComponent("Scripts/portal-workspace.sh").path, Sandbox.binary.path, folder.path, String(port)],
            in: ".", stdin: nil, environment: ["SOP_NOW": "2027-01-11T09:00Z", "PARTICIPANTS": participants])
        #expect(setup.status == 0, "\(setup.output)")
        let environment = try String(contentsOf: folder.appendingPathComponent("portal.env"), encoding: .utf8)
        let pid = try #require(environment.split(separator: "\n").first { $0.hasPrefix("PID=") }.flatMap { Int32($0.dropFirst(4)) })
        defer { kill(pid, SIGTERM) }
        let shots = Self.screenshots.appendingPathComponent(screenshots)
        try? FileManager.default.removeItem(at: shots)
        let browser = try sandbox.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", root.appendingPathComponent("Tests/Browser/\(script)").path, folder.appendingPathComponent("portal.env").path, shots.path],
            in: ".", stdin: nil)
        #expect(browser.status == 0, "\(browser.output)")
        return (sandbox, (try? FileManager.default.contentsOfDirectory(atPath: shots.path).filter { $0.hasSuffix(".png") }) ?? [])
    }
}
