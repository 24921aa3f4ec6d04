import Foundation
import TestSupport
import Testing

/// `sop user add --lang` and `sop user set --lang`: the language is stored with the account,
/// the sign-in message for the secretariat to send is written in it, and a language the set
/// or the portal does not have is refused, changing nothing.
@Suite struct PortalLanguageCLITests {
    @Test func anAccountsLanguageIsStoredAndItsSignInMessageIsWrittenInIt() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspace()
        let added = try sandbox.sop(
            "user", "add", "marie.joseph@immigration.gouv.ht", "--as", "HT", "--name", "Marie Joseph", "--lang", "fr",
            "--base-url", "https://portal.cmc.example.org")
        #expect(added.status == 0, "\(added.output)")
        #expect(added.stdout.contains("message to send to marie.joseph@immigration.gouv.ht (fr):"), "\(added.stdout)")
        #expect(added.stdout.contains("Bonjour Marie Joseph,"))
        #expect(added.stdout.contains("exprimer la position de HT"))
        #expect(added.stdout.contains("connectez-vous sur https://portal.cmc.example.org/"))
        #expect(!added.stdout.contains("Dear Marie"), "no English in the message")
        let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
        #expect(months.contains { added.stdout.contains(" \($0) ") } && added.stdout.contains(" UTC"), "the expiry is written the French way")

        let list = try sandbox.sop("user", "list", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: String]])
        #expect(rows.first?["language"] == "fr")

        let changed = try sandbox.sop("user", "set", "marie.joseph@immigration.gouv.ht", "--lang", "nl", "--json")
        #expect(changed.status == 0, "\(changed.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(changed.stdout.utf8)) as? [String: String])
        #expect(object["language"] == "nl")
        let reset = try sandbox.sop("user", "reset", "marie.joseph@immigration.gouv.ht")
        #expect(reset.stdout.contains("Geachte Marie Joseph,") && reset.stdout.contains("nieuwe aanmeldlink"), "\(reset.stdout)")
        #expect(try sandbox.sop("user", "set", "marie.joseph@immigration.gouv.ht", "--lang", "browser").status == 0)
        #expect(try sandbox.read(".git/sop/accounts.json").contains("\"language\"") == false, "back to the browser's language")
        let english = try sandbox.sop("user", "add", "ana@immigration.gov.tt", "--as", "TT", "--name", "Ana Ruiz")
        #expect(english.stdout.contains("Dear Ana Ruiz,"), "no language: English")
    }

    @Test func aLanguageTheSetOrThePortalDoesNotHaveIsRefused() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspace()
        #expect(try sandbox.sop("user", "add", "ana@immigration.gov.tt", "--as", "TT", "--name", "Ana Ruiz").status == 0)
        let before = try sandbox.read(".git/sop/accounts.json")
        for arguments in [
            ["user", "add", "paul@pica.gov.jm", "--as", "JM", "--name", "Paul Brown", "--lang", "xx"],
            ["user", "set", "ana@immigration.gov.tt", "--lang", "xx"],
        ] {
            let refused = try sandbox.run(Sandbox.binary, arguments, in: "ws", stdin: nil)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr.contains("unknown language 'xx': the portal has no words in 'xx'"), "\(refused.stderr)")
            #expect(refused.stderr.contains("use one of: en, es, fr, nl"), "\(refused.stderr)")
            #expect(try sandbox.read(".git/sop/accounts.json") == before, "a refused command changes nothing")
        }
        // A language the portal has, but the set does not list.
        let set = sandbox.path("Procedures/set.yaml")
        let text = try String(contentsOf: set, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "languages: [en, es, fr, nl]", with: "languages: [en, es]").utf8).write(to: set)
        #expect(try sandbox.git("commit", "-qam", "Only English and Spanish").status == 0)
        let notInSet = try sandbox.sop("user", "add", "paul@pica.gov.jm", "--as", "JM", "--name", "Paul Brown", "--lang", "fr")
        #expect(notInSet.status == 1)
        #expect(notInSet.stderr.contains("'fr' is not one of the set's languages (Procedures/set.yaml: languages: [en, es])"), "\(notInSet.stderr)")
        #expect(notInSet.stderr.contains("use one of: en, es"))
    }
}
