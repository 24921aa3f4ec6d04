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

        // An independent reading of every page with Python's HTML parser: headings in order,
        // one main landmark, unique IDs, every in-page link resolving.
        let checker = box.url.appendingPathComponent("check.py")
        try Data(Self.pageChecker.utf8).write(to: checker)
        let checked = try box.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", checker.path, box.path("_site").path], in: ".", stdin: nil)
        #expect(checked.status == 0 && checked.stdout.contains("pages checked"), "\(checked.output)")

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

    static let pageChecker = #"""
        import html.parser, os, sys
        class Page(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.levels, self.ids, self.links, self.mains = [], [], [], 0
            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
                    self.levels.append(int(tag[1]))
                if tag == "main":
                    self.mains += 1
                if "id" in attrs:
                    self.ids.append(attrs["id"])
                if tag == "a" and (attrs.get("href") or "").startswith("#"):
                    self.links.append(attrs["href"][1:])
        problems, count = [], 0
        for folder, _, names in os.walk(sys.argv[1]):
            if "/.sop" in folder:
                continue
            for name in names:
                if not name.endswith(".html"):
                    continue
                path = os.path.join(folder, name)
                page = Page()
                page.feed(open(path, encoding="utf-8").read())
                count += 1
                if name != "print.html" and (not page.levels or page.levels[0] != 1 or page.levels.count(1) != 1):
                    problems.append(f"{path}: headings {page.levels[:5]}")
                if any(b > a + 1 for a, b in zip(page.levels, page.levels[1:])):
                    problems.append(f"{path}: a heading level is skipped")
                if page.mains != 1:
                    problems.append(f"{path}: {page.mains} main landmarks")
                if len(set(page.ids)) != len(page.ids):
                    problems.append(f"{path}: duplicate ids")
                missing = [link for link in page.links if link and link not in page.ids]
                if missing:
                    problems.append(f"{path}: in-page links to missing ids {missing[:3]}")
        print("\n".join(problems))
        print(f"{count} pages checked")
        sys.exit(1 if problems or count == 0 else 0)
        """#

    /// On a terminal, a long publish shows a progress bar on standard error.
    @Test func progressBarOnATerminal() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let generator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Benchmarks/generate.py")
        let generated = try box.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", generator.path, box.path("").path, "60"], in: ".", stdin: nil)
        #expect(generated.status == 0, "\(generated.output)")
        try box.git("add", "-A")
        try box.git("commit", "-qm", "60 more procedures")
        // `script` gives the command a terminal and copies what it shows to standard output.
        let shown = try box.run(
            URL(fileURLWithPath: "/usr/bin/script"), ["-qec", "\(Sandbox.binary.path) publish --keep-going", "/dev/null"], in: "ws", stdin: nil)
        #expect(shown.status == 0, "\(shown.output)")
        #expect(shown.stdout.contains("] 67/67 procedures"), "\(shown.stdout.suffix(600))")
        #expect(shown.stdout.contains("[##############################]"))
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
        let timings = try #require(report["timings"] as? [String: Double], "--json has timings")
        #expect(Set(timings.keys) == ["wall", "cpu", "reading", "parsing", "lint", "html", "templates", "writing"])
        #expect((timings["templates"] ?? 0) > 0 && (timings["wall"] ?? 0) > 0, "\(timings)")
        let phases = ["reading", "parsing", "lint", "html", "templates", "writing"].compactMap { timings[$0] }
        #expect(phases.reduce(0, +) <= (timings["cpu"] ?? 0) + 0.6, "the phases are parts of the process's CPU time: \(timings)")

        // `--timings` says where the time went; a re-publish with nothing changed renders no template.
        let timed = try box.sop("publish", "--out", "site", "--timings")
        #expect(timed.status == 0, "\(timed.output)")
        #expect(timed.stdout.contains("Time (ms; CPU time summed over all threads):"), "\(timed.stdout)")
        for phase in ["wall", "cpu", "reading", "parsing", "lint", "html", "templates", "writing", "other"] {
            #expect(timed.stdout.contains("\n  \(phase.padding(toLength: 10, withPad: " ", startingAt: 0))"), "--timings shows \(phase)")
        }
        #expect(timed.stdout.contains("\n  templates       0.0  Mustache renders"), "\(timed.stdout)")
        let refused = try box.sop("publish", "--check", "--timings")
        #expect(refused.status != 0 && refused.stderr.contains("--check publishes nothing"), "\(refused.output)")

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
