import Foundation
import Testing

/// Every bad input gets a clear message and a non-zero exit, and leaves the repository and
/// its files exactly as they were.
@Suite struct BadInputTests {
    let path = "Procedures/SOP-004-maritime-interception.md"

    func edited(_ box: Sandbox, _ transform: (String) -> String) throws {
        try box.write(path, transform(try box.read(path)))
    }

    @Test func malformedFrontMatter() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try edited(box) { $0.replacingOccurrences(of: "title: Maritime", with: "title: [Maritime") }
        try box.expectRefusal(["lint"], says: "Procedures/SOP-004-maritime-interception.md:", "error: malformed YAML")
        try box.expectRefusal(["show", "SOP-004"], says: "malformed YAML")
    }

    @Test func missingOrUnknownFieldValues() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try edited(box) { $0.replacingOccurrences(of: "status: effective", with: "status: finished").replacingOccurrences(of: "owner: BS\n", with: "") }
        try box.expectRefusal(
            ["lint", "SOP-004"], says: "Procedures/SOP-004-maritime-interception.md:5:9: error: unknown status 'finished'",
            "error: missing required field 'owner'")
    }

    @Test func duplicateAndMalformedSectionIDs() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try edited(box) { $0.replacingOccurrences(of: "{#scope}", with: "{#purpose}").replacingOccurrences(of: "{#definitions}", with: "{#Defs here}") }
        try box.expectRefusal(["lint"], says: "error: duplicate section ID 'purpose'", "error: malformed section ID '{#Defs here}'")
    }

    @Test func unsafeOrMalformedProcedureArguments() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.expectRefusal(["show", "../../etc/passwd"], says: "is outside the workspace")
        try box.expectRefusal(["render", "/etc/hostname"], says: "is outside the workspace")
        try box.expectRefusal(["show", "SOP 4"], says: "'SOP 4' is neither a procedure ID nor a file in the workspace")
        try box.expectRefusal(["history", "SOP-999"], says: "no procedure SOP-999")
        try edited(box) { $0.replacingOccurrences(of: "id: SOP-004", with: "id: ../../etc/passwd") }
        try box.expectRefusal(["lint"], says: "'../../etc/passwd' is not a procedure ID")
    }

    @Test func crossReferenceToAMissingSection() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try edited(box) { $0 + "\nSee [SOP-003 §9](SOP-003-vulnerable-migrants-protection.md#nowhere).\n" }
        try box.expectRefusal(["lint"], says: "error: cross-reference to missing section 'nowhere' in SOP-003; its sections are: purpose")
    }

    @Test func invalidUTF8() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        var data = Data(try box.read(path).utf8)
        data.insert(contentsOf: [0xC0, 0xAF], at: data.startIndex + 4)
        try data.write(to: box.path(path))
        try box.expectRefusal(["lint"], says: "Procedures/SOP-004-maritime-interception.md:2:1: error: invalid UTF-8", "save the file with UTF-8 encoding")
        try box.expectRefusal(["render", "SOP-004"], says: "invalid UTF-8")
    }

    @Test func fiftyMegabyteFile() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let big = "Procedures/SOP-050-big.md"
        FileManager.default.createFile(atPath: box.path(big).path, contents: nil)
        let handle = try FileHandle(forWritingTo: box.path(big))
        try handle.truncate(atOffset: 50 * 1_048_576)
        try handle.close()
        try box.expectRefusal(["lint"], says: "Procedures/SOP-050-big.md: error: file is 50.0 MB; procedures are limited to 10.0 MB")
        try box.expectRefusal(["render", big], says: "file is 50.0 MB")
    }

    @Test func outsideAnyRepository() throws {
        let box = try Sandbox()
        let result = try box.sop("list", in: "empty")
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: not inside a git repository"))
        #expect(result.stderr.contains("hint: run `sop init PATH --sample`"))
        let missing = try box.sop("list", "--repo", "/no/such/place", in: "empty")
        #expect(missing.stderr.contains("/no/such/place does not exist"))
    }

    @Test func draftSaveWithNothingToSave() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.sop("draft", "start", "x")
        try box.expectRefusal(["draft", "save", "-m", "nothing"], says: "nothing to save")
        try box.expectRefusal(["draft", "start", "x"], says: "draft 'x' already exists")
        try box.expectRefusal(["draft", "start", "../evil"], says: "is not a draft name")
        try box.expectRefusal(["draft", "switch", "nope"], says: "no draft named 'nope'")
        try box.expectRefusal(["new", "--title", "T", "--template", "../../x"], says: "is not a template name")
        try box.expectRefusal(["list", "--status", "done"], says: "unknown status 'done'")
    }

    /// Racing saves from separate processes: each edit lands in exactly one commit, a save
    /// that finds its edit already saved fails cleanly, and no commit is ever lost.
    @Test func racingDraftSavesLoseNothing() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try box.sop("draft", "start", "race")
        var successes = 0
        for round in 0..<6 {
            try edited(box) { $0 + "\nRound \(round).\n" }
            let processes = try (0..<3).map { index in
                try box.start(Sandbox.binary, ["draft", "save", "-m", "round \(round) writer \(index)"])
            }
            for process in processes {
                let result = try process.finish()
                if result.status == 0 {
                    successes += 1
                } else {
                    #expect(result.output.contains("nothing to save"), "\(result.output)")
                }
            }
        }
        #expect(successes == 6)
        let count = try box.git("rev-list", "--count", "draft/race").stdout
        #expect(count == "8\n")  // the sample's two commits and six saves
        #expect(try box.read(path).contains("Round 5."))
        #expect(try box.git("show", "draft/race:\(path)").stdout.contains("Round 5."))
        #expect(try box.git("fsck", "--strict").status == 0)
        #expect(try box.git("status", "--porcelain").stdout == "")
    }
}
