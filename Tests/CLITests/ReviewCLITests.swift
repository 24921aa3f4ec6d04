import Foundation
import Testing

/// Periodic review: `sop review due`, `sop review record` and `sop review list`, the tag
/// `review/ID/DATE` each review is sealed in, `sop verify` on it, and the lint warning of an
/// overdue review. The sample's SOP-002 and SOP-003 are due on 2027-10-01.
@Suite struct ReviewCLITests {
    static let path = "Procedures/SOP-002-border-interview.md"

    @Test func aNoChangeReviewMovesReviewByOnByThePeriodAndVerifies() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        let soon = try #require(try json(try box.at("2027-01-11T09:00Z", ["review", "due", "--within", "1y", "--json"]).stdout) as? [[String: Any]])
        #expect(soon.compactMap { $0["id"] as? String } == ["SOP-002", "SOP-003"], "due on 2027-10-01, the others in 2028: \(soon)")
        #expect(soon.first?["daysLeft"] as? Int == 263 && soon.first?["overdue"] as? Bool == false)

        let late = try box.at("2027-11-01T09:00Z", ["lint"])
        #expect(late.output.contains("\(Self.path):8:1: warning: review overdue: review-by 2027-10-01 has passed (31 days ago)"), "\(late.output)")
        let due = try box.at("2027-11-01T09:00Z", ["review", "due"])
        #expect(due.stdout.contains("SOP-002") && due.stdout.contains("overdue by 31 d"), "\(due.stdout)")

        let before = try box.git("rev-parse", "main").stdout
        let recorded = try box.at("2027-11-01T09:00Z", ["review", "record", "SOP-002", "--verdict", "no-change", "--reason", "Checked against the 2027 border code", "--as", "secretariat"])
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(recorded.stdout.contains("recorded review/SOP-002/2027-11-01: no-change on SOP-002 1.0; next review by 2029-11-01"), "\(recorded.stdout)")
        #expect(try box.read(Self.path).contains("review-by: 2029-11-01"), "the work tree follows main")
        let changed = try box.git("diff", "--stat", before.trimmingCharacters(in: .whitespacesAndNewlines), "main").stdout
        #expect(changed.contains("1 file changed, 1 insertion(+), 1 deletion(-)") && changed.contains("SOP-002"), "front matter only: \(changed)")
        #expect(try box.git("rev-parse", "review/SOP-002/2027-11-01^{commit}").stdout == box.git("rev-parse", "main").stdout, "the tag is on main")
        #expect(try box.git("fsck", "--strict").status == 0)
        let verify = try box.sop("verify", "review/SOP-002/2027-11-01")
        #expect(verify.status == 0 && verify.stdout.contains("the review's commit changes only review-by"), "\(verify.output)")
        #expect(try box.sop("verify").status == 0, "sop verify checks every review tag with the rest")

        let after = try #require(try json(try box.at("2027-11-01T09:00Z", ["review", "due", "--within", "90d", "--json"]).stdout) as? [[String: Any]])
        #expect(after.compactMap { $0["id"] as? String } == ["SOP-003"], "SOP-002 is not due any more; the others fall due in 2028")
        let listed = try #require(try json(try box.sop("review", "list", "SOP-002", "--json").stdout) as? [[String: Any]])
        #expect(listed.first?["verdict"] as? String == "no-change" && listed.first?["reviewByAfter"] as? String == "2029-11-01")
        #expect(listed.first?["reason"] as? String == "Checked against the 2027 border code")
    }

    /// The published site says what lint warns of: on the index and the procedure's page, in
    /// each language, until a review moves `review-by` on.
    @Test func anOverdueReviewIsShownOnThePublishedSiteUntilItIsRecorded() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        func page(_ site: String, _ path: String) throws -> String {
            try String(contentsOf: box.url.appendingPathComponent("\(site)/\(path)"), encoding: .utf8)
        }
        let early = try box.at("2027-09-30T09:00Z", ["publish", "--out", "../early"])
        #expect(early.status == 0, "\(early.output)")
        #expect(!(try page("early", "index.html")).contains("review-overdue"), "not yet due on 30 September")

        #expect(try box.at("2027-11-01T09:00Z", ["publish", "--out", "../late"]).status == 0)
        let index = try page("late", "index.html")
        #expect(index.components(separatedBy: "Review overdue since 1 October 2027").count == 3, "SOP-002 and SOP-003: \(index)")
        #expect(try page("late", "procedures/SOP-002.html").contains("<span class=\"badge review-overdue\">Review overdue since 1 October 2027</span>"))
        #expect(!(try page("late", "procedures/SOP-004.html")).contains("review-overdue"), "SOP-004 is reviewed by 2028")
        #expect(try page("late", "fr/index.html").contains("Révision en retard depuis le 1 octobre 2027"))

        #expect(try box.at("2027-11-01T09:00Z", ["review", "record", "SOP-002", "--verdict", "no-change", "--reason", "Checked", "--as", "secretariat"]).status == 0)
        #expect(try box.at("2027-11-01T10:00Z", ["publish", "--out", "../late"]).status == 0)
        #expect(!(try page("late", "procedures/SOP-002.html")).contains("review-overdue"), "reviewed: due again in 2029")
        #expect(try page("late", "procedures/SOP-003.html").contains("review-overdue"))
    }

    @Test func reviseChangesNoTextAndLeavesTheReviewDue() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        let head = try box.git("rev-parse", "main").stdout
        let recorded = try box.at("2027-10-15T09:00Z", ["review", "record", "SOP-003", "--verdict", "revise", "--reason", "The 2027 asylum act changes referral", "--as", "secretariat"])
        #expect(recorded.status == 0, "\(recorded.output)")
        #expect(try box.git("rev-parse", "main").stdout == head, "no commit: the revision goes through a round")
        #expect(try box.sop("verify", "review/SOP-003/2027-10-15").status == 0)
        let due = try box.at("2027-10-15T09:00Z", ["review", "due"])
        #expect(due.stdout.contains("SOP-003") && due.stdout.contains("2027-10-15 revise"), "still due, with what the review found: \(due.stdout)")
        let again = try box.at("2027-10-15T10:00Z", ["review", "record", "SOP-003", "--verdict", "withdraw", "--reason", "Superseded by national law", "--as", "secretariat"])
        #expect(again.stdout.contains("review/SOP-003/2027-10-15-2"), "a second review that day gets its own tag: \(again.output)")
    }

    @Test func onlyTheSecretariatReviewsAProcedureInForceWithAReason() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        try box.expectRefusal(
            ["review", "record", "SOP-002", "--verdict", "no-change", "--reason", "Fine", "--as", "TT"], says: "only the secretariat records a review")
        try box.expectRefusal(["review", "record", "SOP-002", "--verdict", "maybe", "--reason", "Fine", "--as", "secretariat"], says: "maybe")
        try box.expectRefusal(["review", "record", "SOP-002", "--verdict", "revise", "--reason", "  ", "--as", "secretariat"], says: "a review needs its reason")
        try box.expectRefusal(
            ["review", "record", "SOP-007", "--verdict", "no-change", "--reason", "Fine", "--as", "secretariat"],
            says: "SOP-007 is not a procedure in force on main")
        try box.expectRefusal(["review", "due", "--within", "soon"], says: "soon")
    }

    @Test func aForgedOrMovedReviewTagFailsVerify() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        #expect(try box.at("2027-11-01T09:00Z", ["review", "record", "SOP-002", "--verdict", "no-change", "--reason", "Checked", "--as", "secretariat"]).status == 0)
        let message = try box.git("tag", "-l", "--format=%(contents)", "review/SOP-002/2027-11-01").stdout
        // A later date for the next review, with the old signature.
        let forged = message.replacingOccurrences(of: "\"after\": \"2029-11-01\"", with: "\"after\": \"2031-11-01\"")
        #expect(forged != message)
        try box.expectForgedTag("review/SOP-002/2027-11-02", message: forged, on: "main", fails: "the record is signed by a key of the secretariat")
        // The genuine record on another commit, and under another day's name.
        try box.expectForgedTag("review/SOP-002/2027-11-03", message: message, on: "main~1", fails: "the record names commit")
        try box.expectForgedTag(
            "review/SOP-002/2026-01-01", message: message, on: "main", fails: "the tag's name names the procedure reviewed and the day of the review")
        #expect(try box.sop("verify").status == 1, "sop verify without a target finds them")
    }

    @Test func aReviewPeriodSetYamlCannotReadIsAnErrorAtItsLine() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.write("Procedures/set.yaml", try box.read("Procedures/set.yaml").replacingOccurrences(of: "review-period: 2y", with: "review-period: two years"))
        let lint = try box.sop("lint")
        #expect(lint.status == 1 && lint.output.contains("Procedures/set.yaml:") && lint.output.contains("'two years' is not a review period"), "\(lint.output)")
        #expect(lint.output.contains("2y, 18m or 30d"))
    }

    /// A review travels by sync like a publication: taken when it verifies, refused when a
    /// replica forged one.
    @Test func syncTakesAReviewOnlyWhenItVerifies() throws {
        let box = try Sandbox()
        let (daemon, _) = try SyncCLITests().capitals(box)
        #expect(try box.at("2027-11-01T09:00Z", ["review", "record", "SOP-002", "--verdict", "no-change", "--reason", "Checked", "--as", "secretariat"]).status == 0)
        #expect(try box.sop("sync").status == 0)
        let arrived = try box.sop("sync", in: "b")
        #expect(arrived.status == 0 && arrived.stdout.contains("review/SOP-002/2027-11-01"), "\(arrived.output)")
        #expect(try box.sop("verify", "review/SOP-002/2027-11-01", in: "b").status == 0)

        let message = try box.git("tag", "-l", "--format=%(contents)", "review/SOP-002/2027-11-01").stdout
        try box.expectSyncRefusesForgedTag(
            "review/SOP-002/2027-11-02", message: message.replacingOccurrences(of: "\"verdict\": \"no-change\"", with: "\"verdict\": \"withdraw\""),
            on: "main", pushedTo: daemon.url("regional.git"))
        #expect(try box.git("tag", "-l", "review/*", in: "b").stdout == "review/SOP-002/2027-11-01\n", "only the genuine review is in the clone")
        withExtendedLifetime(daemon) {}
    }
}
