import Foundation
import Testing
@testable import SOPKit

@Suite struct DiffTests {
    @Test func wordDiffMarksOnlyTheChangedWords() {
        let diff = WordDiff("Report within two hours to the contact point.", "Report within one hour to the national contact point.")
        #expect(diff.inline == "Report within [-two hours-]{+one hour+} to the {+national +}contact point.")
    }

    @Test(arguments: [
        ("", ""), ("a", ""), ("", "b"), ("a b c", "a c"), ("x y z", "z y x"), ("one two three four", "zero one three four five"),
    ])
    func wordDiffReconstructsBothSides(_ old: String, _ new: String) {
        let diff = WordDiff(old, new)
        #expect(diff.segments.filter { $0.op != .insert }.map(\.text).joined() == old)
        #expect(diff.segments.filter { $0.op != .delete }.map(\.text).joined() == new)
    }

    @Test func sectionsAreMatchedByID() throws {
        let old = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(body: """
            ## 1 Purpose {#purpose}
            Keep people safe.
            ## 2 Scope {#scope}
            All ports.
            ## 3 Old {#old}
            Gone soon.
            ## 4 Screening {#screening}
            Screen everyone.
            """))
        let new = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(body: """
            ## 1 Scope of application {#scope}
            All ports.
            ## 2 Purpose {#purpose}
            Keep people safe.
            ## 3 Screening {#screening}
            Screen every person.
            ## 4 New {#new}
            Fresh text.
            """))
        let diff = ProcedureDiff(procedure: "SOP-010", from: "a", to: "b", old: old, new: new, comparing: .source)
        let kinds = Dictionary(uniqueKeysWithValues: diff.sections.map { ($0.id, $0.kinds) })
        #expect(kinds["new"] == [.added])
        #expect(kinds["old"] == [.removed])
        #expect(kinds["scope"]?.contains(.renamed) == true)
        #expect(kinds["screening"] == [.changed])
        #expect(kinds["purpose"] == [.moved] || kinds["scope"]?.contains(.moved) == true)
        #expect(diff.sections.first { $0.id == "screening" }?.words?.inline == "Screen [-everyone-]{+every person+}.")
    }

    @Test func metadataChangesAreListed() throws {
        let old = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure())
        let new = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure().replacingOccurrences(of: "version: \"1.0\"", with: "version: \"1.1\""))
        let diff = ProcedureDiff(procedure: "SOP-010", from: "a", to: "b", old: old, new: new, comparing: .source)
        #expect(diff.metadata == [.init(field: "version", old: "1.0", new: "1.1")])
        #expect(diff.sections.isEmpty)
    }

    /// Officials' change views compare what a reader sees, so a link reads as its words and a
    /// change of emphasis alone is no change of wording.
    @Test func readingTextShowsLinksAsTheirWords() throws {
        let old = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(body: """
            ## 1 Screening {#screening}
            Refer the person under [Article 3](#purpose) within **two hours**.
            """))
        let new = try Procedure.parse(path: "P/SOP-010-x.md", text: procedure(body: """
            ## 1 Screening {#screening}
            Refer the person under [Article 4](#scope) within two hours.
            """))
        let reading = ProcedureDiff(procedure: "SOP-010", from: "a", to: "b", old: old, new: new, comparing: .reading)
        let words = try #require(reading.sections.first { $0.id == "screening" }?.words)
        #expect(words.inline == "Refer the person under Article [-3-]{+4+} within two hours.")
        #expect(!words.html.contains("](") && !words.html.contains("**"))
        let source = ProcedureDiff(procedure: "SOP-010", from: "a", to: "b", old: old, new: new, comparing: .source)
        #expect(source.sections.first { $0.id == "screening" }?.words?.inline.contains("](#") == true)
    }
}
