import Foundation
import Git
import Markdown
import Testing
@testable import SOPKit

@Suite struct PublishTests {
    /// The whole site of an adopted version: every page there, headings in order, landmarks,
    /// working cross-references, no request leaving the site, and no broken link or anchor.
    @Test func siteStructureAndLinks() throws {
        let site = try PublishedWorkspace()
        let report = try site.publish()
        #expect(report.ref == "set/2027.1" && report.edition == "2027.1")
        #expect(report.published == (1...7).map { "SOP-00\($0)" })
        let index = try site.page("index.html")
        let indexTags = tags(index)
        let links = Set(indexTags.compactMap { $0.attributes["href"] })
        for id in report.published { #expect(links.contains("procedures/\(id).html"), "index links \(id)") }
        #expect(links.contains("print.html") && links.contains("states/BZ.html"))
        #expect(indexTags.contains { $0.name == "main" } && indexTags.contains { $0.name == "header" } && indexTags.contains { $0.name == "footer" })
        #expect(index.contains("Version 2027.1"))
        // The first version shows what its adoption changed in the text in force before it.
        #expect(!index.contains("This is the first published version"))
        #expect(index.contains("What this version changed in the text in force before it") && links.contains("redline/SOP-004.html"), "\(index)")
        #expect(try site.page("redline/SOP-004.html").contains("Changes to SOP-004"), "its redline against the text before")

        for id in report.published {
            let page = try site.page("procedures/\(id).html")
            let pageTags = tags(page)
            let levels = pageTags.compactMap { tag -> Int? in
                guard tag.name.count == 2, tag.name.first == "h", let level = Int(tag.name.dropFirst()) else { return nil }
                return level
            }
            #expect(levels.first == 1 && levels.filter { $0 == 1 }.count == 1, "\(id) has one h1, first")
            #expect(zip(levels, levels.dropFirst()).allSatisfy { $1 <= $0 + 1 }, "\(id): no heading level skipped: \(levels)")
            #expect(pageTags.contains { $0.name == "main" } && pageTags.contains { $0.name == "nav" })
            // Nothing is loaded from elsewhere: no external script, style, image or font.
            let requests = pageTags.filter { ["script", "link", "img", "iframe", "source"].contains($0.name) }.compactMap { $0.attributes["src"] ?? $0.attributes["href"] }
            #expect(requests.allSatisfy { CrossReference.scheme(of: $0) == nil && !$0.hasPrefix("//") }, "\(id) loads \(requests)")
        }
        let sop004 = try site.page("procedures/SOP-004.html")
        #expect(sop004.contains("href=\"../procedures/SOP-005.html#issuing-alerts\""))
        #expect(sop004.contains("href=\"#screening\""))
        #expect(sop004.contains("<h3 id=\"boarding\">"))
        #expect(SiteCheck.links(in: site.out).isEmpty, "\(SiteCheck.links(in: site.out))")
    }

    /// The approval record on the adopted procedure, the reservation as a footnote there and
    /// inline in Belize's own view, and another state's view without it.
    @Test func approvalRecordAndReservations() throws {
        let site = try PublishedWorkspace()
        try site.publish()
        let page = try site.page("procedures/SOP-004.html")
        #expect(page.contains("Adopted in <strong>set/2027.1</strong>"))
        #expect(page.contains("Record verified"))
        for code in PublishedWorkspace.states { #expect(page.contains("(\(code))</td><td data-label=\"Position\">approve"), "position of \(code)") }
        #expect(page.components(separatedBy: "✓ signature valid, key registered").count - 1 == 5)
        #expect(page.contains("5.4 Boarding and safety of persons on board<sup class=\"reservation-ref\"><a href=\"#sop-reservation-1\""))
        #expect(page.contains("<li id=\"sop-reservation-1\"><strong><span lang=\"en\">Belize</span> (BZ)</strong>"))
        #expect(page.contains(PublishedWorkspace.statement))
        let other = try site.page("procedures/SOP-001.html")
        #expect(other.contains("No adoption record in this edition"))

        let belize = try site.page("states/BZ-SOP-004.html")
        #expect(belize.contains("<h3 id=\"boarding\">5.4 Boarding and safety of persons on board</h3><aside class=\"reservation\" role=\"note\"><p><strong>Reservation of Belize:</strong> \(PublishedWorkspace.statement)"))
        let belizeIndex = try site.page("states/BZ.html")
        #expect(belizeIndex.contains("href=\"../states/BZ-SOP-004.html\""))
        #expect(belizeIndex.contains("Adopted in a round Belize (BZ) took part in: 1; with a position Belize stated: 1; with reservations of Belize: 1"))
        #expect(belizeIndex.contains("<strong>Reservation on boarding:</strong> \(PublishedWorkspace.statement)"))
        #expect(belizeIndex.contains("In force without an adoption record in this edition: 5") && belizeIndex.contains("Not in force yet: 1"), "only what the record supports")
        let trinidad = try site.page("states/TT.html")
        #expect(!trinidad.contains("Reservation on") && trinidad.contains("consulted; stated: approve (set/2027.1)"))
        // Haiti was not invited: nothing says it applies what it was never consulted on.
        let haiti = try site.page("states/HT.html")
        #expect(haiti.contains("not consulted: adopted (set/2027.1) without Haiti") && haiti.contains("Adopted without consulting Haiti: 1"), "\(haiti)")
        #expect(!haiti.contains("applies") && !haiti.contains("in full"))
        #expect(try site.page("states/AI.html").contains("Anguilla and the set"), "territories have a page too")
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("states/TT-SOP-004.html").path))
    }

    /// A draft published as a preview: what changed since 2027.1, and the redline word by word.
    @Test func redlineAgainstThePreviousVersion() throws {
        let site = try PublishedWorkspace()
        let path = site.round.path
        try site.commit(on: "draft/next", [path: try site.text(path).replacingOccurrences(of: "within one hour", with: "within ninety minutes")])
        let report = try site.publish(ref: "draft/next")
        #expect(report.edition == "draft/next")
        let index = try site.page("index.html")
        #expect(index.contains("What changed since version 2027.1"))
        #expect(index.contains("<a href=\"redline/SOP-004.html\">"))
        #expect(!index.contains("redline/SOP-001.html"))
        let redline = try site.page("redline/SOP-004.html")
        #expect(redline.contains("within <del>one hour</del><ins>ninety minutes</ins>"), "\(redline)")
        #expect(redline.contains("5.1 Detection and reporting"))
        #expect(try site.page("procedures/SOP-004.html").contains("href=\"../redline/SOP-004.html\""))
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("redline/SOP-001.html").path))
    }

    /// Raw HTML in a procedure never reaches a page; a `javascript:` link fails lint, and the
    /// renderer would have emptied it anyway.
    @Test func rawHTMLNeverReachesAPage() throws {
        let site = try PublishedWorkspace(adopt: false)
        let hostile = procedure(
            id: "SOP-010",
            body: """
                ## 1 Purpose {#purpose}

                <script>alert("x")</script>

                <img src="x" onerror="alert(1)"> and <iframe src="https://example.org"></iframe>

                ## 2 Scope {#scope}

                ## 3 Definitions {#definitions}

                ## 4 Responsibilities {#responsibilities}

                ## 5 Procedure {#procedure}

                ## 6 Records {#records}

                ## 7 References {#references}
                """)
        try site.commit(on: "main", ["Procedures/SOP-010-hostile.md": hostile])
        try site.publish(ref: "main")
        let page = try site.page("procedures/SOP-010.html")
        #expect(!page.contains("<script>alert") && !page.contains("onerror") && !page.contains("<iframe"))
        #expect(page.contains("raw HTML omitted"))

        let scripted = MarkdownDocument("[click](javascript:alert(1))")
        #expect(scripted.html().contains("href=\"\""))
        let linked = hostile.replacingOccurrences(of: "SOP-010", with: "SOP-011").replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope {#scope}\n\n[click](javascript:alert(1))")
        try site.commit(on: "main", ["Procedures/SOP-011-link.md": linked])
        let refused = try #require(throws: SOPError.self) { try site.publish(ref: "main") }
        #expect(refused.message.contains("SOP-011-link.md:") && refused.message.contains("link with 'javascript:' is not allowed"), "\(refused.message)")
        let rest = try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true))
        #expect(!rest.published.contains("SOP-011"))
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("procedures/SOP-011.html").path))
    }
}
