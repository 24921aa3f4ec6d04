import Foundation
import Testing

/// Read-and-acknowledge: `sop acknowledge`, the tag `ack/ID/VERSION/CC` each acknowledgement is
/// sealed in, `sop acknowledgements` with its due dates, and `sop verify` and sync on forged
/// ones. The workspace has set/2027.1 (SOP-004 1.1, effective 1 March 2027) and set/2027.2
/// (SOP-004 1.2, effective 1 September).
@Suite struct AcknowledgementCLITests {
    static let tag = "ack/SOP-004/1.1/TT"

    func standings(_ box: Sandbox, on day: String, _ arguments: [String] = []) throws -> [[String: Any]] {
        let listed = try box.at(day, ["acknowledgements", "SOP-004", "--json"] + arguments)
        #expect(listed.status == 0, "\(listed.output)")
        return try #require(try json(listed.stdout) as? [[String: Any]])
    }

    static func participants(_ owed: [String: Any], _ state: String) -> [String] {
        (owed["participants"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == state }.compactMap { $0["participant"] as? String }
    }

    @Test func aParticipantAcknowledgesTheVersionInForceAndTheSecretariatSeesWhoHasNot() throws {
        let box = try InForceCLITests().twoSets()
        let before = try standings(box, on: "2027-03-05T09:00Z")
        #expect(before.map { "\($0["version"] ?? "") \($0["due"] ?? "")" } == ["1.1 2027-03-31", "1.2 2027-10-01"], "the version in force and the one adopted next, each due 30 days after it takes effect")
        let asked = Self.participants(before[0], "outstanding")
        #expect(asked.count == 23 && asked.contains("TT") && asked.contains("AI") && !asked.contains("IOM"), "members and territories, not observers: \(asked)")

        let given = try box.at("2027-03-05T09:00Z", ["acknowledge", "SOP-004", "--as", "TT", "--json"])
        #expect(given.status == 0, "\(given.output)")
        let record = try #require(try json(given.stdout) as? [String: Any])
        #expect(record["tag"] as? String == Self.tag && record["version"] as? String == "1.1" && record["set"] as? String == "2027.1")
        #expect(try box.git("rev-parse", "\(Self.tag)^{commit}").stdout == box.git("rev-parse", "set/2027.1^{commit}").stdout, "on the adoption's commit")
        #expect(record["text"] as? String == (try box.git("rev-parse", "set/2027.1:Procedures/SOP-004-maritime-interception.md").stdout.trimmingCharacters(in: .whitespacesAndNewlines)), "bound to the exact text adopted")
        let unit = try box.at("2027-03-06T09:00Z", ["acknowledge", "SOP-004", "--as", "TT", "--unit", "Piarco International Airport"])
        #expect(unit.stdout.contains("ack/SOP-004/1.1/TT.piarco-international-airport"), "\(unit.output)")
        let verified = try box.sop("verify", Self.tag)
        #expect(verified.status == 0 && verified.stdout.contains("the record is signed by a key of TT"), "\(verified.output)")
        #expect(try box.sop("verify").status == 0 && box.git("fsck", "--strict").status == 0)

        let late = try standings(box, on: "2027-04-02T09:00Z", ["--overdue"])
        #expect(late.map { $0["version"] as? String } == ["1.1"], "only 1.1 is overdue by then: \(late)")
        let overdue = Self.participants(late[0], "overdue")
        #expect(overdue.count == 22 && overdue.contains("JM") && !overdue.contains("TT"), "\(overdue)")
        let all = try standings(box, on: "2027-04-02T09:00Z")
        let tt = (all[0]["participants"] as? [[String: Any]] ?? []).first { $0["participant"] as? String == "TT" }
        #expect(tt?["state"] as? String == "acknowledged" && (tt?["units"] as? [[String: Any]])?.first?["unit"] as? String == "Piarco International Airport")
        let table = try box.at("2027-04-02T09:00Z", ["acknowledgements", "SOP-004"])
        #expect(table.stdout.contains("SOP-004 1.1") && table.stdout.contains("1 acknowledged, 0 outstanding, 22 overdue"), "\(table.stdout)")
    }

    @Test func aSupersededVersionADuplicateTheSecretariatAndObserversAreRefused() throws {
        let box = try InForceCLITests().twoSets()
        #expect(try box.at("2027-03-05T09:00Z", ["acknowledge", "SOP-004", "--as", "TT"]).status == 0)
        try box.expectRefusal(["acknowledge", "SOP-004", "--as", "TT"], at: "2027-03-06T09:00Z", says: "TT already acknowledged SOP-004 1.1 on 2027-03-05")
        try box.expectRefusal(
            ["acknowledge", "SOP-004", "--version", "1.1", "--as", "JM"], at: "2027-09-02T09:00Z",
            says: "SOP-004 1.1 is not in force: it was superseded on 2027-09-01 by version 1.2", "acknowledge the version in force, 1.2")
        try box.expectRefusal(["acknowledge", "SOP-004", "--version", "3.0", "--as", "JM"], at: "2027-09-02T09:00Z", says: "SOP-004 has no adopted version 3.0")
        try box.expectRefusal(["acknowledge", "SOP-004", "--as", "secretariat"], at: "2027-09-02T09:00Z", says: "the secretariat does not")
        try box.expectRefusal(["acknowledge", "SOP-004", "--as", "IOM"], at: "2027-09-02T09:00Z", says: "IOM) is an observer")
        try box.expectRefusal(["acknowledge", "SOP-001", "--as", "JM"], at: "2027-09-02T09:00Z", says: "SOP-001 is in no adopted set")
        try box.expectRefusal(["acknowledge", "SOP-004", "--as", "AG"], at: "2027-09-02T09:00Z", says: "AG's registered key is needed")
        let later = try box.at("2027-09-02T09:00Z", ["acknowledge", "SOP-004", "--as", "JM"])
        #expect(later.status == 0 && later.stdout.contains("ack/SOP-004/1.2/JM"), "by default the version in force that day: \(later.output)")
    }

    @Test func anEditorialAdoptionCountsTheAcknowledgementsOfTheVersionBefore() throws {
        let box = try InForceCLITests().twoSets(second: ["--no-acknowledgement"])
        #expect(try box.at("2027-03-05T09:00Z", ["acknowledge", "SOP-004", "--as", "TT"]).status == 0)
        let owed = try standings(box, on: "2027-09-05T09:00Z")
        #expect(owed.count == 1 && owed[0]["version"] as? String == "1.2" && owed[0]["since"] as? String == "1.1" && owed[0]["due"] as? String == "2027-03-31", "\(owed)")
        #expect(Self.participants(owed[0], "acknowledged") == ["TT"] && Self.participants(owed[0], "overdue").contains("JM"))
        let record = try box.git("tag", "-l", "--format=%(contents)", "set/2027.2").stdout
        #expect(record.contains("No new acknowledgement is required (an editorial change)") && record.contains("\"required\": false"), "the terms are sealed in the record")
    }

    @Test func theAdoptionsPeriodSetsTheDueDateAndThePreviewShowsIt() throws {
        let box = try InForceCLITests().twoSets(second: ["--acknowledge-within", "45d"])
        let owed = try standings(box, on: "2027-06-01T09:00Z")
        #expect(owed.map { "\($0["version"] ?? "") \($0["due"] ?? "")" } == ["1.1 2027-03-31", "1.2 2027-10-16"], "\(owed)")
        try box.expectRefusal(
            ["adopt", "x", "--effective", "2027-09-01", "--no-acknowledgement", "--acknowledge-within", "10d", "--as", "secretariat"],
            says: "--no-acknowledgement asks for none")
        try box.expectRefusal(["adopt", "x", "--effective", "2027-09-01", "--acknowledge-within", "soon", "--as", "secretariat"], says: "soon")
    }

    @Test func aForgedOrMisplacedAcknowledgementFailsVerifyAndCountsForNobody() throws {
        let box = try InForceCLITests().twoSets()
        #expect(try box.at("2027-03-05T09:00Z", ["acknowledge", "SOP-004", "--as", "TT"]).status == 0)
        let message = try box.git("tag", "-l", "--format=%(contents)", Self.tag).stdout
        // JM claimed with TT's signature.
        let forged = message.replacingOccurrences(of: "\"participant\": \"TT\"", with: "\"participant\": \"JM\"")
        try box.expectForgedTag("ack/SOP-004/1.1/JM", message: forged, on: "set/2027.1^{commit}", fails: "the record is signed by a key of JM")
        // TT's genuine record under a unit's name, and on another commit.
        try box.expectForgedTag(
            "ack/SOP-004/1.1/TT.coast-guard", message: message, on: "set/2027.1^{commit}",
            fails: "the tag's name names the procedure, version and participant acknowledged")
        try box.expectForgedTag("ack/SOP-004/1.2/TT", message: message, on: "set/2027.2^{commit}", fails: "the record names commit")
        #expect(try box.sop("verify").status == 1, "sop verify without a target finds them")
        let owed = try standings(box, on: "2027-09-05T09:00Z")
        #expect(Self.participants(owed[0], "acknowledged").isEmpty, "a tag that does not verify counts for nobody: \(owed)")
    }

    /// An acknowledgement travels by sync like a publication: taken when it verifies, refused
    /// when a replica forged one.
    @Test func syncTakesAnAcknowledgementOnlyWhenItVerifies() throws {
        let box = try InForceCLITests().twoSets()
        try box.git("init", "-q", "--bare", "served/regional.git", in: ".")
        let daemon = try GitDaemon(base: box.url.appendingPathComponent("served"))
        #expect(try box.sop("remote", "add", "regional", daemon.url("regional.git")).status == 0)
        #expect(try box.sop("sync", "regional").status == 0)
        #expect(try box.git("clone", "-q", "-b", "main", daemon.url("regional.git"), "b", in: ".").status == 0)
        #expect(try box.sop("sync", in: "b").status == 0)
        #expect(try box.at("2027-03-05T09:00Z", ["acknowledge", "SOP-004", "--as", "TT"]).status == 0)
        #expect(try box.sop("sync").status == 0)
        let arrived = try box.sop("sync", in: "b")
        #expect(arrived.status == 0 && arrived.stdout.contains(Self.tag), "\(arrived.output)")
        #expect(try box.sop("verify", Self.tag, in: "b").status == 0)

        let message = try box.git("tag", "-l", "--format=%(contents)", Self.tag).stdout
        try box.expectSyncRefusesForgedTag(
            "ack/SOP-004/1.1/JM", message: message.replacingOccurrences(of: "\"participant\": \"TT\"", with: "\"participant\": \"JM\""),
            on: "set/2027.1^{commit}", pushedTo: daemon.url("regional.git"))
        #expect(try box.git("tag", "-l", "ack/*", in: "b").stdout == Self.tag + "\n", "the forged one never entered the clone")
    }
}
