import Foundation
import TestSupport
import Testing

/// `sop user add --timezone` and `sop user set --timezone`: an account's deadlines are shown
/// on its country's clock unless it chose another, and a name that is no zone is refused.
@Suite struct TimeZoneCLITests {
    @Test func anAccountTakesItsCountrysZoneUntilItChoosesAnother() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspace()
        #expect(try sandbox.sop("user", "add", "ana@immigration.gov.tt", "--as", "TT", "--name", "Ana Ruiz").status == 0)
        let moved = try sandbox.sop("user", "set", "ana@immigration.gov.tt", "--timezone", "Europe/Amsterdam", "--json")
        #expect(moved.status == 0, "\(moved.output)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: String])
        #expect(object["timezone"] == "Europe/Amsterdam")
        let back = try sandbox.sop("user", "set", "ana@immigration.gov.tt", "--timezone", "country")
        #expect(back.stdout.contains("in UTC and America/Port_of_Spain"), "\(back.output)")
        #expect(try sandbox.read(".git/sop/accounts.json").contains("timeZone") == false, "the country's zone is not stored")
        let added = try sandbox.sop("user", "add", "lee@iom.example.org", "--as", "IOM", "--name", "Lee Chan", "--timezone", "Europe/Zurich")
        #expect(added.status == 0, "\(added.output)")
        let list = try sandbox.sop("user", "list", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: String]])
        #expect(rows.map { $0["timezone"] } == ["America/Port_of_Spain", "Europe/Zurich"], "\(rows)")
    }

    @Test func aNameThatIsNoZoneIsRefusedAndChangesNothing() throws {
        let sandbox = try Sandbox()
        try sandbox.sampleWorkspace()
        #expect(try sandbox.sop("user", "add", "ana@immigration.gov.tt", "--as", "TT", "--name", "Ana Ruiz").status == 0)
        let before = try sandbox.read(".git/sop/accounts.json")
        for arguments in [
            ["user", "set", "ana@immigration.gov.tt", "--timezone", "Port of Spain"],
            ["user", "set", "ana@immigration.gov.tt", "--lang", "es", "--timezone", "GMT-4"],
            ["user", "add", "paul@pica.gov.jm", "--as", "JM", "--name", "Paul Brown", "--timezone", "Kingston"],
        ] {
            let refused = try sandbox.run(Sandbox.binary, arguments, in: "ws", stdin: nil)
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr.contains("is not a time zone") && refused.stderr.contains("America/Port_of_Spain"), "\(refused.stderr)")
            #expect(try sandbox.read(".git/sop/accounts.json") == before, "a refused command changes nothing")
        }
        let nothing = try sandbox.run(Sandbox.binary, ["user", "set", "ana@immigration.gov.tt"], in: "ws", stdin: nil)
        #expect(nothing.status != 0 && nothing.stderr.contains("give --lang, --timezone or both"), "\(nothing.stderr)")
    }
}
