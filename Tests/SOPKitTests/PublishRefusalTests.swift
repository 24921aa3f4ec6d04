import Foundation
import Git
import Testing
@testable import SOPKit

/// Bad input to `sop publish`: a clear error, and nothing of the user's lost.
@Suite struct PublishRefusalTests {
    static let failing = procedure(id: "SOP-011", body: "## 1 Purpose {#purpose}\n\nSee [SOP-099](SOP-099-missing.md#scope).\n")

    @Test func aProcedureThatFailsLintStopsThePublishNamingIt() throws {
        let site = try PublishedWorkspace(adopt: false)
        try site.commit(on: "main", ["Procedures/SOP-011-broken.md": PublishRefusalTests.failing])
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main") }
        #expect(error.code == .lintFailed)
        #expect(error.message.contains("SOP-011") && error.message.contains("SOP-011-broken.md:"), "\(error.message)")
        #expect(error.hint?.contains("--keep-going") == true)
        #expect(try siteFiles(site.out).isEmpty, "nothing was written")

        let report = try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true))
        #expect(!report.published.contains("SOP-011") && report.published.count == 7)
        #expect(report.left.contains { $0.location.path == "Procedures/SOP-011-broken.md" && $0.check == "cross-reference" })
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("procedures/SOP-011.html").path))
        #expect(try site.page("index.html").contains("Left out because it fails lint: SOP-011"))
    }

    @Test func unknownRef() throws {
        let site = try PublishedWorkspace(adopt: false)
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "set/1999.9") }
        #expect(error.message.contains("unknown --ref 'set/1999.9'"))
        #expect(!FileManager.default.fileExists(atPath: site.out.path))
    }

    @Test func outputThatIsAFileOrCannotBeMade() throws {
        let site = try PublishedWorkspace(adopt: false)
        let file = site.round.base.url.appendingPathComponent("site.txt")
        try Data("keep me".utf8).write(to: file)
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main", .init(out: file.path)) }
        #expect(error.message.contains("is a file, not a folder"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
        let unmakeable = try #require(throws: SOPError.self) { try site.publish(ref: "main", .init(out: "/proc/sop-site")) }
        #expect(unmakeable.code == .io && unmakeable.message.contains("/proc/sop-site"))
    }

    /// Files sop did not write are never overwritten or deleted, `--clean` included.
    @Test func foreignFilesAreLeftAlone() throws {
        let site = try PublishedWorkspace(adopt: false)
        try FileManager.default.createDirectory(at: site.out, withIntermediateDirectories: true)
        try Data("their index".utf8).write(to: site.out.appendingPathComponent("index.html"))
        try Data("notes".utf8).write(to: site.out.appendingPathComponent("notes.txt"))
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main") }
        #expect(error.code == .exists && error.message.contains("index.html"))
        #expect(try site.page("index.html") == "their index")
        #expect(try siteFiles(site.out) == ["index.html", "notes.txt"])

        try FileManager.default.removeItem(at: site.out.appendingPathComponent("index.html"))
        let report = try site.publish(ref: "main")
        #expect(report.foreign == ["notes.txt"])
        let ours = try siteFiles(site.out).subtracting(["notes.txt"])
        #expect(ours.contains("procedures/SOP-007.html"))

        // A procedure leaves the set: its page goes, the foreign file stays.
        try site.commit(on: "main", ["Procedures/SOP-007-smuggling-investigations.md": nil])
        try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true))
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("procedures/SOP-007.html").path))
        #expect(try site.page("notes.txt") == "notes")

        let cleaned = try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true, clean: true))
        #expect(cleaned.rendered.count == cleaned.published.count)
        #expect(try site.page("notes.txt") == "notes")

        // A page sop wrote and someone edited since is theirs now: not overwritten.
        let page = "procedures/\(cleaned.published[0]).html"
        try Data("edited by hand".utf8).write(to: site.out.appendingPathComponent(page))
        let edited = try #require(throws: SOPError.self) { try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true)) }
        #expect(edited.message.contains(page))
        #expect(try site.page(page) == "edited by hand")
    }

    /// A symbolic link inside the folder is never written through.
    @Test func symbolicLinksAreNotFollowed() throws {
        let site = try PublishedWorkspace(adopt: false)
        let elsewhere = site.round.base.url.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data("theirs".utf8).write(to: elsewhere.appendingPathComponent("SOP-001.html"))
        try FileManager.default.createDirectory(at: site.out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: site.out.appendingPathComponent("procedures"), withDestinationURL: elsewhere)
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main") }
        #expect(error.code == .exists && error.message.contains("procedures/SOP-001.html"))
        #expect(try String(contentsOf: elsewhere.appendingPathComponent("SOP-001.html"), encoding: .utf8) == "theirs")
    }

    /// A publish that fails (lint, with --clean) leaves the published site as it was.
    @Test func aFailedPublishKeepsTheSite() throws {
        let site = try PublishedWorkspace(adopt: false)
        try site.publish(ref: "main")
        let before = try siteFiles(site.out)
        try site.commit(on: "main", ["Procedures/SOP-011-broken.md": PublishRefusalTests.failing])
        #expect(throws: SOPError.self) { try site.publish(ref: "main", .init(out: site.out.path, clean: true)) }
        #expect(try siteFiles(site.out) == before)
        #expect(try site.page("procedures/SOP-001.html").contains("Regional Framework"))
    }

    /// A page of the cache that went missing is made again, and so is a lost print part.
    @Test func missingPagesAreMadeAgain() throws {
        let site = try PublishedWorkspace(adopt: false)
        try site.publish(ref: "main")
        try FileManager.default.removeItem(at: site.out.appendingPathComponent("procedures/SOP-002.html"))
        try FileManager.default.removeItem(at: site.out.appendingPathComponent(".sop/print/SOP-003.html"))
        let again = try site.publish(ref: "main")
        #expect(Set(again.rendered) == ["SOP-002", "SOP-003"])
        #expect(try site.page("procedures/SOP-002.html").contains("Border Interview"))
        #expect(try site.page("print.html").contains("id=\"SOP-003-title\""))
    }

    /// A PDF that WeasyPrint fails to make leaves a folder the next publish can use.
    @Test func aFailedPDFLeavesAUsableFolder() throws {
        let site = try PublishedWorkspace(adopt: false)
        let tools = site.round.base.url.appendingPathComponent("tools")
        try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
        let fake = tools.appendingPathComponent("weasyprint")
        try Data("#!/bin/sh\necho 'cannot lay out page' >&2\nexit 3\n".utf8).write(to: fake)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let error = try #require(throws: SOPError.self) { try PrintEdition.makePDF(with: fake, from: site.out.appendingPathComponent("print.html"), to: site.out.appendingPathComponent("print.pdf")) }
        #expect(error.message.contains("cannot lay out page"))
        var publisher = Publisher(site.workspace)
        publisher.pdfProgram = fake
        #expect(throws: SOPError.self) { try publisher.publish(ref: "main", options: .init(out: site.out.path, pdf: true)) }
        let again = try site.publish(ref: "main")
        #expect(again.published.count == 7 && again.pdf == nil)
    }

    @Test func mustacheErrorNamesFileAndLine() throws {
        let site = try PublishedWorkspace(adopt: false)
        let path = "Templates/site/index.mustache"
        try site.round.base.write(path, "<main>\n{{#procedures}}\n<p>{{title}}</p>\n{{/procedure}}\n</main>\n")
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main", .init(out: site.out.path, templates: site.templates)) }
        #expect(error.location?.path == site.templates + "/index.mustache")
        #expect(error.location?.line == 4, "\(error)")
        #expect(error.message.contains("Mustache"))
        #expect(!FileManager.default.fileExists(atPath: site.out.path))
    }

    @Test func aFiveMegabyteProcedure() throws {
        let site = try PublishedWorkspace(adopt: false)
        let paragraph = String(repeating: "The boarding officer records every person on board, their condition and needs. ", count: 12) + "\n\n"
        let sections = (1...7).map { "## \($0) Part \($0) {#\(["purpose", "scope", "definitions", "responsibilities", "procedure", "records", "references"][$0 - 1])}\n\n" }
        var body = sections.joined()
        while body.utf8.count < 5_000_000 { body += paragraph }
        try site.commit(on: "main", ["Procedures/SOP-012-large.md": procedure(id: "SOP-012", body: body)])
        let report = try site.publish(ref: "main")
        #expect(report.published.contains("SOP-012"))
        let page = try Data(contentsOf: site.out.appendingPathComponent("procedures/SOP-012.html"))
        #expect(page.count > 5_000_000)
    }

    @Test func anEmptySet() throws {
        let site = try PublishedWorkspace(adopt: false)
        let paths = try site.repository.files(under: "Procedures", inTree: try site.repository.commit(try site.repository.resolveCommit("main")).tree).keys
        try site.commit(on: "main", Dictionary(uniqueKeysWithValues: paths.filter { $0.hasSuffix(".md") }.map { ($0, String?.none) }))
        let report = try site.publish(ref: "main")
        #expect(report.published.isEmpty)
        #expect(try site.page("index.html").contains("The set has no procedures yet"))
        #expect(FileManager.default.fileExists(atPath: site.out.appendingPathComponent("print.html").path))
        #expect(SiteCheck.links(in: site.out).isEmpty)
    }

    /// After a publish stopped half-way, the files it was writing are sop's and are written
    /// again, whatever they hold.
    @Test func anInterruptedPublishIsRedone() throws {
        let site = try PublishedWorkspace(adopt: false)
        try site.publish(ref: "main")
        let good = try site.page("procedures/SOP-004.html")
        try Data("half written".utf8).write(to: site.out.appendingPathComponent("procedures/SOP-004.html"))
        try Data("[\"procedures/SOP-004.html\", \"procedures/SOP-099.html\"]".utf8).write(to: site.out.appendingPathComponent(".sop/writing.json"))
        try Data("orphan".utf8).write(to: site.out.appendingPathComponent("procedures/SOP-099.html"))
        let again = try site.publish(ref: "main")
        #expect(try site.page("procedures/SOP-004.html") == good)
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent("procedures/SOP-099.html").path))
        #expect(!FileManager.default.fileExists(atPath: site.out.appendingPathComponent(".sop/writing.json").path))
        #expect(again.foreign.isEmpty)
        #expect(try site.publish(ref: "main").written == 0)
    }

    /// A file whose time changed but not its content (`touch`, a copy) is still sop's.
    @Test func aTouchedPageIsStillSops() throws {
        let site = try PublishedWorkspace(adopt: false)
        try site.publish(ref: "main")
        let page = site.out.appendingPathComponent("index.html").path
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_000_000)], ofItemAtPath: page)
        let again = try site.publish(ref: "main")
        #expect(again.foreign.isEmpty && again.written == 0)
    }

    @Test func aSiteInsideTheSetIsRefused() throws {
        let site = try PublishedWorkspace(adopt: false)
        let inside = site.round.base.url.appendingPathComponent("Procedures/site").path
        let error = try #require(throws: SOPError.self) { try site.publish(ref: "main", .init(out: inside)) }
        #expect(error.message.contains("inside Procedures/"))
        #expect(!FileManager.default.fileExists(atPath: inside))
    }

    /// With --keep-going, links to a procedure left out lead to the index (no broken link), and
    /// once it passes again the pages that link to it are made again to link to its page.
    @Test func linksToALeftOutProcedure() throws {
        let site = try PublishedWorkspace(adopt: false)
        let path = "Procedures/SOP-006-migration-data.md"
        let text = try site.text(path)
        try site.publish(ref: "main")
        try site.commit(on: "main", [path: text.replacingOccurrences(of: "## 1 Purpose {#purpose}", with: "## 1 Purpose {#purpose}\n\nSee [nothing](SOP-001-regional-framework.md#no-such-section).")])
        let left = try site.publish(ref: "main", .init(out: site.out.path, keepGoing: true))
        #expect(!left.published.contains("SOP-006") && left.rendered.count > 1, "pages linking to SOP-006: \(left.rendered)")
        #expect(SiteCheck.links(in: site.out).isEmpty, "\(SiteCheck.links(in: site.out))")
        let linking = try site.page("procedures/\(left.rendered.first { $0 != "SOP-006" }!).html")
        #expect(linking.contains("href=\"../index.html#sop-procedures\"") && !linking.contains("procedures/SOP-006.html"))
        try site.commit(on: "main", [path: text])
        let back = try site.publish(ref: "main")
        #expect(Set(back.rendered) == Set(left.rendered + ["SOP-006"]))
        #expect(SiteCheck.links(in: site.out).isEmpty)
        #expect(try site.page("procedures/\(left.rendered.first { $0 != "SOP-006" }!).html").contains("procedures/SOP-006.html"))
    }
}
