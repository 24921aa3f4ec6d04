import Foundation
import Testing

/// `sop show --on` and `sop publish --on` on a workspace with two adopted sets: set/2027.1
/// (SOP-004 1.1, effective 1 March 2027) and set/2027.2 (SOP-004 1.2, effective 1 September).
@Suite struct InForceCLITests {
    /// The two sets; `second` adds to the second adoption's arguments.
    func twoSets(second: [String] = []) throws -> Sandbox {
        let box = try Sandbox()
        _ = try AdoptionCLITests().adoptedSet(box)
        try box.sop("draft", "switch", "main")
        try box.sop("draft", "start", "ninety")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within one hour", with: "within ninety minutes"))
        try box.sop("draft", "save", "-m", "Ninety minutes")
        let opened = try box.at("2027-02-02T09:00Z", ["round", "open", "ninety", "--participants", AdoptionCLITests.states.joined(separator: ","), "--closes", "2027-02-20T17:00Z", "--as", "secretariat"])
        #expect(opened.status == 0, "\(opened.output)")
        let round = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for code in AdoptionCLITests.states {
            let stated = try box.at("2027-02-03T09:00Z", ["position", round, "--as", code, "approve"])
            #expect(stated.status == 0, "\(stated.output)")
        }
        let closed = try box.at("2027-02-04T09:00Z", ["round", "close", round, "--as", "secretariat"])
        #expect(closed.status == 0, "\(closed.output)")
        try box.sop("draft", "switch", "main")
        let adopted = try box.at("2027-02-05T09:00Z", ["adopt", round, "--version", "2027.2", "--effective", "2027-09-01", "--as", "secretariat"] + second)
        #expect(adopted.status == 0, "\(adopted.output)")
        return box
    }

    @Test func showPrintsTheTextInForceBeforeBetweenAndAfter() throws {
        let box = try twoSets()
        try box.expectRefusal(
            ["show", "SOP-004", "--on", "2027-02-15"], says: "nothing was in force on 2027-02-15; the first set, 2027.1, took effect on 2027-03-01")
        let between = try box.sop("show", "SOP-004", "--on", "2027-06-01")
        #expect(between.status == 0, "\(between.output)")
        #expect(between.stdout.hasPrefix("SOP-004 version 1.1, in force on 2027-06-01: set 2027.1 (set/2027.1), in force since 2027-03-01 until 2027-08-31\n"), "\(between.stdout)")
        #expect(between.stdout.contains("version 1.2 (set/2027.2) was adopted on 2027-02-05 and takes effect on 2027-09-01"))
        #expect(between.stdout.contains("within one hour") && !between.stdout.contains("ninety"))
        let after = try box.sop("show", "SOP-004", "--on", "2027-09-01", "--json")
        let report = try json(after.stdout) as! [String: Any]
        let inForce = report["inForce"] as! [String: Any]
        #expect(inForce["set"] as? String == "set/2027.2" && inForce["version"] as? String == "1.2" && inForce["since"] as? String == "2027-09-01")
        #expect((report["text"] as? String)?.contains("within ninety minutes") == true)
    }

    @Test func impossibleDaysAndDaysBeforeTheFirstSetAreRefusedAndNothingIsWritten() throws {
        let box = try twoSets()
        for day in ["2027-13-01", "01/06/2027", "2027-02-30"] {
            try box.expectRefusal(["show", "SOP-004", "--on", day], says: "'\(day)' is not a date that exists", "YYYY-MM-DD")
            try box.expectRefusal(["publish", "--on", day, "--out", "site"], says: "'\(day)' is not a date that exists", "YYYY-MM-DD")
        }
        try box.expectRefusal(
            ["publish", "--on", "2027-01-01", "--out", "site"], says: "nothing was in force on 2027-01-01; the first set, 2027.1, took effect on 2027-03-01")
        #expect(!FileManager.default.fileExists(atPath: box.path("site").path))
        let published = try box.sop("publish", "--on", "2027-06-01", "--out", "site")
        #expect(published.status == 0, "\(published.output)")
        #expect(published.stdout.contains("Published 2027.1 as in force on 2027-06-01"), "\(published.stdout)")
        #expect(try box.read("site/index.html").contains("As in force on 1 June 2027"))
    }
}
