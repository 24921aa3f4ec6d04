import Foundation
import HummingbirdTesting
import SOPKit
@testable import SOPServer
import Testing

/// The portal in Spanish, French and Dutch: every page a focal point sees, refusals
/// included, has no English words of the catalogue outside what people wrote; the account's
/// language wins over the browser's, and the official changes it on the portal.
@Suite struct PortalLanguageTests {
    /// The page's text as a reader sees it, without what people wrote: scripts, isolated
    /// words (`<bdi>`) and text of its own direction (`dir="auto"`: comments, the procedure,
    /// what a refusal kept) are cut out, then the tags.
    static func visibleText(_ html: String) -> String {
        var text = html.replacing(/<script\b.*?<\/script>/.dotMatchesNewlines(), with: " ")
        text = text.replacing(/<bdi>.*?<\/bdi>/.dotMatchesNewlines(), with: " ")
        text = text.replacing(/<(p|pre|blockquote|div|del|ins|textarea)\b[^>]*dir="auto"[^>]*>.*?<\/\1>/.dotMatchesNewlines(), with: " ")
        text = text.replacing(/<option\b[^>]*value="SOP-[^>]*>.*?<\/option>/.dotMatchesNewlines(), with: " ")
        text = text.replacing(/<[^>]*>/, with: " ")
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// The English texts of the catalogue that `language` words differently, as the literal
    /// runs between placeholders longer than three characters; the language's own name is
    /// shown in the language menu of every page, and is left out.
    static func englishWords(_ catalogue: Catalogue, unlike language: String) -> [(key: String, words: String)] {
        catalogue.keys.filter { $0 != "language.name" }.flatMap { key -> [(key: String, words: String)] in
            let english = catalogue.raw(key, "en") ?? "", translated = catalogue.raw(key, language) ?? ""
            guard english != translated else { return [] }
            return english.split(separator: /\{[A-Za-z0-9]+\}/).map { $0.trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters)) }
                .filter { $0.count > 3 && !translated.contains($0) }.map { (key, $0) }
        }
    }

    /// Whether `words` appear in `text` as whole words (not as the start of a longer one).
    static func contains(_ text: String, words: String) -> Bool {
        var rest = text[...]
        while let range = rest.range(of: words) {
            let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
            if !(before?.isLetter ?? false), !(after?.isLetter ?? false) { return true }
            rest = text[range.upperBound...]
        }
        return false
    }

    static func expectNoEnglish(_ page: Browser.Page, _ language: String, _ what: String, _ catalogue: Catalogue) {
        #expect(page.body.contains("<html lang=\"\(language)\">"), "\(language) \(what): \(page.body.prefix(80))")
        let text = visibleText(page.body)
        for (key, words) in englishWords(catalogue, unlike: language) where contains(text, words: words) {
            Issue.record("\(language) \(what): the English of \(key) (\"\(words)\") is on the page")
        }
    }

    @Test(arguments: ["es", "fr", "nl"])
    func everyPageAFocalPointSeesIsInTheirLanguage(_ language: String) async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, portal in
            let catalogue = portal.catalogue
            let control = Self.visibleText(try await Browser(client).get("/signin").body)
            #expect(Self.englishWords(catalogue, unlike: language).contains { Self.contains(control, words: $0.words) }, "the check finds English on an English page")
            let tt = Browser(client)
            tt.acceptLanguage = "\(language)-419;q=0.9, en;q=0.5"
            Self.expectNoEnglish(try await tt.get("/signin"), language, "sign-in page", catalogue)
            let wrong = try await tt.post("/signin", [("email", fixture.accounts["TT"]!), ("password", "not the password at all")])
            #expect(wrong.status == .unauthorized)
            Self.expectNoEnglish(wrong, language, "failed sign-in", catalogue)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let commented = try await tt.post(
                "/rounds/night-1/comments",
                [("section", "SOP-004#detection"), ("quote", "within one hour"), ("type", "te"), ("text", "Not workable at night."), ("blocking", "yes")])
            #expect(commented.status == .seeOther)
            let pages = [
                ("dashboard", "/"), ("round", "/rounds/night-1"), ("position form", "/rounds/night-1/position"),
                ("changes", "/rounds/night-1/changes"), ("history", "/procedures/SOP-004/history"), ("404", "/rounds/no-such-1"),
                ("import notice", "/rounds/night-1?imported=2"),
            ]
            for (what, path) in pages {
                let page = try await tt.get(path)
                #expect(page.status == (what == "404" ? .notFound : .ok), "\(what)")
                Self.expectNoEnglish(page, language, what, catalogue)
            }
            let dashboard = try await tt.get("/")
            #expect(dashboard.body.contains(catalogue.text("dashboard.owesPosition", language)))
            let round = try await tt.get("/rounds/night-1")
            #expect(round.body.contains(catalogue.text("comment.blocking", language)))
            #expect(round.body.contains(Catalogue.format(dateTime: fixture.clock.now, language: language)), "comment dates the \(language) way")

            // A position sent after a new revision came in: 409, in the official's language.
            try await tt.get("/rounds/night-1/position")
            try fixture.revise { $0.replacingOccurrences(of: "within one hour", with: "within thirty minutes") }
            let stale = try await tt.post("/rounds/night-1/position", [("stance", "object"), ("reason", "Two hours at night, not one.")])
            #expect(stale.status == .conflict)
            Self.expectNoEnglish(stale, language, "409", catalogue)
            #expect(Self.visibleText(stale.body).contains(catalogue.text("refusal.textChanged", language)), "\(stale.body)")
            #expect(stale.body.contains("Two hours at night, not one."), "what was typed is kept")
            let forged = try await tt.post("/rounds/night-1/comments", [("section", "SOP-004#detection"), ("type", "te"), ("text", "x")], withToken: false)
            #expect(forged.status == .forbidden)
            Self.expectNoEnglish(forged, language, "403", catalogue)
        }
    }

    @Test func theAccountsLanguageWinsOverTheBrowsersAndChangingItPersists() async throws {
        let fixture = try PortalFixture()
        let store = AccountStore(file: fixture.accountsFile, cost: 4)
        try store.setLanguage(fixture.accounts["TT"]!, to: "fr")
        try await fixture.test { client, portal in
            let tt = Browser(client)
            tt.acceptLanguage = "es, en;q=0.8"
            #expect(try await tt.get("/signin").body.contains("<html lang=\"es\">"), "signed out: the browser's")
            try await tt.signIn(fixture.accounts["TT"]!)
            let french = try await tt.get("/rounds/night-1")
            #expect(french.body.contains("<html lang=\"fr\">"), "signed in: the account's")
            #expect(french.body.contains(#"<option value="fr" lang="fr" selected>Français</option>"#))
            let changed = try await tt.post("/language", [("language", "nl"), ("back", "/rounds/night-1")])
            #expect(changed.status == .seeOther && changed.location == "/rounds/night-1")
            #expect(try await tt.get("/rounds/night-1").body.contains("<html lang=\"nl\">"))
            #expect(try store.account(fixture.accounts["TT"]!)?.language == "nl", "stored in the account")
            let elsewhere = try await tt.post("/language", [("language", "es"), ("back", "//attacker.example/")])
            #expect(elsewhere.location == "/", "the form returns only to the portal's own pages")
            let unknown = try await tt.post("/language", [("language", "xx")])
            #expect(unknown.status == .badRequest)
            #expect(Self.visibleText(unknown.body).contains(portal.catalogue.text("error.unknownLanguage", "es", ["languages": "en, es, fr, nl"])), "\(unknown.body)")
            let forged = try await tt.post("/language", [("language", "en"), ("csrf", "forged")])
            #expect(forged.status == .forbidden)
            #expect(try store.account(fixture.accounts["TT"]!)?.language == "es", "a forged form changes nothing")

            // Another official with no language of their own reads the browser's.
            let jm = Browser(client)
            jm.acceptLanguage = "nl-SR"
            try await jm.signIn(fixture.accounts["JM"]!)
            #expect(try await jm.get("/").body.contains("<html lang=\"nl\">"))
            jm.acceptLanguage = nil
            #expect(try await jm.get("/").body.contains("<html lang=\"en\">"), "no preference: English")
        }
    }

    @Test func aSignInLinkOpensInTheAccountsLanguage() async throws {
        let fixture = try PortalFixture()
        let store = AccountStore(file: fixture.accountsFile, cost: 4)
        let set = try Consultation(fixture.workspace).protocolSet(at: "main")
        let token = try store.add(
            email: "marie@immigration.gouv.ht", name: "Marie Joseph", participant: "HT", role: nil, language: "fr", set: set, now: fixture.clock.now)
        try await fixture.test { client, portal in
            let browser = Browser(client)
            browser.acceptLanguage = "en"
            let welcome = try await browser.get("/welcome/\(token)")
            #expect(welcome.body.contains("<html lang=\"fr\">"))
            Self.expectNoEnglish(welcome, "fr", "welcome page", portal.catalogue)
            let bad = try await browser.get("/welcome/" + String(repeating: "a", count: 43))
            #expect(bad.status == .notFound && bad.body.contains("<html lang=\"en\">"), "an unknown link: the browser's")
        }
    }
}
