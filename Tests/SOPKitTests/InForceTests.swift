import Foundation
import Git
import Testing
@testable import SOPKit

/// The text in force on a day: set/2027.1 (SOP-004 1.1, adopted 8 January, effective
/// 1 March 2027) and set/2027.2 (SOP-004 1.2, adopted 4 April, effective 1 September 2027).
@Suite struct InForceTests {
    /// The published fixture with a second adoption changing SOP-004 again.
    static func twoSets() throws -> PublishedWorkspace {
        let site = try PublishedWorkspace()
        let round = site.round
        let drafts = Drafts(site.workspace)
        _ = try drafts.switchTo("main")
        _ = try drafts.start("night-2027")
        try round.edit { $0.replacingOccurrences(of: "within one hour", with: "within ninety minutes") }
        _ = try drafts.save(message: "Ninety minutes", author: round.secretariat.author)
        let start = Timestamp.parse("2027-04-01T09:00Z")!
        let day = { (days: Double) in start.addingTimeInterval(days * 86_400) }
        let second = try round.consultation.open(
            draft: "night-2027", invitation: .only(PublishedWorkspace.states), closes: day(20), rule: nil, title: "Night 2027",
            as: round.secretariat, now: start)
        for code in PublishedWorkspace.states {
            _ = try round.consultation.state(.approve, round: second.id, reason: nil, reservations: [], statement: nil, as: round.actor(code), now: day(1))
        }
        _ = try round.consultation.close(second.id, as: round.secretariat, now: day(2))
        _ = try drafts.switchTo("main")
        _ = try Adoption(round.consultation).adopt(second.id, version: "2027.2", effective: try #require(Day("2027-09-01")), as: round.secretariat, now: day(3))
        return site
    }

    static func inForce(_ site: PublishedWorkspace, _ day: String) throws -> InForce {
        try InForce.on(Day(day)!, versions: try Edition.versions(site.workspace), repository: site.repository)
    }

    /// The text of the element with `id` on a page, its tags dropped and spaces joined.
    func element(_ id: String, in html: String) -> String? {
        guard let start = html.range(of: "id=\"\(id)\""), let open = html[start.upperBound...].firstIndex(of: ">"),
            let close = html.range(of: "</p>", range: open..<html.endIndex)
        else { return nil }
        let inner = html[html.index(after: open)..<close.lowerBound].replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        return inner.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func eachDaySaysWhichVersionWasInForceAndWhichWasAdoptedButNotYet() throws {
        let site = try Self.twoSets()
        let before = try Self.inForce(site, "2027-02-01")
        #expect(before.inForce.isEmpty)
        #expect(before.pending.map(\.tag) == ["set/2027.1"], "adopted on 8 January, in force from 1 March")
        #expect(before.edition == nil)

        let first = try Self.inForce(site, "2027-03-01")
        #expect(first.inForce["SOP-004"]?.tag == "set/2027.1", "in force on its effective date itself")
        #expect(first.pending.isEmpty, "2027.2 was not adopted yet on 1 March")

        let between = try Self.inForce(site, "2027-06-01")
        #expect(between.inForce["SOP-004"]?.version == "1.1")
        #expect(between.pending.map { "\($0.procedure) \($0.version) \($0.effective)" } == ["SOP-004 1.2 2027-09-01"])
        #expect(between.edition?.tag == "set/2027.1")

        let after = try Self.inForce(site, "2027-09-01")
        #expect(after.inForce["SOP-004"]?.tag == "set/2027.2")
        #expect(after.versions["SOP-004"]?.first?.currency(on: Day("2027-09-01")!) == .ended(.replaced(on: Day("2027-09-01")!, by: "1.2")))
        #expect(after.versions["SOP-004"]?.first?.lastDay == Day("2027-08-31"))
        #expect(after.edition?.tag == "set/2027.2")
    }

    @Test func publishedOnADayBetweenTheSets() throws {
        let site = try Self.twoSets()
        let report = try site.publish(ref: nil, .init(out: site.out.path, on: Day("2027-06-01")))
        #expect(report.edition == "2027.1" && report.on == "2027-06-01")
        #expect(element("sop-currency", in: try site.page("index.html")) == "As in force on 1 June 2027")
        let page = try site.page("procedures/SOP-004.html")
        #expect(element("sop-currency", in: page) == "As in force on 1 June 2027")
        #expect(
            element("sop-procedure-currency", in: page)
                == "In force since 1 March 2027 Version 1.2 has been adopted and takes effect on 1 September 2027.")
        #expect(page.contains("within one hour"))
        #expect(try site.page("print.html").contains("As in force on 1 June 2027"))
        #expect(element("sop-currency", in: try site.page("fr/index.html")) == "Texte en vigueur le 1 juin 2027")
        #expect(element("sop-currency", in: try site.page("es/procedures/SOP-004.html")) == "Texto vigente el 1 de junio de 2027")

        // The versions list links to the later version's own page and to the comparison.
        let links = tags(page).filter { $0.name == "a" }.compactMap { $0.attributes["href"] }
        let versionLinks = links.filter { $0.contains("SOP-004/") }
        #expect(Set(versionLinks) == ["../procedures/SOP-004/2027.2.html", "../procedures/SOP-004/compare-2027.1-2027.2.html"], "\(links)")
        for link in versionLinks {
            let file = URL(fileURLWithPath: link, relativeTo: site.out.appendingPathComponent("procedures/")).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: file.path), "\(link)")
        }
        let later = try site.page("procedures/SOP-004/2027.2.html")
        #expect(element("sop-procedure-currency", in: later) == "Adopted, takes effect on 1 September 2027")
        #expect(later.contains("within ninety minutes"))
        let compare = try site.page("procedures/SOP-004/compare-2027.1-2027.2.html")
        #expect(compare.contains("within <del>one hour</del><ins>ninety minutes</ins>"), "\(compare)")
    }

    @Test func publishedOnADayAfterBoth() throws {
        let site = try Self.twoSets()
        let report = try site.publish(ref: nil, .init(out: site.out.path, on: Day("2027-10-01")))
        #expect(report.edition == "2027.2")
        let page = try site.page("procedures/SOP-004.html")
        #expect(element("sop-currency", in: page) == "As in force on 1 October 2027")
        #expect(element("sop-procedure-currency", in: page) == "In force since 1 September 2027")
        #expect(page.contains("within ninety minutes"))
        #expect(element("sop-procedure-currency", in: try site.page("fr/procedures/SOP-004.html")) == "En vigueur depuis le 1 septembre 2027")
        let earlier = try site.page("procedures/SOP-004/2027.1.html")
        #expect(element("sop-procedure-currency", in: earlier) == "Superseded on 1 September 2027 by version 1.2")
        #expect(earlier.contains("within one hour") && earlier.contains("1 March 2027 to 31 August 2027"))
        // The earlier version's page links back to the version in force and to the comparison.
        let back = tags(earlier).filter { $0.name == "a" }.compactMap { $0.attributes["href"] }
        #expect(back.contains("../../procedures/SOP-004.html") && back.contains("../../procedures/SOP-004/compare-2027.1-2027.2.html"), "\(back)")
    }

    @Test func nothingInForceBeforeTheFirstSetIsRefusedAndWritesNothing() throws {
        let site = try Self.twoSets()
        #expect {
            try site.publish(ref: nil, .init(out: site.out.path, on: Day("2027-02-01")))
        } throws: { error in
            (error as? SOPError)?.message == "nothing was in force on 2027-02-01; the first set, 2027.1, took effect on 2027-03-01"
        }
        #expect(!FileManager.default.fileExists(atPath: site.out.path))
        #expect {
            try InForce.text(of: "SOP-004", on: Day("2026-12-31")!, in: site.workspace)
        } throws: { error in
            (error as? SOPError)?.message == "nothing was in force on 2026-12-31; the first set, 2027.1, took effect on 2027-03-01"
        }
        for impossible in ["2027-13-01", "01/06/2027", "2027-02-30", "2027-6-1"] {
            #expect {
                try InForce.day(impossible)
            } throws: { error in
                (error as? SOPError)?.hint?.contains("YYYY-MM-DD") == true
            }
        }
    }
}
