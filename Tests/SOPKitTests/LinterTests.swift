import Foundation
import Markdown
import Testing
@testable import SOPKit

@Suite struct LinterTests {
    @Test func theShippedSetIsClean() throws {
        let workspace = try TemporaryWorkspace()
        let snapshot = try Snapshot.load(from: workspace.workspace.worktree())
        #expect(snapshot.procedures.count >= 7)
        #expect(snapshot.procedures.allSatisfy { $0.sections.count >= 13 })
        #expect(snapshot.template.requiredSections.compactMap(\.id) == ["purpose", "scope", "definitions", "responsibilities", "procedure", "records", "references"])
        #expect(try workspace.lint().filter { $0.severity != .note } == [])
    }

    @Test func crossReferencesMustResolve() throws {
        let workspace = try TemporaryWorkspace()
        let body = procedure().replacingOccurrences(of: "#screening) and", with: "#no-such-section) and [x](SOP-099-missing.md#a) [y](../../etc/passwd) [z](javascript:alert(1))")
        try workspace.write("Procedures/SOP-010-test.md", body)
        let messages = try workspace.lint().map(\.description)
        #expect(messages.contains { $0.contains("Procedures/SOP-010-test.md:24:5: error: cross-reference to missing section 'no-such-section' in SOP-004; its sections are: purpose, scope") })
        #expect(messages.contains { $0.contains("cross-reference to missing procedure 'SOP-099-missing.md'") })
        #expect(messages.contains { $0.contains("cross-reference '../../etc/passwd' points outside the workspace") })
        #expect(messages.contains { $0.contains("link with 'javascript:' is not allowed") })
    }

    /// Links written with percent escapes name the same file and section as plain ones; a
    /// malformed escape is kept as written.
    @Test func percentEscapesInLinksAreDecoded() {
        #expect(CrossReference.resolve("SOP-004%2Dborder.md", from: "Procedures") == "Procedures/SOP-004-border.md")
        #expect(CrossReference.resolve("..%2F..%2Fetc/passwd", from: "Procedures") == nil)
        #expect(CrossReference("SOP-004.md#s%C3%A9ction").fragment == "séction")
        #expect(CrossReference("SOP-004.md#screening").fragment == "screening")
        #expect(CrossReference("SOP-004.md#100%").fragment == "100%")
    }

    @Test func ownersLanguagesAndDatesAreChecked() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("Procedures/SOP-010-test.md", procedure(frontMatter: """
            id: SOP-010
            title: T
            version: "1.0"
            status: effective
            owner: XX
            language: de
            review-by: 2026-01-01
            """))
        let messages = try workspace.lint().map(\.message)
        #expect(messages.contains { $0.hasPrefix("owner 'XX' is not a participant in set.yaml") })
        #expect(messages.contains { $0.hasPrefix("language 'de' is not one of the set's languages") })
        #expect(messages.contains("status 'effective' needs an 'effective' date"))
    }

    @Test func requiredSectionsComeFromTheTemplate() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("Procedures/SOP-010-test.md", procedure(body: "## 1 Purpose {#purpose}\n"))
        let missing = try workspace.lint().filter { $0.check == "required-section" }.map(\.message)
        #expect(missing.count == 6)
        #expect(missing.contains("missing required section 'Records' {#records} (from Templates/procedure.md)"))
    }

    @Test func idMustMatchFileNameAndBeUnique() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("Procedures/SOP-010-test.md", procedure(id: "SOP-004"))
        let messages = try workspace.lint().map(\.message)
        #expect(messages.contains("id 'SOP-004' does not match the file name; name the file SOP-004-<slug>.md"))
        #expect(messages.contains { $0.hasPrefix("id 'SOP-004' is also used by") })
    }

    @Test func unreadableFilesBecomeDiagnostics() throws {
        let workspace = try TemporaryWorkspace()
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xC3, 0x28, 0x0A]).write(to: workspace.url.appendingPathComponent("Procedures/SOP-011-bad.md"))
        try workspace.write("Procedures/notes.md", "Just notes.\n")
        let diagnostics = try workspace.lint()
        #expect(diagnostics.contains { $0.location == Location("Procedures/SOP-011-bad.md", line: 2, column: 1) && $0.message.hasPrefix("invalid UTF-8") })
        #expect(diagnostics.contains { $0.location.path == "Procedures/notes.md" && $0.message.hasPrefix("not a procedure") })
    }

    /// A new procedure is well formed, and lint names every word the drafter still has to
    /// replace, where it is: the template's italic instructions and its example subsections.
    @Test func aNewProcedureFailsLintOnlyOnTheTemplatesPlaceholders() throws {
        let workspace = try TemporaryWorkspace()
        let path = try workspace.workspace.newProcedure(title: "Return: and Readmission", owner: "JM")
        #expect(path == "Procedures/SOP-008-return-and-readmission.md")
        let text = try workspace.read(path)
        #expect(text.contains("title: \"Return: and Readmission\""))
        let errors = try workspace.lint().filter { $0.severity == .error }
        #expect(errors.allSatisfy { $0.check == "placeholder" && $0.location.path == path }, "\(errors)")
        let lines = Lines.split(text)
        func line(of words: String) -> Int { (lines.firstIndex { $0.contains(words) } ?? -1) + 1 }
        #expect(errors.contains { $0.location.line == line(of: "### 5.2 Second step") && $0.message.hasPrefix("heading 'Second step' is the template's example") })
        #expect(errors.contains { $0.location.line == line(of: "*Drafted") && $0.message.contains("Replace this line with one or two sentences") })
        #expect(errors.contains { $0.location.line == line(of: "| *Term* |") && $0.message.hasPrefix("'What it means in this procedure' is the template's instruction") })
        // Two headings, and the italic instructions: the preamble's, the seven sections', two
        // table cells' and the two steps'.
        #expect(errors.filter { $0.message.hasPrefix("heading") }.count == 2)
        #expect(errors.count == 2 + 1 + 7 + 2 + 2, "\(errors.map(\.description))")
        #expect(try workspace.workspace.newProcedure(title: "Second") == "Procedures/SOP-009-second.md")
    }

    /// Dropping the italics or rewrapping the lines does not hide an instruction; the words
    /// of an instruction used in a sentence of one's own, or a short one ("Term"), are fine.
    @Test func placeholdersAreFoundHoweverTheyAreWritten() throws {
        let workspace = try TemporaryWorkspace()
        try workspace.write("Procedures/SOP-010-test.md", procedure(body: """
            ## 1 Purpose {#purpose}

            Describe the first stage: who acts,
            what they do, and within what time

            ## 2 Scope {#scope}

            | Term | Meaning |
            |---|---|
            | Term | The first step of an interview, in which the officer says who they are. |

            ### 2.1 Second Step {#second}

            Every officer shall describe the first stage of an interview to the person.
            """))
        let found = try workspace.lint().filter { $0.check == "placeholder" }
        #expect(found.compactMap(\.location.line).sorted() == [12, 21], "\(found.map(\.description))")
    }

    /// The placeholders are the template's own: a set whose template says other words gets
    /// those checked, and the old ones are ordinary words.
    @Test func placeholdersComeFromTheTemplateFile() throws {
        let workspace = try TemporaryWorkspace()
        let template = try workspace.read("Templates/procedure.md")
        try workspace.write("Templates/procedure.md", template.replacingOccurrences(of: "Second step", with: "Next stage")
            .replacingOccurrences(of: "*Describe the first stage: who acts, what they do, and within what time.*", with: "*Write down who does what at this stage.*"))
        let rules = try TemplateRules.read(from: try workspace.workspace.worktree())
        #expect(rules.placeholders.contains(.init(.heading, "Next stage")))
        #expect(rules.placeholders.contains(.init(.sentence, "Write down who does what at this stage")))
        #expect(!rules.placeholders.contains { $0.text.contains("Second step") || $0.text.contains("Describe the first stage") })
        #expect(rules.placeholders.contains(.init(.sentence, "Replace this line with one or two sentences saying what problem this procedure solves and who will use it")))
    }
}
