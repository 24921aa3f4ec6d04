import Foundation
import Testing

/// A drafter's day, run through the real binary, checked from outside with `git`.
@Suite struct WorkflowTests {
    @Test func fromInitToASavedDraft() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        #expect(try box.git("fsck", "--strict").status == 0)
        // The sample's history: the set, then a revision of SOP-002 with the Spanish and French
        // versions, which translate the first commit (so SOP-002's are behind).
        #expect(
            try box.git("log", "--format=%an <%ae> %s").stdout
                == "Ana Ruiz <ana.ruiz@example.org> Revise SOP-002 and add the Spanish and French versions of the sample procedures\nAna Ruiz <ana.ruiz@example.org> Create the protocol set workspace with the CMC sample set\n")
        #expect(try box.git("status", "--porcelain").stdout == "")

        let lint = try box.sop("lint")
        #expect(lint.status == 0)
        #expect(lint.stdout.contains("11 files checked: 0 errors, 4 warnings"), "\(lint.stdout)")

        let list = try json(try box.sop("list", "--json").stdout) as! [[String: Any]]
        #expect(list.count == 7)
        #expect(list[3]["id"] as? String == "SOP-004")
        #expect(Set(list[0].keys).isSuperset(of: ["id", "title", "version", "status", "owner", "path", "lastChange", "modified", "effective", "reviewBy"]))
        #expect((list[0]["lastChange"] as? [String: Any])?["author"] as? String == "Ana Ruiz")
        #expect(try box.sop("list", "--status", "in-consultation").stdout.contains("SOP-007"))

        let show = try json(try box.sop("show", "SOP-004", "--json").stdout) as! [String: Any]
        let outline = show["outline"] as! [[String: Any]]
        #expect(outline.contains { $0["id"] as? String == "screening" && $0["number"] as? String != nil })
        #expect((show["metadata"] as! [String: Any])["review-by"] as? String == "2028-03-01")
        #expect(try box.sop("show", "Procedures/SOP-004-maritime-interception.md").stdout.contains("{#screening}"))

        let html = try box.sop("render", "SOP-004").stdout
        #expect(html.contains("<h2 id=\"purpose\">1 Purpose</h2>"))
        #expect(!html.contains("{#"))
        #expect(!html.contains("status: effective"))

        #expect(try box.sop("draft", "start", "maritime-2027").status == 0)
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        let diff = try json(try box.sop("diff", "SOP-004", "--json").stdout) as! [String: Any]
        let sections = diff["sections"] as! [[String: Any]]
        #expect(sections.map { $0["id"] as? String } == ["detection"])
        #expect(try box.sop("diff", "SOP-004").stdout.contains("[-two hours-]{+one hour+}"))

        let save = try box.sop("draft", "save", "-m", "Report detections within one hour")
        #expect(save.status == 0, "\(save.output)")
        #expect(try box.git("log", "--format=%s", "draft/maritime-2027").stdout == "Report detections within one hour\nRevise SOP-002 and add the Spanish and French versions of the sample procedures\nCreate the protocol set workspace with the CMC sample set\n")
        #expect(try box.git("status", "--porcelain").stdout == "")
        #expect(try box.git("fsck", "--strict").status == 0)

        let history = try json(try box.sop("history", "SOP-004", "--json").stdout) as! [[String: Any]]
        #expect(history.map { $0["summary"] as? String } == ["Report detections within one hour", "Create the protocol set workspace with the CMC sample set"])
        #expect(try box.sop("diff", "SOP-004", "main", "draft/maritime-2027").stdout.contains("5.1 Detection and reporting {#detection}: changed"))

        let drafts = try box.sop("draft", "list").stdout
        #expect(drafts.contains("*  maritime-2027"))
        #expect(try box.sop("draft", "switch", "main").status == 0)
        #expect(try box.read(path).contains("within two hours"))
        #expect(try box.sop("draft", "switch", "maritime-2027").status == 0)
        #expect(try box.read(path).contains("within one hour"))
    }

    @Test func newProcedureFromTheTemplate() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let created = try box.sop("new", "--title", "Return and Readmission of Smuggled Migrants", "--owner", "JM")
        #expect(created.stdout == "Procedures/SOP-008-return-and-readmission-of-smuggled.md\n")
        // Until the drafter replaces the template's words, lint says where each one is.
        let linted = try box.sop("lint")
        #expect(linted.status == 1)
        #expect(linted.stdout.contains("Procedures/SOP-008-return-and-readmission-of-smuggled.md:46:1: error: heading 'Second step' is the template's example (Templates/procedure.md); give the section a title of its own [placeholder]"), "\(linted.stdout)")
        #expect(try box.sop("show", "SOP-008").stdout.contains("5.1 First step  {#first-step}"))
    }

    @Test func lintFixAddsSectionIDs() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let path = "Procedures/SOP-002-border-interview.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope"))
        let before = try box.sop("lint")
        #expect(before.status == 1)
        #expect(before.stdout.contains("error: heading 'Scope' has no section ID; end it with {#scope} or run `sop lint --fix`"))
        let fixed = try box.sop("lint", "--fix", "SOP-002")
        #expect(fixed.status == 0)
        #expect(try box.read(path).contains("## 2 Scope {#scope}"))
    }

    @Test func renderStdinIsPlainCmarkGFM() throws {
        let box = try Sandbox()
        let result = try box.sop("render", "--stdin", in: ".", stdin: Data("| a |\n|---|\n| ~~b~~ |\n\n<script>x</script>\n".utf8))
        #expect(result.status == 0)
        #expect(result.stdout == "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><del>b</del></td>\n</tr>\n</tbody>\n</table>\n<!-- raw HTML omitted -->\n")
    }

    @Test(arguments: ["init", "new", "list", "show", "lint", "render", "history", "diff", "draft", "draft start", "draft save", "draft list", "draft switch", "translations", "translate new", "translate done", "round log", "serve", "user add", "digest"])
    func everyCommandHasHelpWithAnExample(_ command: String) throws {
        let box = try Sandbox()
        let result = try box.run(Sandbox.binary, command.split(separator: " ").map(String.init) + ["--help"], in: ".", stdin: nil)
        #expect(result.status == 0)
        #expect(result.stdout.contains("Example"))
    }

    /// The portal's commands run in `sop-portal`, so that `sop` itself starts without the web
    /// server; without it beside `sop`, they say what is missing and how to install it.
    @Test func thePortalsCommandsNeedSopPortalBesideSop() throws {
        let box = try Sandbox()
        let version = try box.sop("--version", in: ".")
        #expect(version.status == 0 && version.stdout.hasPrefix("sop ") && version.stdout.contains("sealed records format 4"), "\(version.output)")
        let alone = box.url.appendingPathComponent("alone")
        try FileManager.default.createDirectory(at: alone, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Sandbox.binary, to: alone.appendingPathComponent("sop"))
        let refused = try box.run(alone.appendingPathComponent("sop"), ["serve", "--port", "8080"], in: ".", stdin: nil)
        #expect(refused.status == 1)
        #expect(refused.output.contains("error: `sop serve` needs sop-portal, which is not beside \(alone.path)/sop"), "\(refused.output)")
        #expect(refused.output.contains("hint: install sop with `make install`"))
        #expect(try box.run(alone.appendingPathComponent("sop"), ["list", "--help"], in: ".", stdin: nil).status == 0, "every other command runs alone")
    }

    /// A command line is parsed with `sop` and the subcommand it names only: help and errors
    /// still name `sop <command>`, and what names no subcommand gets the whole tree.
    @Test func helpAndErrorsNameSopAndTheCommand() throws {
        let box = try Sandbox()
        let help = try box.sop("list", "--help", in: ".")
        #expect(help.status == 0 && help.stdout.contains("USAGE: sop list"), "\(help.output)")
        let nested = try box.sop("draft", "start", "--help", in: ".")
        #expect(nested.status == 0 && nested.stdout.contains("USAGE: sop draft start"), "\(nested.output)")
        let wrong = try box.sop("list", "--no-such-flag", in: ".")
        #expect(wrong.status != 0 && wrong.output.contains("Unknown option '--no-such-flag'") && wrong.output.contains("sop list"), "\(wrong.output)")
        let all = try box.sop("--help", in: ".")
        for command in ["init", "list", "publish", "serve", "acknowledgements", "export"] {
            #expect(all.stdout.contains("  \(command) "), "\(command) in \(all.stdout)")
        }
        let helpOf = try box.sop("help", "adopt", in: ".")
        #expect(helpOf.status == 0 && helpOf.stdout.contains("USAGE: sop adopt"), "\(helpOf.output)")
        #expect(try box.sop("nonsense", in: ".").output.contains("Unexpected argument 'nonsense'"))
    }
}
