import Foundation
import Git
import Testing
@testable import SOPKit

/// A comment's number belongs to the participant that made it: nobody can take another's
/// numbers and so push the other's comments aside (TT-5 becoming TT-5a).
@Suite struct CommentNumberTests {
    @Test func aNumberOfAnotherParticipantIsRefusedByTheFold() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        func write(_ participant: String, number: String) throws {
            try fixture.consultation.log.append(to: round.id, author: "X <x@example.org>", message: "Comment") { current in
                [
                    Event(
                        kind: .commentAdded, round: round.id, participant: participant, author: "X <x@example.org>", at: fixture.at(1),
                        clock: current.clock + 1,
                        payload: [
                            "revision": .string(round.revision.commit), "procedure": .string("SOP-004"), "section": .string("detection"),
                            "type": .string("ge"), "text": .string("Comment \(number) by \(participant)"), "blocking": .bool(false), "number": .string(number),
                        ])
                ]
            }
        }
        for number in ["TT-1", "ТТ-1", "BZ-01", "BZ-1a", "BZ-", "BZ-1\u{202E}", "SEC-1", "BZ-1234567890"] {
            let error = #expect(throws: SOPError.self, "\(number)") { try write("BZ", number: number) }
            #expect(error?.message.contains("is not one of BZ's") == true, "\(number): \(error?.message ?? "")")
        }
        try write("BZ", number: "BZ-7")
        #expect(try fixture.consultation.log.round(round.id).comments.map(\.number) == ["BZ-7"])
        #expect(Round.isCommentNumber("SEC-3", of: Round.secretariat) && !Round.isCommentNumber("secretariat-3", of: Round.secretariat))
    }
}

/// The approved text itself must read as it is written.
@Suite struct ReorderedProcedureTextTests {
    @Test func lintRefusesABidiOverrideInAProcedure() throws {
        let workspace = try TemporaryWorkspace()
        let path = "Procedures/SOP-004-maritime-interception.md"
        try workspace.write(path, try workspace.read(path).replacingOccurrences(of: "within two hours", with: "within \u{202E}sruoh owt\u{202C}"))
        let diagnostics = try workspace.lint().filter { $0.check == "bidi" }
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("[U+202E]") == true)
        #expect(diagnostics.first?.location.path == path && diagnostics.first?.location.line == 93)
    }
}
