import Foundation
import Git
import Testing
@testable import SOPKit

/// Language versions of procedures: what the sample ships, and every way a translation can be
/// wrong or fall behind its source.
@Suite struct TranslationTests {
    let fixture: TemporaryWorkspace
    init() throws { fixture = try TemporaryWorkspace() }

    func report() throws -> TranslationReport {
        try fixture.workspace.translationReport(try Snapshot.load(from: fixture.workspace.worktree()))
    }

    @Test func theSampleHasOneCurrentAndOneBehindTranslationInSpanishAndFrench() throws {
        let report = try report()
        for language in ["es", "fr"] {
            #expect(report.entry("SOP-004", language)?.state == .current)
            let behind = try #require(report.entry("SOP-002", language))
            #expect(behind.state == .behind)
            #expect(behind.sections.map(\.id) == ["rights", "outcome"])
            let rights = try #require(behind.sections.first)
            #expect(rights.change == .changed)
            #expect(rights.old?.contains("the ordinary time of") == true)
            #expect(rights.new?.contains("reviewed every four hours") == true)
            #expect(rights.line != nil)
        }
        #expect(report.entry("SOP-004", "nl")?.state == .missing)
        #expect(report.entry("SOP-004", "es")?.status == .official)
        #expect(report.entry("SOP-002", "fr")?.status == .working)
    }

    @Test func lintWarnsAtEachSectionBehindAndNotesMissingLanguages() throws {
        let diagnostics = try report().diagnostics
        let behind = diagnostics.filter { $0.check == "translation-behind" }
        #expect(behind.count == 4)
        #expect(behind.allSatisfy { $0.severity == .warning && $0.location.path.hasPrefix("Procedures/") && ($0.location.line ?? 0) > 1 })
        #expect(diagnostics.contains { $0.check == "translation-missing" && $0.message.contains("no nl version of SOP-001") })
        #expect(!diagnostics.contains { $0.severity == .error })
    }

    @Test func aTranslationWhoseSectionIDsDifferIsInvalidAtTheLine() throws {
        let path = "Procedures/es/SOP-004-maritime-interception.md"
        try fixture.write(path, try fixture.read(path).replacingOccurrences(of: "{#screening}", with: "{#evaluacion}"))
        let entry = try #require(try report().entry("SOP-004", "es"))
        #expect(entry.state == .invalid)
        let problem = try #require(entry.problems.first)
        #expect(problem.message.contains("lacks {#screening}"))
        #expect(problem.message.contains("has {#evaluacion}"))
        let line = try fixture.read(path).split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("{#evaluacion}") }
        #expect(problem.location.line == line.map { $0 + 1 })

        // Published, the English is shown, saying the Spanish is withheld rather than missing.
        _ = try Drafts(fixture.workspace).start("es-ids")
        _ = try Drafts(fixture.workspace).save(message: "Spanish section renamed", author: Signature(name: "Translator", email: "es@example.org"))
        let out = fixture.url.appendingPathComponent("site")
        let published = try Publisher(fixture.workspace).publish(ref: "draft/es-ids", options: .init(out: out.path, keepGoing: true))
        #expect(published.left.contains { $0.message.contains("lacks {#screening}") }, "the problem is in the report")
        let page = try String(contentsOf: out.appendingPathComponent("es/procedures/SOP-004.html"), encoding: .utf8)
        #expect(page.contains("La versión en español de este procedimiento no coincide con el texto en inglés y se retiene"), "\(page.prefix(3000))")
        #expect(!page.contains("Aún no existe versión"))
        #expect(try String(contentsOf: out.appendingPathComponent("es/index.html"), encoding: .utf8).contains("Versión retenida"))
    }

    @Test func aLanguageNotInTheSetIsRefused() throws {
        try fixture.write("Procedures/pt/SOP-004-maritime-interception.md", try fixture.read("Procedures/es/SOP-004-maritime-interception.md").replacingOccurrences(of: "language: es", with: "language: pt"))
        let entry = try #require(try report().translations.first { $0.language == "pt" })
        #expect(entry.state == .invalid)
        #expect(entry.problems.contains { $0.message.contains("'pt' is not a language of the set") && $0.location.line == 4 })
    }

    @Test func aLanguageFieldThatContradictsItsFolderIsRefused() throws {
        let path = "Procedures/fr/SOP-004-maritime-interception.md"
        try fixture.write(path, try fixture.read(path).replacingOccurrences(of: "language: fr", with: "language: es"))
        let entry = try #require(try report().entry("SOP-004", "fr"))
        #expect(entry.problems.contains { $0.message.contains("does not match the folder Procedures/fr/") })
    }

    @Test func aSourceRevisionThatDoesNotExistIsRefused() throws {
        let path = "Procedures/fr/SOP-004-maritime-interception.md"
        let text = try fixture.read(path)
        let fake = String(repeating: "ab", count: 20)
        try fixture.write(path, text.replacingOccurrences(of: #"source-revision: [0-9a-f]+"#, with: "source-revision: \(fake)", options: .regularExpression))
        let entry = try #require(try report().entry("SOP-004", "fr"))
        #expect(entry.state == .invalid)
        #expect(entry.problems.contains { $0.message.contains("source-revision \(fake) does not exist") && $0.location.line == 6 })
        try fixture.write(path, text.replacingOccurrences(of: #"source-revision: [0-9a-f]+"#, with: "source-revision: main", options: .regularExpression))
        #expect(try report().entry("SOP-004", "fr")?.problems.contains { $0.message.contains("is not a commit ID") } == true)
    }

    @Test func anAuthenticClaimTheSetDoesNotMakeIsRefused() throws {
        let path = "Procedures/es/SOP-004-maritime-interception.md"
        try fixture.write(path, try fixture.read(path).replacingOccurrences(of: "translation: official", with: "translation: authentic"))
        #expect(try report().entry("SOP-004", "es")?.problems.contains { $0.message.contains("not an authentic language") } == true)
    }

    @Test func aSourceSectionAddedOrRemovedShowsAsBehind() throws {
        let source = "Procedures/SOP-004-maritime-interception.md"
        var text = try fixture.read(source)
        text = text.replacingOccurrences(of: "## 6 Records {#records}", with: "## 6 Training {#training}\n\nCrews train yearly.\n\n## 7 Records {#records}")
        try fixture.write(source, text)
        let entry = try #require(try report().entry("SOP-004", "es"))
        #expect(entry.state == .behind)
        #expect(entry.sections.contains { $0.id == "training" && $0.change == .added && $0.old == nil && $0.new?.contains("Crews train yearly.") == true })
    }

    @Test func startingAndFinishingATranslationRecordsTheCommittedSource() throws {
        let workspace = fixture.workspace
        let path = try workspace.startTranslation(of: "SOP-001", language: "nl", status: .working)
        #expect(path == "Procedures/nl/SOP-001-regional-framework.md")
        let written = try fixture.read(path)
        #expect(written.contains("language: nl\ntranslation: working\nsource-revision: "))
        #expect(try report().entry("SOP-001", "nl")?.state == .current)
        #expect(throws: SOPError.self) { try workspace.startTranslation(of: "SOP-001", language: "nl", status: .working) }
        #expect(throws: SOPError.self) { try workspace.startTranslation(of: "SOP-001", language: "pt", status: .working) }
        #expect(throws: SOPError.self) { try workspace.startTranslation(of: "SOP-001", language: "en", status: .working) }

        // The Spanish SOP-002 catches up: its translator rewrites both sections, then says so.
        let es = "Procedures/es/SOP-002-border-interview.md"
        let (_, caughtUp) = try workspace.finishTranslation(of: "SOP-002", language: "es")
        #expect(caughtUp.map(\.id) == ["rights", "outcome"])
        #expect(try report().entry("SOP-002", "es")?.state == .current)
        #expect(try fixture.read(es).contains("source-revision: \(try workspace.repository.head()!.hex)"))

        // Uncommitted source text cannot be a revision anyone else can look up.
        try fixture.write("Procedures/SOP-002-border-interview.md", try fixture.read("Procedures/SOP-002-border-interview.md") + "\nMore.\n")
        #expect(throws: SOPError.self) { try workspace.finishTranslation(of: "SOP-002", language: "fr") }
    }

    @Test func setYAMLAuthenticLanguagesMustBeLanguagesOfTheSet() throws {
        let text = try fixture.read(ProtocolSet.path)
        #expect(try ProtocolSet.parse(text).authentic == ["en"])
        #expect(try ProtocolSet.parse(text.replacingOccurrences(of: "authentic: [en]", with: "authentic: [en, fr]")).authentic == ["en", "fr"])
        #expect(throws: SOPError.self) { try ProtocolSet.parse(text.replacingOccurrences(of: "authentic: [en]", with: "authentic: [en, pt]")) }
        #expect(throws: SOPError.self) { try ProtocolSet.parse(text.replacingOccurrences(of: "authentic: [en]", with: "authentic: [fr]")) }
    }

    @Test func theSiteInEveryLanguageSaysHowFarEachVersionIsBehind() throws {
        let out = fixture.url.appendingPathComponent("site")
        let published = try Publisher(fixture.workspace).publish(ref: "main", options: .init(out: out.path))
        #expect(published.languages == ["es", "fr", "nl"])
        func page(_ path: String) throws -> String { try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8) }
        let behind = try page("fr/procedures/SOP-002.html")
        #expect(behind.contains("<html lang=\"fr\">"))
        #expect(behind.contains("Traduction de travail"), "the status")
        #expect(behind.contains("2 section(s)"), "the count of sections behind the English text")
        #expect(behind.contains("<a href=\"#rights\">5.2 ") && behind.contains("<a href=\"#outcome\">5.8 "), "links to the sections behind")
        #expect(behind.contains("href=\"../../procedures/SOP-002.html#rights\""), "and to the English text of them")
        #expect(behind.contains("class=\"translation-note translation-stale\""))
        let current = try page("es/procedures/SOP-004.html")
        #expect(current.contains("Traducción oficial, al día con el texto en inglés"))
        #expect(!current.contains("translation-note"))
        let missing = try page("nl/procedures/SOP-004.html")
        #expect(missing.contains("translation-missing") && missing.contains("<html lang=\"nl\">"))
        #expect(missing.contains("class=\"translation-note translation-fallback\""), "every section shown in English is marked")
        let english = try page("procedures/SOP-004.html")
        #expect(english.contains("hreflang=\"fr\" lang=\"fr\">Français</a>"), "the language switcher")
        #expect(try page("fr/print.html").contains("Interception maritime et débarquement"))
        #expect(try page("fr/index.html").contains("Traduction de travail (2)"))

        // A translator catches up: the French SOP-002 is current once it names the new source.
        _ = try fixture.workspace.finishTranslation(of: "SOP-002", language: "fr")
        let entry = try #require(try report().entry("SOP-002", "fr"))
        #expect(entry.state == .current)
    }
}
