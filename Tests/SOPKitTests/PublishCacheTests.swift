import Foundation
import Git
import Testing
@testable import SOPKit

@Suite struct PublishCacheTests {
    /// A re-publish renders the changed procedure and those that link to it, nothing else.
    @Test func republishRendersOnlyWhatChanged() throws {
        let site = try PublishedWorkspace(adopt: false)
        let first = try site.publish(ref: "main")
        #expect(first.rendered.count == 7)
        #expect((first.timings?.templates ?? 0) > 0 && (first.timings?.parsing ?? 0) > 0)
        let again = try site.publish(ref: "main")
        #expect(again.rendered.isEmpty && again.written == 0)
        #expect(again.timings?.templates == 0 && again.timings?.html == 0, "nothing rendered: \(String(describing: again.timings))")

        let path = "Procedures/SOP-006-migration-data.md"
        try site.commit(on: "main", [path: try site.text(path).replacingOccurrences(of: "## 1 Purpose {#purpose}", with: "## 1 Purpose {#purpose}\n\nA new first sentence.")])
        let linking = try site.repository.files(under: "Procedures", inTree: try site.repository.commit(try site.repository.resolveCommit("main")).tree)
            .keys.filter { $0 != path && $0.hasSuffix(".md") && (try? site.text($0).contains("SOP-006-migration-data.md")) == true }
            .compactMap(Procedure.idPrefix(ofFile:))
        let changed = try site.publish(ref: "main")
        #expect(Set(changed.rendered) == Set(["SOP-006"] + linking))
        #expect(changed.rendered.count < 7)
        #expect(try site.page("procedures/SOP-006.html").contains("A new first sentence."))
        #expect(SiteCheck.links(in: site.out).isEmpty)

        // A change to the look re-renders everything.
        try site.round.base.write("Templates/site/footer.mustache", "<footer><p>Restyled {{edition}}</p></footer>\n")
        let restyled = try site.publish(ref: "main", .init(out: site.out.path, templates: site.templates))
        #expect(restyled.rendered.count == 7)
        #expect(try site.page("procedures/SOP-001.html").contains("Restyled main"))
    }

    /// One file for the printer: styles inlined, nothing loaded, IDs unique across procedures,
    /// the version in the running header.
    @Test func printEditionIsSelfContained() throws {
        let site = try PublishedWorkspace()
        try site.publish(.init(out: site.out.path, baseURL: "https://cmc.example.org/sop"))
        let print = try site.page("print.html")
        let printTags = tags(print)
        #expect(!printTags.contains { $0.name == "link" || $0.name == "script" || $0.name == "img" })
        #expect(print.contains("@top-center { content: \"CMC Protocol Set, version 2027.1\"; }"))
        #expect(print.contains("check the version in force at https://cmc.example.org/sop") || print.contains("at https://cmc.example.org/sop before use"))
        let ids = printTags.compactMap { $0.attributes["id"] }
        #expect(Set(ids).count == ids.count, "duplicate ids: \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
        #expect(ids.contains("SOP-004-boarding") && ids.contains("SOP-001-scope"))
        #expect(print.contains("href=\"#SOP-005-issuing-alerts\""))
        #expect(print.contains("<sup class=\"reservation-ref\"><a href=\"#SOP-004-reservation-1\""))
        #expect(SiteCheck.links(in: site.out).isEmpty)
    }

    @Test func checkListsBrokenLinksAndLintProblems() throws {
        let site = try PublishedWorkspace(adopt: false)
        #expect(try Publisher(site.workspace).check(ref: "main", baseURL: nil).problems.isEmpty)
        #expect(try Publisher(site.workspace).check(ref: "main", baseURL: nil, templates: site.templates).problems.isEmpty)
        let index = try String(contentsOf: site.round.base.url.appendingPathComponent("Templates/site/index.mustache"), encoding: .utf8)
        try site.round.base.write("Templates/site/index.mustache", index.replacingOccurrences(of: "</main>", with: "<a href=\"nowhere.html\">x</a> <a href=\"procedures/SOP-001.html#no-such-anchor\">y</a></main>"))
        try site.commit(on: "main", ["Procedures/SOP-011-broken.md": PublishRefusalTests.failing])
        let problems = try Publisher(site.workspace).check(ref: "main", baseURL: nil, templates: site.templates).problems
        #expect(problems.contains { $0.location.path == "index.html" && $0.message.contains("nowhere.html") })
        #expect(problems.contains { $0.check == "anchor" && $0.message.contains("no-such-anchor") })
        #expect(problems.contains { $0.location.path == "Procedures/SOP-011-broken.md" && $0.message.contains("missing procedure") })
    }
}

extension PublishCacheTests {
    /// Publishing the same edition again renders nothing: every page's key is the same.
    @Test func samePagesSameKeys() throws {
        let site = try PublishedWorkspace()
        try site.publish()
        let first = try #require(SiteManifest.read(in: site.out))
        let again = try site.publish()
        let second = try #require(SiteManifest.read(in: site.out))
        #expect(first.pages == second.pages && !first.pages.isEmpty)
        #expect(again.rendered.isEmpty && again.written == 0)
        let stamps = try SiteFolder(site.out.path).files
        #expect(stamps.filter { $0.key.hasPrefix("states/") }.allSatisfy { first.files[$0.key]?.stamp == $0.value })
    }
}

extension PublishCacheTests {
    /// A title with quotes, a form feed or `</style>` cannot leave the CSS string of the print
    /// edition's running header.
    @Test func printHeaderTextStaysInsideItsString() {
        let hostile = "CMC\u{0C}} body { background: url(http://evil.example/x.png) } \"</style><script>x()</script>\\"
        let css = PrintEdition.cssString(hostile)
        for forbidden in ["\u{0C}", "\"", "<", ">", "}", "{", "\n"] { #expect(!css.contains(forbidden), "\(forbidden.debugDescription) in \(css)") }
        #expect(css.hasPrefix("CMC\\c "))
        #expect(PrintEdition.cssString("Protocol set, version 2027.1") == "Protocol set, version 2027.1")
    }
}
