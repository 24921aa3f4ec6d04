import Foundation
import Testing
@testable import SOPKit

@Suite struct ProcedureTests {
    @Test func readsFrontMatterAndSections() throws {
        let parsed = try Procedure.parse(path: "Procedures/SOP-010-test.md", text: procedure())
        #expect(parsed.metadata.id == "SOP-010")
        #expect(parsed.metadata.version == "1.0")
        #expect(parsed.metadata.status == .draft)
        #expect(parsed.sections.map { $0.heading.id } == ["purpose", "scope", "definitions", "responsibilities", "procedure", "screening", "records", "references"])
        #expect(parsed.sections[0].heading.line == 10)
        #expect(parsed.diagnostics.isEmpty)
    }

    @Test func malformedYAMLNamesTheLine() {
        let text = procedure(frontMatter: "id: SOP-010\ntitle: [unclosed\nversion: \"1.0\"")
        let error = #expect(throws: SOPError.self) { try Procedure.parse(path: "P/SOP-010-x.md", text: text) }
        #expect(error?.message.contains("malformed YAML") == true)
        #expect(error?.location?.line != nil)
        #expect(error?.location?.path == "P/SOP-010-x.md")
    }

    @Test func badFieldValuesAreEachReportedAtTheirLine() throws {
        let text = procedure(frontMatter: """
            id: SOP-010
            title: Test
            version: one
            status: finished
            owner: TT
            effective: 2027-02-30
            colour: blue
            """)
        let parsed = try Procedure.parse(path: "P/SOP-010-x.md", text: text)
        let messages = parsed.diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("P/SOP-010-x.md:4:10: error: 'one' is not a version") })
        #expect(messages.contains { $0.contains(":5:9: error: unknown status 'finished'; use one of: draft, in-consultation") })
        #expect(messages.contains { $0.contains(":7:12: error: '2027-02-30' in 'effective' is not a date") })
        #expect(messages.contains { $0.contains(":8:1: error: unknown field 'colour'") })
    }

    @Test func missingFieldsAreReported() throws {
        let parsed = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(frontMatter: "id: SOP-010\ntitle: T"))
        let missing = parsed.diagnostics.map(\.message).filter { $0.hasPrefix("missing required field") }
        #expect(missing == ["missing required field 'version'", "missing required field 'status'", "missing required field 'owner'"])
    }

    @Test func unsafeProcedureIDsAreRefused() throws {
        for bad in ["../../etc/passwd", "SOP 1", "SOP-1", "sop-001"] {
            let parsed = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(frontMatter: "id: \"\(bad)\"\ntitle: T\nversion: \"1\"\nstatus: draft\nowner: TT"))
            #expect(parsed.metadata.id == nil)
            #expect(parsed.diagnostics.contains { $0.message.contains("is not a procedure ID") })
        }
    }

    @Test func aFileWithoutFrontMatterIsExplainedAsNotAProcedure() {
        let error = #expect(throws: SOPError.self) { try Procedure.parse(path: "docs/intro.md", text: "# Intro\n") }
        #expect(error?.message == "not a procedure: the file has no YAML front matter")
        let jekyll = #expect(throws: SOPError.self) {
            try Procedure.parse(path: "_posts/2020-01-01-hello.md", text: "---\nlayout: post\ntitle: Hello\n---\nBody\n")
        }
        #expect(jekyll?.message == "not a procedure: front matter has no 'id' field")
    }

    @Test func sectionIDRules() throws {
        let body = """
            ## 1 Purpose {#purpose}
            ## 2 Scope {#purpose}
            ## 3 Bad {#Bad_ID}
            ## 4 Spaces {#two words}
            ## 5 No ID
            """
        let parsed = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(body: body))
        let messages = parsed.diagnostics.map(\.description)
        #expect(messages.contains { $0.contains(":11:1: error: duplicate section ID 'purpose' (first used on line 10)") })
        #expect(messages.contains { $0.contains(":12:1: error: malformed section ID '{#Bad_ID}'") })
        #expect(messages.contains { $0.contains(":13:1: error: malformed section ID '{#two words}'") })
        #expect(messages.contains { $0.contains(":14:1: error: heading 'No ID' has no section ID; end it with {#no-id}") })
    }

    @Test func fixAddsMissingIDsAndKeepsExistingOnes() throws {
        let text = procedure(body: "## 1 Purpose {#purpose}\n\n## 2 Purpose\n\n### 2.1 Ports of entry ###\n\nSetext\n======\n")
        let (fixed, added) = try SectionFixer.addMissingIDs(to: text, path: "x.md")
        #expect(added == 3)
        #expect(fixed.contains("## 2 Purpose {#purpose-2}\n"))
        #expect(fixed.contains("### 2.1 Ports of entry {#ports-of-entry}\n"))
        #expect(fixed.contains("Setext {#setext}\n======"))
        let reparsed = try Procedure.parse(path: "P/SOP-010-x.md", text: fixed)
        #expect(!reparsed.diagnostics.contains { $0.check == "section-id" })
    }

    @Test func invalidUTF8IsRefusedWithItsPosition() {
        var data = Data("---\nid: SOP-010\n".utf8)
        data.append(contentsOf: [0x74, 0x69, 0xFF, 0x0A])
        let error = #expect(throws: SOPError.self) { try TextFile.decode(data, path: "P/x.md") }
        #expect(error?.location == Location("P/x.md", line: 3, column: 3))
        #expect(error?.message.contains("0xFF") == true)
        #expect(error?.hint == "save the file with UTF-8 encoding")
    }

    @Test func oversizedFilesAreRefusedBeforeReading() {
        let error = #expect(throws: SOPError.self) { try TextFile.checkSize(50 * 1_048_576, path: "P/big.md") }
        #expect(error?.code == .tooLarge)
        #expect(error?.message == "file is 50.0 MB; procedures are limited to 10.0 MB")
    }

    @Test func templatePlaceholdersStayValidYAML() throws {
        let template = "---\nid: \"{{id}}\"\ntitle: {{title}}\nowner: \"{{owner}}\"\nversion: \"0.1\"\nstatus: draft\n---\n\nDrafted {{date}} for {{title}}.\n"
        let filled = Template.fill(template, values: ["id": "SOP-011", "title": "Return: \"safe\" and dignified", "owner": "JM", "date": "2027-01-02"])
        let parsed = try Procedure.parse(path: "P/SOP-011-x.md", text: filled)
        #expect(parsed.metadata.title == "Return: \"safe\" and dignified")
        #expect(parsed.metadata.id == "SOP-011")
        #expect(filled.contains("Drafted 2027-01-02 for Return: \"safe\" and dignified."))
    }
}
