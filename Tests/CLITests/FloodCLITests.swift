import Foundation
import Testing

/// `sop comment import` refuses a form beyond the set's `limits:`, saying the count, the limit
/// and what to do, exits non-zero and writes nothing.
@Suite struct FloodCLITests {
    /// A form for TT with one `ge` comment on `scope` per text.
    func form(_ texts: [String]) -> String {
        "\"Participant\",\"Section ID\",\"Type\",\"Comment\",\"Proposed change\"\r\n"
            + texts.map { "\"TT\",\"SOP-004#scope\",\"ge\",\"\($0)\",\"\"\r\n" }.joined()
    }

    @Test func anImportBeyondTheLimitsIsRefusedAndWritesNothing() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        try box.sop("draft", "start", "maritime-2027")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        try box.write("Procedures/set.yaml", try box.read("Procedures/set.yaml") + "limits:\n  comments-per-participant: 3\n  form-rows: 2\n")
        try box.sop("draft", "save", "-m", "Tighten reporting, with limits")
        let opened = try box.sop("round", "open", "maritime-2027", "--participants", "TT,JM", "--closes", RoundCLITests.closes, "--as", "secretariat")
        #expect(opened.status == 0, "\(opened.output)")
        let round = opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        try Data(form(["One", "Two", "Three"]).utf8).write(to: box.url.appendingPathComponent("three.csv"))
        try box.expectRefusal(
            ["comment", "import", round, "../three.csv", "--as", "TT"],
            says: "the form has 3 rows with a comment; one form holds at most 2 (limits: form-rows in set.yaml), so nothing was recorded",
            "split the comments over forms of at most 2 rows")

        try Data(form(["One", "Two"]).utf8).write(to: box.url.appendingPathComponent("first.csv"))
        let imported = try box.sop("comment", "import", round, "../first.csv", "--as", "TT")
        #expect(imported.stdout == "imported 2 comment(s): TT-1, TT-2\n", "\(imported.output)")
        try Data(form(["Three", "Four"]).utf8).write(to: box.url.appendingPathComponent("second.csv"))
        try box.expectRefusal(
            ["comment", "import", round, "../second.csv", "--as", "TT"],
            says: "TT has 2 comments in this round and may record at most 3 (limits: comments-per-participant in set.yaml), so 2 more comments cannot be recorded; send at most 1 more")
        let listed = try json(try box.sop("comment", "list", round, "--json").stdout) as? [Any]
        #expect(listed?.count == 2)
    }
}
