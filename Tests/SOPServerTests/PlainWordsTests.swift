import Foundation
import HummingbirdTesting
import SOPKit
import SOPServer
import Testing

/// What an official reads on the round's pages is in their words, not the tool's: countries
/// by name, a deadline on their own clock beside UTC, and changes without Markdown.
@Suite struct PlainWordsTests {
    @Test func theOutcomeNamesTheCountriesItWaitsOn() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let official = Browser(client)
            try await official.signIn(try #require(fixture.accounts["TT"]))
            let english = try await official.get("/rounds/night-1").body
            #expect(english.contains("waiting on Belize (BZ), Jamaica (JM), Trinidad and Tobago (TT)"), "\(english)")
            #expect(!english.contains("waiting on BZ"))
            try await official.post("/language", [("language", "es"), ("back", "/rounds/night-1")])
            let spanish = try await official.get("/rounds/night-1").body
            #expect(spanish.contains("a la espera de Belice (BZ)") || spanish.contains("a la espera de Belize (BZ)"), "the Spanish sentence names them too: \(spanish)")
        }
    }

    @Test func aDeadlineIsShownOnTheOfficialsClockBesideUTC() async throws {
        let fixture = try PortalFixture()
        try await fixture.test { client, _ in
            let trinidad = Browser(client)
            try await trinidad.signIn(try #require(fixture.accounts["TT"]))
            let page = try await trinidad.get("/rounds/night-1").body
            #expect(page.contains("closes 1 February 2027 at 17:00 UTC (13:00 Atlantic Standard Time)"), "Trinidad keeps UTC−4")
            let dashboard = try await trinidad.get("/").body
            #expect(dashboard.contains("17:00 UTC (13:00 Atlantic Standard Time)"))

            let observer = Browser(client)
            try await observer.signIn(try #require(fixture.accounts["IOM"]))
            let plain = try await observer.get("/rounds/night-1").body
            #expect(plain.contains("closes 1 February 2027 at 17:00 UTC<") || plain.contains("closes 1 February 2027 at 17:00 UTC,"), "an organisation has no country clock")
            #expect(!plain.contains("Standard Time"))
        }
        try AccountStore(file: fixture.accountsFile, cost: 4).setTimeZone(try #require(fixture.accounts["IOM"]), to: "Pacific/Honolulu")
        try await fixture.test { client, _ in
            let observer = Browser(client)
            try await observer.signIn(try #require(fixture.accounts["IOM"]))
            try await observer.get("/")
            try await observer.post("/language", [("language", "fr"), ("back", "/rounds/night-1")])
            let page = try await observer.get("/rounds/night-1").body
            #expect(page.contains("17:00 UTC (soit 07:00, heure normale d’Hawaï"), "a chosen zone, in French: \(page)")
        }
    }

    @Test func aDeadlineOnAnotherDayLocallySaysWhichDay() {
        let closes = Timestamp.parse("2027-02-01T02:00Z")!
        let zone = TimeZone(identifier: "America/Belize")!
        #expect(Catalogue.format(localTime: closes, language: "en", zone: zone) == "31 January at 20:00")
        #expect(Catalogue.format(localTime: closes, language: "es", zone: zone).contains("31 de enero"))
    }

    @Test func aZoneMustBeOneOfTheDatabase() throws {
        #expect(throws: SOPError.self) { try AccountStore.timeZone("Port of Spain") }
        #expect(try AccountStore.timeZone("America/Port_of_Spain") == "America/Port_of_Spain")
        #expect(CountryTimeZone.zone(of: "HT")?.identifier == "America/Port-au-Prince")
        #expect(CountryTimeZone.zone(of: "US") == nil, "a country with several zones has no single answer")
    }

    @Test func theChangesPageShowsLinksAsTheirWords() async throws {
        let fixture = try PortalFixture(draftEdit: {
            $0.replacingOccurrences(of: "[§5.2](#rescue) applies", with: "[§5.3](#rescue) applies")
        })
        try await fixture.test { client, _ in
            let official = Browser(client)
            try await official.signIn(try #require(fixture.accounts["TT"]))
            let page = try await official.get("/rounds/night-1/changes").body
            #expect(page.contains("§5.<del>2</del><ins>3</ins>"), "\(page)")
            #expect(!page.contains("](#rescue)"), "no Markdown link syntax reaches the official")
        }
    }
}
