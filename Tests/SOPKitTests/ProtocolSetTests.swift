import Foundation
import Testing
@testable import SOPKit

@Suite struct ProtocolSetTests {
    static let base = """
        format: 2
        title: T
        languages: [en]
        default-rule: consensus
        roles:
          secretariat:
            name: S
        participants:

        """

    @Test func theShippedRosterIsComplete() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let set = try ProtocolSet.parse(try String(contentsOf: root.appendingPathComponent("Procedures/set.yaml"), encoding: .utf8))
        let members = set.participants.filter { $0.kind == .member }.map(\.code)
        #expect(Set(members).isSuperset(of: ["AG", "BS", "BB", "BZ", "CU", "DM", "DO", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR", "TT"]))
        #expect(set.participant("AI")?.parent == "GB")
        #expect(set.participant("CW")?.parent == "NL")
        #expect(Set(set.participants.filter { $0.kind == .observer }.map(\.code)) == ["US", "NL", "IMPACS", "IOM", "UNHCR"])
        #expect(set.defaultRule == .consensus)
    }

    @Test(arguments: [
        ("  - code: AI\n    name: Anguilla\n    kind: territory\n", "territory 'AI' needs 'parent:'"),
        ("  - code: TT\n    name: A\n    kind: member\n  - code: TT\n    name: B\n    kind: member\n", "participant 'TT' is listed twice"),
        ("  - code: TT\n    name: A\n    kind: voter\n", "unknown kind 'voter' for TT"),
        ("  - code: tt\n    name: A\n    kind: member\n", "'tt' is not a participant code"),
        ("  - code: IOM\n    name: A\n    kind: member\n", "member 'IOM' needs an ISO 3166-1 alpha-2 code"),
    ])
    func rosterMistakesAreRefusedAtTheirLine(_ roster: String, _ expected: String) {
        let error = #expect(throws: SOPError.self) { try ProtocolSet.parse(Self.base + roster) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
        #expect((error?.location?.line ?? 0) >= 9)
    }

    @Test func unknownRuleAndFormatAreRefused() {
        let rule = #expect(throws: SOPError.self) {
            try ProtocolSet.parse(Self.base.replacingOccurrences(of: "consensus", with: "vibes"))
        }
        #expect(rule?.message.contains("unknown decision rule 'vibes'") == true)
        #expect(rule?.location?.line == 4)
        let format = #expect(throws: SOPError.self) {
            try ProtocolSet.parse(Self.base.replacingOccurrences(of: "format: 2", with: "format: 9"))
        }
        #expect(format?.message.contains("format 9") == true)
    }
}
