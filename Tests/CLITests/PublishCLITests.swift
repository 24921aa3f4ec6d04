import Foundation
import Testing

/// `sop publish` end to end: the built binary, a real browser, WeasyPrint and pdftotext.
@Suite struct PublishCLITests {
    /// Where the browser test leaves its screenshots (named in the README).
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("screenshots/publish")

    /// Loads a page in headless Chromium, writes a screenshot, and returns what the page wrote
    /// to its console (uncaught errors included).
    func browse(_ page: URL, screenshot: URL) throws -> [String] {
        let box = try Sandbox()
        let result = try box.run(
            URL(fileURLWithPath: "/usr/bin/chromium"),
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=\(box.url.appendingPathComponent("profile").path)", "--window-size=1280,2000",
                "--screenshot=\(screenshot.path)", page.absoluteString,
            ], in: ".", stdin: nil)
        #expect(result.status == 0, "\(result.output)")
        return result.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
    }

    @Test func theSiteInARealBrowserAndThePDF() throws {
        let box = try Sandbox()
        _ = try AdoptionCLITests().adoptedSet(box)
        let published = try box.sop("publish", "--pdf", "--base-url", "https://cmc.example.org/sop")
        #expect(published.status == 0, "\(published.output)")
        #expect(published.stdout.contains("Published 2027.1 (7 procedures"))
        #expect(published.stdout.contains("Open \(box.path("_site/index.html").path)"))
        #expect(published.stderr.isEmpty, "no progress bar in a pipe: \(published.stderr)")

        // The console check itself must be able to fail.
        let broken = box.url.appendingPathComponent("broken.html")
        try Data("<!DOCTYPE html><title>x</title><script>missingFunction()</script>".utf8).write(to: broken)
        #expect(try browse(broken, screenshot: box.url.appendingPathComponent("broken.png")).contains { $0.contains("missingFunction") })

        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        for (page, name) in [("index.html", "index"), ("procedures/SOP-004.html", "procedure-SOP-004"), ("states/BZ-SOP-004.html", "belize-SOP-004"), ("print.html", "print")] {
            let shot = Self.screenshots.appendingPathComponent("\(name).png")
            try? FileManager.default.removeItem(at: shot)
            let console = try browse(box.path("_site/\(page)"), screenshot: shot)
            #expect(console.isEmpty, "\(page) wrote to the console: \(console)")
            let size = (try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0
            #expect(size > 20_000, "screenshot of \(page): \(size) bytes")
        }

        let pdf = box.path("_site/print.pdf")
        let text = try box.run(URL(fileURLWithPath: "/usr/bin/pdftotext"), ["-layout", pdf.path, "-"], in: ".", stdin: nil)
        #expect(text.status == 0, "\(text.output)")
        let pages = text.stdout.split(separator: "\u{0C}", omittingEmptySubsequences: false).dropLast()
        #expect(pages.count > 20, "\(pages.count) pages")
        for (number, page) in pages.enumerated() {
            #expect(page.contains("version 2027.1"), "page \(number + 1) shows the version")
            #expect(page.contains("Uncontrolled when printed"), "page \(number + 1) has the notice")
        }
        #expect(text.stdout.contains("cmc.example.org/sop"))
    }

    @Test func pdfWithoutWeasyPrintSaysHowToInstallIt() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let result = try box.run(Sandbox.binary, ["publish", "--pdf"], in: "ws", stdin: nil, environment: ["PATH": "/nonexistent"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("WeasyPrint") && result.stderr.contains("apt-get install weasyprint"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("_site").path))
    }

    @Test func jsonReportAndCheck() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let result = try box.sop("publish", "--json", "--out", "site")
        #expect(result.status == 0, "\(result.output)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["out", "ref", "edition", "commit", "templates", "published", "left", "rendered", "written", "kept", "removed", "foreign", "index"] {
            #expect(report[key] != nil, "--json has \(key)")
        }
        #expect(report["ref"] as? String == "main")
        #expect((report["published"] as? [String])?.count == 7)

        let check = try box.sop("publish", "--check")
        #expect(check.status == 0 && check.stdout.contains("every link and anchor resolves"), "\(check.output)")
        let path = "Procedures/SOP-002-border-interview.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope {#scope}\n\nSee [nothing](SOP-001-regional-framework.md#no-such-section)."))
        try box.git("commit", "-qam", "Broken reference")
        let failed = try box.sop("publish", "--check")
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("Procedures/SOP-002-border-interview.md:") && failed.stdout.contains("no-such-section"), "\(failed.output)")
        let unknown = try box.sop("publish", "--ref", "draft/nope")
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown --ref 'draft/nope'"))
    }
}
