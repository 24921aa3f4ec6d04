import Foundation
import SOPKit
import Testing

/// The catalogue of a user interface's words: strict loading (every key in every language,
/// the same placeholders), lookups, the nested context templates read, the choice of language
/// from a browser's Accept-Language, and dates and numbers written per language.
@Suite struct CatalogueTests {
    static let folder = "Templates/portal/messages"

    static func files(_ texts: [String: String]) -> [String: Data] { texts.mapValues { Data($0.utf8) } }

    static let english = """
        # The sign-in page.
        signin.title: Sign in
        round.closes: "Closes {date}"
        round.count: "{count} comments on {section}"
        """

    @Test func aCompleteCatalogueLoadsAndFillsPlaceholders() throws {
        let catalogue = try Catalogue.load(
            files: Self.files([
                "en.yaml": Self.english,
                "fr.yaml": "signin.title: Se connecter\nround.closes: \"Clôture le {date}\"\nround.count: \"{count} commentaires sur {section}\"\n",
                "README.txt": "notes for translators",
            ]), folder: Self.folder)
        #expect(catalogue.languages == ["en", "fr"])
        #expect(catalogue.text("round.closes", "fr", ["date": "3 décembre 2026"]) == "Clôture le 3 décembre 2026")
        #expect(catalogue.text("signin.title", "de") == "Sign in", "a language not in the catalogue falls back to English")
        #expect(catalogue.text("no.such", "fr") == "no.such")
        let context = catalogue.context("fr")
        #expect((context["signin"] as? [String: Any])?["title"] as? String == "Se connecter")
    }

    @Test func aKeyMissingInOneLanguageIsRefusedNamingTheFileAndTheKey() throws {
        let missing = Self.files(["en.yaml": Self.english, "fr.yaml": "signin.title: Se connecter\nround.count: \"{count} commentaires sur {section}\"\n"])
        let error = try #require(throws: SOPError.self) { try Catalogue.load(files: missing, folder: Self.folder) }
        #expect(error.description.contains("Templates/portal/messages/fr.yaml has no 'round.closes'"), "\(error)")
        #expect(error.hint?.contains("add `round.closes: \"…\"` to Templates/portal/messages/fr.yaml") == true, "\(error)")
    }

    @Test func anExtraKeyAChangedPlaceholderAndBadYAMLAreRefusedAtTheirLine() throws {
        let extra = Self.files(["en.yaml": Self.english, "nl.yaml": Self.english + "\nround.extra: Extra\n"])
        let unknown = try #require(throws: SOPError.self) { try Catalogue.load(files: extra, folder: Self.folder) }
        #expect(unknown.description.contains("messages/nl.yaml:5"), "\(unknown)")
        #expect(unknown.description.contains("'round.extra', which en.yaml does not have"), "\(unknown)")

        let renamed = Self.files(["en.yaml": Self.english, "es.yaml": Self.english.replacingOccurrences(of: "{date}", with: "{fecha}")])
        let placeholder = try #require(throws: SOPError.self) { try Catalogue.load(files: renamed, folder: Self.folder) }
        #expect(placeholder.description.contains("messages/es.yaml:3"), "\(placeholder)")
        #expect(placeholder.description.contains("'round.closes' in \(Self.folder)/es.yaml has the placeholders {fecha}, but en.yaml has {date}"), "\(placeholder)")

        let broken = Self.files(["en.yaml": "signin.title: Sign in\nround.closes: \"Closes {date}\n"])
        let yaml = try #require(throws: SOPError.self) { try Catalogue.load(files: broken, folder: Self.folder) }
        #expect(yaml.description.contains("messages/en.yaml:"), "\(yaml)")
        #expect(yaml.description.contains("malformed YAML"), "\(yaml)")

        let nested = Self.files(["en.yaml": "round.closes: Closes\nround.closes.date: On\n"])
        let both = try #require(throws: SOPError.self) { try Catalogue.load(files: nested, folder: Self.folder) }
        #expect(both.description.contains("'round.closes' is a text and also the start of 'round.closes.date'"), "\(both)")

        let noEnglish = try #require(throws: SOPError.self) { try Catalogue.load(files: Self.files(["fr.yaml": "a.b: c"]), folder: Self.folder) }
        #expect(noEnglish.description.contains("has no en.yaml"))
    }

    @Test func theBrowsersLanguageIsTheBestMatchByQualityAndRegion() throws {
        let texts = Dictionary(uniqueKeysWithValues: ["en", "es", "fr", "nl"].map { ("\($0).yaml", "signin.title: x\n") })
        let catalogue = try Catalogue.load(files: Self.files(texts), folder: Self.folder)
        #expect(catalogue.language(accepting: "fr-HT,fr;q=0.9,en;q=0.8") == "fr")
        #expect(catalogue.language(accepting: "es-419") == "es")
        #expect(catalogue.language(accepting: "de-DE, nl;q=0.5, en;q=0.4") == "nl")
        #expect(catalogue.language(accepting: "en;q=0.2, NL-sr;q=0.9") == "nl")
        #expect(catalogue.language(accepting: "de, pt;q=0.5") == "en")
        #expect(catalogue.language(accepting: "fr;q=0, es;q=0.1") == "es", "q=0 means not at all")
        #expect(catalogue.language(accepting: nil) == "en")
        #expect(catalogue.language(accepting: ";;,,q=") == "en")
    }

    @Test func datesAndNumbersAreWrittenPerLanguage() {
        let day = Timestamp.parse("2026-12-03T17:05Z")!
        #expect(Catalogue.format(date: day, language: "en") == "3 December 2026")
        #expect(Catalogue.format(date: day, language: "es") == "3 de diciembre de 2026")
        #expect(Catalogue.format(date: day, language: "fr") == "3 décembre 2026")
        #expect(Catalogue.format(date: day, language: "nl") == "3 december 2026")
        for language in ["en", "es", "fr", "nl"] {
            let moment = Catalogue.format(dateTime: day, language: language)
            #expect(moment.contains("17:05") && moment.hasSuffix(" UTC") && moment.contains("2026"), "\(language): \(moment)")
        }
        #expect(Catalogue.format(number: 12_000, language: "en") == "12,000")
        #expect(Catalogue.format(number: 12_000, language: "nl") == "12.000")
        #expect(Catalogue.format(number: 12_000, language: "fr").filter(\.isNumber) == "12000")
        #expect(Catalogue.format(number: 12_000, language: "fr") != "12,000")
        #expect(Catalogue.format(number: 7, language: "es") == "7")
    }
}
