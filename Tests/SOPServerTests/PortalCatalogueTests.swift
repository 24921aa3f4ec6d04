import Foundation
import SOPKit
@testable import SOPServer
import Testing

/// The portal's catalogue as shipped: every key in every language with the same placeholders,
/// every key the templates and the code use, a name for every value the rules show, and a
/// portal that will not start on a catalogue missing a key.
@Suite struct PortalCatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var templates: URL { root.appendingPathComponent("Templates/portal") }

    @Test func theShippedCatalogueHasEveryKeyInEveryLanguageWithTheSamePlaceholders() throws {
        let catalogue = try Portal.shippedCatalogue()
        #expect(catalogue.languages == ["en", "es", "fr", "nl"])
        #expect(catalogue.keys.count > 200)
        for language in catalogue.languages {
            for key in catalogue.keys {
                let text = try #require(catalogue.raw(key, language), "\(language).yaml has no \(key)")
                #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty, "\(language).yaml: \(key) is empty")
                #expect(Catalogue.placeholders(in: text) == Catalogue.placeholders(in: catalogue.raw(key, "en") ?? ""), "\(language).yaml: \(key)")
            }
        }
        #expect(catalogue.text("language.name", "nl") == "Nederlands")
    }

    @Test func everyValueTheRulesShowHasANameInTheCatalogue() throws {
        let catalogue = try Portal.shippedCatalogue()
        let keys =
            ["open", "paused", "closed"].map { "state." + $0 }
            + ["adopted", "not-adopted", "pending", "blocked"].map { "result." + $0 }
            + DecisionRule.allCases.map { "rule." + $0.rawValue } + Comment.Kind.allCases.map { "type." + $0.rawValue }
            + Comment.Resolution.allCases.map { "resolution." + $0.rawValue } + Participant.Kind.allCases.map { "kind." + $0.rawValue } + ["kind.unknown"]
            + ["added", "removed", "moved", "renamed", "changed"].map { "change." + $0 }
            + (Position.Stance.allCases.map(\.rawValue) + ["stale", "none"]).map { "positionState." + $0 }
            + SOPError.Reason.Key.all.map { "refusal." + $0.rawValue }
            + Translation.Status.allCases.map { "translation." + $0.rawValue }
            + RoundLog.Channel.allCases.map { "channel." + $0.rawValue } + Position.Stance.allCases.map { "log.stated." + $0.rawValue }
            + Status.allCases.map { "status." + $0.rawValue }
            + ([Refusal.Code.notAllowed, .notNow, .duplicate, .malformed, .overLimit].map(\.rawValue) + ["other"]).map { "refused." + $0 }
        for key in keys { #expect(catalogue.has(key), "en.yaml has no \(key)") }
        #expect(Set(["open", "paused", "closed"]) == Set([Round.State.open, .paused, .closed].map(\.rawValue)))
    }

    /// Every `{{t.…}}` of the templates and every key the portal's, `sop user`'s and the digest's Swift
    /// name (a literal first argument of a refusal or a lookup, or any literal shaped like a
    /// key of one of the catalogue's groups) is in en.yaml, so no page shows a bare key.
    @Test func everyKeyTheTemplatesAndTheCodeUseIsInTheCatalogue() throws {
        let catalogue = try Portal.shippedCatalogue()
        var used: [String: String] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.templates.path).filter { $0.hasSuffix(".mustache") }
        #expect(names.count >= 11)
        for name in names {
            let text = try String(contentsOf: Self.templates.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: /\{\{[#^\/]?\s*t\.([A-Za-z0-9.\-_]+)\s*\}\}/) { used[String(match.1), default: name] = name }
        }
        #expect(used.count > 80, "the templates take their words from the catalogue")
        let groups = Set(catalogue.keys.map { String($0.prefix { $0 != "." }) })
        var sources = ["Sources/sop-portal/User.swift", "Sources/sop-portal/Digest.swift", "Sources/SOPKit/Rounds/StillOwed.swift", "Sources/SOPKit/Rounds/DigestWording.swift"]
            .map { Self.root.appendingPathComponent($0) }
        let folder = Self.root.appendingPathComponent("Sources/SOPServer")
        for case let url as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            sources.append(url)
        }
        var fromSwift = 0
        for url in sources {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in text.matches(of: /"([a-z][A-Za-z]*\.[A-Za-z0-9.\-]*[A-Za-z0-9])"/) {
                let key = String(match.1)
                guard groups.contains(String(key.prefix { $0 != "." })) else { continue }
                used[key] = url.lastPathComponent
                fromSwift += 1
            }
            for match in text.matches(of: /(?:PortalError|forbidden|notFound|badRequest|text|count|Message|\.init)\(\s*(?:\.[a-zA-Z]+,\s*)?"([^"\\]+)"/) {
                let key = String(match.1)
                // A prefix ("state.") is completed by a value: the test above checks every value.
                guard key.contains("."), !key.contains(" "), !key.hasSuffix(".") else { continue }
                used[key] = url.lastPathComponent
            }
        }
        #expect(fromSwift > 100, "the code takes its words from the catalogue")
        for (key, file) in used.sorted(by: { $0.key < $1.key }) {
            #expect(catalogue.has(key), "\(file) uses '\(key)', which en.yaml does not have")
        }
    }

    @Test func aPortalWithACatalogueMissingAKeyDoesNotStart() throws {
        let fixture = try PortalFixture()
        let copy = fixture.url.appendingPathComponent("templates")
        try FileManager.default.copyItem(at: Self.templates, to: copy)
        let french = copy.appendingPathComponent("messages/fr.yaml")
        let lines = try String(contentsOf: french, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        try Data(lines.filter { !$0.hasPrefix("round.commentTitle:") }.joined(separator: "\n").utf8).write(to: french)
        let clock = fixture.clock
        let configuration = PortalConfiguration(
            repository: fixture.root.path, accounts: fixture.accountsFile, templates: copy, keyDirectory: fixture.keys, bcryptCost: 4,
            now: { clock.now })
        let error = try #require(throws: SOPError.self) { try Portal(configuration) }
        #expect(error.description.contains("\(copy.path)/messages/fr.yaml has no 'round.commentTitle'"), "\(error)")
        #expect(error.hint?.contains("add `round.commentTitle: \"…\"`") == true, "\(error)")

        try FileManager.default.removeItem(at: copy.appendingPathComponent("messages"))
        let none = try #require(throws: SOPError.self) { try Portal(configuration) }
        #expect(none.description.contains("no messages/ folder in \(copy.path)"), "\(none)")
    }
}
