import Foundation
import Testing

/// Inputs a careless editor, a spreadsheet or another capital can produce.
@Suite struct HardeningTests {
    @Test func authorsGitCannotStoreAreRefusedBeforeWriting() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.sop("draft", "start", "d")
        let path = "Procedures/SOP-001-regional-framework.md"
        try box.write(path, try box.read(path) + "\nMore.\n")
        try box.expectRefusal(["draft", "save", "-m", "x", "--author", "Evil\nName <a@b.org>"], says: "has a line break")
        try box.expectRefusal(["draft", "save", "-m", "x", "--author", "Name <bad>"], says: "is not an email address")
        try box.expectRefusal(["init", "../other", "--author", "A\nB <a@b.org>"], says: "has a line break")
        #expect(try box.git("fsck", "--strict").status == 0)
    }

    @Test func draftSaveSkipsEditorFilesAndRefusesHugeOnes() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.sop("draft", "start", "d")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path + "~", "backup")
        try box.write("Procedures/.SOP-004.md.swp", "swap")
        try box.write(path, try box.read(path) + "\nChanged.\n")
        #expect(try box.sop("draft", "save", "-m", "Edit").status == 0)
        let files = try box.git("ls-tree", "-r", "--name-only", "HEAD").stdout
        #expect(!files.contains("~"))
        #expect(!files.contains(".swp"))
        let big = box.path("Procedures/SOP-050-big.md")
        FileManager.default.createFile(atPath: big.path, contents: nil)
        let handle = try FileHandle(forWritingTo: big)
        try handle.truncate(atOffset: 11 * 1_048_576)
        try handle.close()
        try box.expectRefusal(["draft", "save", "-m", "Big"], says: "Procedures/SOP-050-big.md: error: file is 11.0 MB")
        try box.expectRefusal(["draft", "start", "main"], says: "is not a draft name")
        try box.expectRefusal(["new", "--title", "T", "--owner", "ZZ"], says: "owner 'ZZ' is not a participant")
    }

    @Test func lineEndingsAloneAreNoChange() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "\n", with: "\r\n"))
        let diff = try json(try box.sop("diff", "SOP-004", "--json").stdout) as! [String: Any]
        #expect((diff["sections"] as! [Any]).isEmpty)
    }

    @Test func commentsAreNeverRepeatedOrRewritten() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        try box.sop("comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "Cover airports")
        try box.expectRefusal(
            ["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "Cover  airports"],
            says: "the same comment is already recorded as TT-1")
        try Data("Participant;Comment No.;Section ID;Type;Comment;Proposed change\r\nTT;;screening;te;Add a checklist;\r\n".utf8)
            .write(to: box.url.appendingPathComponent("semicolons.csv"))
        #expect(try box.sop("comment", "import", round, "../semicolons.csv", "--as", "TT").stdout == "imported 1 comment(s): TT-2\n")
        try Data("Participant,Comment No.,Section ID,Type,Comment,Proposed change\r\nTT,TT-2,screening,te,Add a longer checklist,\r\n".utf8)
            .write(to: box.url.appendingPathComponent("edited.csv"))
        try box.expectRefusal(["comment", "import", round, "../edited.csv", "--as", "TT"], says: "row 2, column Comment: TT-2 is already recorded with other content")
        try box.sop("comment", "add", round, "--as", "JM", "--section", "scope", "--type", "ed", "--text", "\u{1B}[2J\u{1B}[31mFAKE: round closed\u{1B}[0m")
        let listed = try box.sop("comment", "list", round)
        #expect(!listed.stdout.contains("\u{1B}"))
        #expect(listed.stdout.contains("\u{FFFD}[2J"))
        try box.expectRefusal(["comment", "list", round, "--country", "ZZ"], says: "ZZ is not invited to round maritime-2027-1")
        try box.expectRefusal(["comment", "export", round, "--country", "AG", "-o", "../ag.csv"], says: "AG is not invited")
        try box.expectRefusal(["comment", "list", round, "--section", "nope"], says: "no section 'nope' in round maritime-2027-1")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "SOP-001#purpose", "--type", "ge", "--text", "x"], says: "SOP-001 is not in this round (it covers SOP-004)")
    }

    @Test func theScopeGrowsWhenARevisionChangesAnotherProcedure() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let path = "Procedures/SOP-001-regional-framework.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope", with: "## 2 Scope of this protocol"))
        try box.sop("draft", "save", "-m", "Rename SOP-001 scope")
        try box.sop("round", "revise", round, "--as", "secretariat")
        let added = try box.sop("comment", "add", round, "--as", "TT", "--section", "SOP-001#purpose", "--type", "ge", "--text", "Now in scope")
        #expect(added.status == 0, "\(added.output)")
        let status = try json(try box.sop("round", "status", round, "--json").stdout) as! [String: Any]
        #expect(status["procedures"] as? [String] == ["SOP-001", "SOP-004"])
    }

    @Test func aPassedDeadlineIsShown() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let result = try box.run(Sandbox.binary, ["round", "status", round], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-03-01T00:00Z"])
        #expect(result.stdout.contains("deadline passed at 2027-02-01T17:00:00Z: no more comments are taken"))
    }

    @Test func aRefusedKeyRegistrationLeavesNoKeyBehind() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        try box.sop("draft", "start", "d")
        try box.expectRefusal(["key", "new", "--as", "TT", "--name", "Ana Ruiz", "--register"], says: "keys are registered in set.yaml on main")
        #expect(!FileManager.default.fileExists(atPath: box.url.appendingPathComponent("keys/TT.key").path))
        try box.sop("draft", "switch", "main")
        let made = try box.sop("key", "new", "--as", "TT", "--name", "Ana Ruiz", "--register")
        #expect(made.status == 0, "\(made.output)")
        #expect(try box.sop("key", "list").stdout.contains("TT"))
    }
}
