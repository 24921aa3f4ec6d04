import Foundation
import Testing

/// What stands between a secretariat officer and an irreversible adoption: an effective date
/// they must name, comments they must answer (or say on the record they did not), text with
/// no template placeholders left, a dry run, and a question on a terminal.
@Suite struct AdoptionSafetyCLITests {
    static let adoptionDay = "2027-01-08T09:00Z"
    static let tag = "set/2027.1"

    /// Refs and work tree: what a refused or previewed adoption must leave as it was.
    func state(_ box: Sandbox) throws -> String {
        try box.git("for-each-ref", "--format=%(refname) %(objectname)").stdout + "\n" + box.git("status", "--porcelain", "--untracked-files=all").stdout
    }

    /// Runs `arguments` on the adoption day, checks it fails saying `expected`, and that
    /// nothing changed.
    func expectRefused(_ box: Sandbox, _ arguments: [String], says expected: String..., sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try box.fingerprint()
        let result = try box.at(Self.adoptionDay, arguments)
        #expect(result.status != 0, "\(arguments) should fail", sourceLocation: sourceLocation)
        for text in expected { #expect(result.output.contains(text), "\(result.output)", sourceLocation: sourceLocation) }
        #expect(try box.fingerprint() == before, "\(arguments) changed the repository", sourceLocation: sourceLocation)
        #expect(try box.git("tag", "-l", "set/*").stdout.isEmpty, sourceLocation: sourceLocation)
    }

    /// A closed round with two comments nobody answered (TT's and JM's) and one answered (BZ's).
    func roundWithUnansweredComments(_ box: Sandbox) throws -> String {
        try AdoptionCLITests().closedRound(box, during: { round in
            for (code, section) in [("TT", "detection"), ("JM", "scope"), ("BZ", "screening")] {
                let added = try box.at("2027-01-05T10:00Z", ["comment", "add", round, "--as", code, "--section", section, "--type", "ed", "--text", "Comment from \(code)"])
                #expect(added.status == 0, "\(added.output)")
            }
            #expect(try box.at("2027-01-05T11:00Z", ["comment", "dispose", "BZ-1", "--noted", "--as", "secretariat"]).status == 0)
        })
    }

    @Test func theEffectiveDateMustBeNamedAndNotBeforeTheAdoptionDay() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().closedRound(box)
        try expectRefused(box, ["adopt", round, "--version", "2027.1", "--as", "secretariat"], says: "Missing expected argument '--effective <YYYY-MM-DD>'")
        try expectRefused(box, ["adopt", round, "--effective", "1 March", "--as", "secretariat"], says: "'1 March' is invalid for '--effective <YYYY-MM-DD>'")
        try expectRefused(
            box, ["adopt", round, "--effective", "2027-01-07", "--as", "secretariat"],
            says: "error: the effective date 2027-01-07 is before the adoption day (2027-01-08): a set cannot come into force before it is adopted",
            "hint: give --effective 2027-01-08 or a later day")
        let help = try box.sop("adopt", "--help")
        #expect(help.stdout.contains("--effective <YYYY-MM-DD>") && help.stdout.contains("--yes") && help.stdout.contains("skips the question"), "\(help.stdout)")
        // The adoption day itself puts the set in force at once.
        #expect(try box.at(Self.adoptionDay, ["adopt", round, "--effective", "2027-01-08", "--as", "secretariat"]).status == 0)
        let inForce = try box.git("show", "main:Procedures/SOP-004-maritime-interception.md").stdout
        #expect(inForce.contains("status: effective\n") && inForce.contains("effective: 2027-01-08\n"), "\(inForce)")
    }

    @Test func commentsWithoutADispositionStopTheAdoptionUntilTheRecordNamesThem() throws {
        let box = try Sandbox()
        let round = try roundWithUnansweredComments(box)
        let adopt = ["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat"]
        try expectRefused(
            box, adopt, says: "error: round \(round) cannot be adopted: 2 comments have no disposition from the secretariat: TT-1, JM-1",
            "hint: answer each with `sop comment dispose TT-1 --round \(round) --accepted|--modified|--rejected|--noted --reason \"…\" --as secretariat`, or pass --allow-undisposed")

        let adopted = try box.at(Self.adoptionDay, adopt + ["--allow-undisposed"])
        #expect(adopted.status == 0, "\(adopted.output)")
        let message = try box.git("tag", "-l", "--format=%(contents)", Self.tag).stdout
        #expect(message.contains("Adopted with comments the secretariat had not answered: TT-1, JM-1\n"))
        #expect(message.contains("\"undisposed\": [\n    \"TT-1\",\n    \"JM-1\"\n  ]"), "\(message)")
        #expect(message.contains("\"format\": 4"))
        let verified = try box.sop("verify", Self.tag)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.stdout.contains("✓ the record names the 2 comments adopted without a disposition: TT-1, JM-1"))
        // Answering them after the adoption leaves the record as it was sealed, and true.
        #expect(try box.at("2027-01-09T09:00Z", ["comment", "dispose", "TT-1", "--accepted", "--as", "secretariat"]).status == 0)
        #expect(try box.sop("verify", Self.tag).status == 0)
        // The published approval record says so too.
        #expect(try box.at("2027-01-09T10:00Z", ["publish"]).status == 0)
        #expect(try box.read("_site/procedures/SOP-004.html").contains("Adopted with comments the secretariat had not answered: TT-1, JM-1"))
    }

    @Test func aRecordThatHidesUnansweredCommentsFailsVerification() throws {
        let box = try Sandbox()
        let round = try roundWithUnansweredComments(box)
        #expect(try box.at(Self.adoptionDay, ["adopt", round, "--effective", "2027-03-01", "--allow-undisposed", "--as", "secretariat"]).status == 0)
        let message = try box.git("tag", "-l", "--format=%(contents)", Self.tag).stdout
        let target = try box.git("rev-parse", "\(Self.tag)^{commit}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The field and its summary line taken out: the signature no longer holds, and the rule does not either.
        let hidden = message.replacingOccurrences(of: ",\n  \"undisposed\": [\n    \"TT-1\",\n    \"JM-1\"\n  ]", with: "")
            .replacingOccurrences(of: "\nAdopted with comments the secretariat had not answered: TT-1, JM-1", with: "")
        #expect(hidden != message && !hidden.contains("undisposed"))
        try Data(hidden.utf8).write(to: box.url.appendingPathComponent("message.txt"))
        #expect(try box.git("tag", "-f", "-a", Self.tag, "-F", "../message.txt", "--cleanup=verbatim", target).status == 0)
        let verified = try box.sop("verify", Self.tag)
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("✗ round \(round) had TT-1, JM-1 without a disposition when it was adopted, but the record names none"), "\(verified.stdout)")
    }

    @Test func textLeftFromTheTemplateCannotBePutInForce() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().closedRound(box, draft: { (box: Sandbox) throws in
            #expect(try box.sop("new", "--title", "Return and Readmission", "--owner", "JM").status == 0)
        })
        try expectRefused(
            box, ["adopt", round, "--effective", "2027-03-01", "--allow-undisposed", "--as", "secretariat"],
            says: "cannot be adopted: the text to be put in force fails lint with 14 errors:",
            "  Procedures/SOP-008-return-and-readmission.md:12:1: error: 'Replace this line with one or two sentences", "and 9 more",
            "hint: correct the draft (`sop lint` on it), put it up with `sop round revise \(round) --as secretariat`")
    }

    @Test func aDryRunShowsWhatWouldGoIntoForceAndChangesNothing() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().closedRound(box)
        let before = try state(box)
        let dry = try box.at(Self.adoptionDay, ["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat", "--dry-run"])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(try state(box) == before)
        let shown = dry.stdout
        for line in [
            "Adopting round \(round) (revision 1, ", ") as set/2027.1\n", "in force from: 1 March 2027 (2027-03-01)\n",
            "outcome: adopted under the consensus rule — adopted by consensus of 5 member states\n",
            "  SOP-004 Maritime Interception and Disembarkation: 1.0 (effective) → 1.1 (adopted)\n", "superseded: none\n",
            "positions: BZ approve (reservation on SOP-004#boarding: \"Belize applies 5.4 subject to its Maritime Areas Act\"), ",
            "comments without a disposition: none\n", "lint: no problems\n", "dry run: nothing was changed\n",
        ] {
            #expect(shown.contains(line), "\(line) in \(shown)")
        }

        let preview = try #require(try json(try box.at(Self.adoptionDay, ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat", "--dry-run", "--json"]).stdout) as? [String: Any])
        #expect(Set(preview.keys) == ["tag", "version", "round", "revision", "commit", "effective", "procedures", "superseded", "outcome", "positions", "undisposed", "allowUndisposed", "lint", "obstacles", "basis", "acknowledgement"])
        #expect(preview["tag"] as? String == "set/2027.1" && preview["effective"] as? String == "2027-03-01")
        let procedure = try #require((preview["procedures"] as? [[String: Any]])?.first)
        #expect(procedure["id"] as? String == "SOP-004" && procedure["oldVersion"] as? String == "1.0" && procedure["newVersion"] as? String == "1.1" && procedure["newStatus"] as? String == "adopted")
        #expect((preview["obstacles"] as? [String]) == [])
        #expect(try state(box) == before)
        try expectRefused(box, ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat", "--json"], says: "--json prints the preview: use it with --dry-run")
    }

    @Test func aDryRunOfARefusedAdoptionSaysWhyAndFails() throws {
        let box = try Sandbox()
        let round = try roundWithUnansweredComments(box)
        let before = try state(box)
        let dry = try box.at(Self.adoptionDay, ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat", "--dry-run"])
        #expect(dry.status == 1)
        #expect(dry.stdout.contains("comments without a disposition: TT-1, JM-1 (adoption is refused while they have none)"))
        #expect(dry.stderr.contains("error: round \(round) cannot be adopted: 2 comments have no disposition"))
        let allowed = try box.at(Self.adoptionDay, ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat", "--dry-run", "--allow-undisposed"])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("comments without a disposition: TT-1, JM-1 (the record will name them: --allow-undisposed)"))
        #expect(try state(box) == before)
    }

    /// On a terminal (a pseudo-terminal through util-linux's `script`), sop asks for the
    /// version and adopts only when it is typed.
    @Test(arguments: [("2027.1\n", true), ("yes\n", false), ("\n", false)])
    func onATerminalAdoptionWaitsForTheVersionToBeTyped(answer: String, adopts: Bool) throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().closedRound(box)
        let before = try state(box)
        let command = "env SOP_NOW=\(Self.adoptionDay) \(Sandbox.binary.path) adopt \(round) --version 2027.1 --effective 2027-03-01 --as secretariat"
        let terminal = try box.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: "ws", stdin: Data(answer.utf8))
        let shown = terminal.stdout
        #expect(shown.contains("SOP-004 Maritime Interception and Disembarkation: 1.0 (effective) → 1.1 (adopted)"), "the preview first: \(shown)")
        #expect(shown.contains("Adopt this as set/2027.1, in force from 1 March 2027? Type the version to confirm: "))
        if adopts {
            #expect(terminal.status == 0, "\(terminal.output)")
            #expect(shown.contains("adopted \(round) as set/2027.1 on main"))
            #expect(try box.sop("verify", Self.tag).status == 0)
        } else {
            #expect(terminal.status != 0)
            #expect(shown.contains("not confirmed: ") && shown.contains("nothing was adopted"), "\(shown)")
            #expect(try state(box) == before)
        }
    }

    /// `--yes`, or anything but a terminal, adopts without asking (scripts, CI, the demo).
    @Test func yesOnATerminalAdoptsWithoutAsking() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().closedRound(box)
        let command = "env SOP_NOW=\(Self.adoptionDay) \(Sandbox.binary.path) adopt \(round) --effective 2027-03-01 --as secretariat --yes"
        let terminal = try box.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: "ws", stdin: nil)
        #expect(terminal.status == 0, "\(terminal.output)")
        #expect(!terminal.stdout.contains("Type the version to confirm"))
        #expect(terminal.stdout.contains("adopted \(round) as set/2027.1 on main"))
    }
}
