import Foundation
import Git
import Testing
@testable import SOPKit

/// Words that look other than they are: invisible characters that make a repeat look new to
/// the machine, and bidirectional controls that make "we do not" display as something else.
@Suite struct DisguisedTextTests {
    static let override = "\u{202E}"

    @Test func aCommentDifferingOnlyByInvisibleCharactersIsTheSameComment() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let first = CommentDraft(section: "detection", type: .ge, text: "Not achievable at night")
        try fixture.consultation.addComments([first], round: round.id, as: fixture.actor("TT"), now: fixture.at(1))
        for text in ["Not achie\u{200B}vable at\u{2060} night\u{FEFF}", "Not achievable\u{00AD} at\u{200D} night"] {
            let again = CommentDraft(section: "detection", type: .ge, text: text)
            let error = #expect(throws: SOPError.self) {
                try fixture.consultation.addComments([again], round: round.id, as: fixture.actor("TT"), now: fixture.at(2))
            }
            #expect(error?.message.contains("the same comment is already recorded as TT-1") == true, "\(error?.message ?? "")")
        }
        // The fold's own rule, which sync and every replica apply: bidi controls do not make it new either.
        let error = #expect(throws: SOPError.self) {
            try DisguisedTextTests.writeAsAReplicaWould(fixture.consultation.log, round: round, text: "Not achievable at \u{202D}night\u{202C}")
        }
        #expect(error?.message.contains("the same comment is already recorded as TT-1") == true, "\(error?.message ?? "")")
        #expect(try fixture.consultation.log.round(round.id).comments.count == 1)
    }

    @Test func composedAndDecomposedAccentsCompareAlike() {
        #expect(DisplayText.comparable("D\u{00E9}lai  de\n quatre heures") == DisplayText.comparable("De\u{0301}lai de quatre\u{200B} heures"))
        #expect(DisplayText.comparable("we do not") != DisplayText.comparable("we do"))
    }

    @Test func aBidiOverrideIsRefusedInEveryTextAParticipantWrites() throws {
        let fixture = try RoundWorkspace(keys: ["TT"])
        let round = try fixture.open()
        let disguised = "We agree \(DisguisedTextTests.override)ton od ew"
        func expectRefused(_ field: String, sourceLocation: SourceLocation = #_sourceLocation, _ write: () throws -> Void) {
            let error = #expect(throws: SOPError.self, sourceLocation: sourceLocation) { try write() }
            #expect(error?.code == .invalidArgument, sourceLocation: sourceLocation)
            let message = error?.message ?? ""
            #expect(message.contains("the \(field) contains [U+202E] (right-to-left override)"), "\(message)", sourceLocation: sourceLocation)
            #expect(!message.contains(DisguisedTextTests.override), "the refusal does not carry the control itself", sourceLocation: sourceLocation)
        }
        let tt = fixture.actor("TT")
        expectRefused("comment text") {
            try fixture.consultation.addComments([CommentDraft(section: "detection", type: .ge, text: disguised)], round: round.id, as: tt, now: fixture.at(1))
        }
        expectRefused("proposed change") {
            try fixture.consultation.addComments(
                [CommentDraft(section: "detection", type: .ge, text: "Too fast", proposed: disguised)], round: round.id, as: tt, now: fixture.at(1))
        }
        expectRefused("quote") {
            try fixture.consultation.addComments(
                [CommentDraft(section: "detection", quote: "within\(DisguisedTextTests.override) one hour", type: .ge, text: "Too fast")], round: round.id, as: tt, now: fixture.at(1))
        }
        #expect(try fixture.consultation.log.round(round.id).comments.isEmpty, "nothing was written")
        let comment = try #require(
            try fixture.consultation.addComments([CommentDraft(section: "detection", type: .ge, text: "Too fast")], round: round.id, as: tt, now: fixture.at(1)).first)
        expectRefused("reply") { _ = try fixture.consultation.reply(to: comment.number, round: round.id, text: disguised, as: tt, now: fixture.at(1.5)) }
        expectRefused("reason") {
            _ = try fixture.consultation.dispose(comment.number, round: round.id, resolution: .rejected, reason: disguised, as: fixture.secretariat, now: fixture.at(1.5))
        }
        expectRefused("reason") {
            _ = try fixture.consultation.state(.object, round: round.id, reason: disguised, reservations: [], statement: nil, as: tt, now: fixture.at(2))
        }
        expectRefused("reservation statement") {
            _ = try fixture.consultation.state(.approve, round: round.id, reason: nil, reservations: ["detection"], statement: disguised, as: tt, now: fixture.at(2))
        }
        let after = try fixture.consultation.log.round(round.id)
        #expect(after.comments.count == 1 && after.comments[0].replies.isEmpty && after.comments[0].disposition == nil && after.positions.isEmpty)
        // Right-to-left words need no override; the marks that settle an ambiguous case stay allowed.
        let arabic = "\u{0644}\u{0627} \u{0646}\u{0648}\u{0627}\u{0641}\u{0642}\u{200F} (TT)"
        try fixture.consultation.addComments([CommentDraft(section: "detection", type: .ge, text: arabic)], round: round.id, as: tt, now: fixture.at(2))
        #expect(try fixture.consultation.log.round(round.id).comments.last?.text == arabic)
    }

    @Test func anOverrideThatArrivesFromAReplicaIsKeptButShownMadeVisible() throws {
        let fixture = try RoundWorkspace()
        let round = try fixture.open()
        let disguised = try DisguisedTextTests.writeAsAReplicaWould(fixture.consultation.log, round: round, text: "We agree \(DisguisedTextTests.override)ton od ew")
        let folded = try fixture.consultation.log.round(round.id)
        #expect(folded.comments.map(\.text) == [disguised], "the record keeps what was written; only showing it changes")
        let text = try RevisionText(workspace: fixture.workspace, commit: folded.revision.commit, scope: folded.procedures)
        for data in [try CommentForm.export(folded, text: text, participant: "TT"), try CommentForm.dispositions(folded, text: text)] {
            let csv = String(decoding: data, as: UTF8.self)
            #expect(!csv.contains(DisguisedTextTests.override))
            #expect(csv.contains("We agree [U+202E]ton od ew"))
        }
        // The exported comment, sent back unchanged, is still the recorded one: nothing is added.
        let form = try CommentForm.export(folded, text: text, participant: "TT")
        #expect(try CommentForm.read(form, path: "TT.csv", participant: "TT", round: folded, text: text).isEmpty)
        #expect(DisplayText.shown("a\u{2066}b\u{2069}c\u{202A}") == "a[U+2066]b[U+2069]c[U+202A]")
        #expect(DisplayText.escapedInJSON("\"a\u{202E}b\"") == #""a\u202Eb""#)
    }

    @Test func aReservationStatementFromAReplicaIsPublishedMadeVisible() throws {
        let fixture = try RoundWorkspace(keys: ["secretariat"] + PublishedWorkspace.states)
        let round = try fixture.open(PublishedWorkspace.states)
        for code in PublishedWorkspace.states where code != "BZ" { try fixture.state(code, .approve, on: round.id) }
        // BZ's replica signed it (an older sop, or a hostile one) and it arrived by sync.
        let text = try RevisionText(workspace: fixture.workspace, commit: round.revision.commit, scope: round.procedures)
        let statement = "Belize applies \(DisguisedTextTests.override)4.5 noitces"
        try fixture.consultation.log.append(to: round.id, author: "Focal point BZ <bz@example.org>", message: "Position of BZ", signer: try #require(try KeyPair.load(for: "BZ", in: fixture.keyDirectory))) { current in
            [
                Event(
                    kind: .positionStated, round: round.id, participant: "BZ", author: "Focal point BZ <bz@example.org>", at: fixture.at(2), clock: current.clock + 1,
                    payload: [
                        "position": .string("approve"), "revision": .string(round.revision.commit),
                        "fingerprints": .object(text.fingerprints().mapValues(JSONValue.string)),
                        "reservations": .array([.object(["sections": .array([.string("SOP-004#boarding")]), "statement": .string(statement)])]),
                    ])
            ]
        }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        _ = try Drafts(fixture.workspace).switchTo("main")
        _ = try Adoption(fixture.consultation).adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(4))
        let out = fixture.base.url.appendingPathComponent("_site")
        try Publisher(fixture.workspace).publish(ref: nil, options: .init(out: out.path))
        for page in ["procedures/SOP-004.html", "states/BZ.html", "states/BZ-SOP-004.html"] {
            let html = try String(contentsOf: out.appendingPathComponent(page), encoding: .utf8)
            #expect(html.contains("Belize applies [U+202E]4.5 noitces"), "\(page)")
            #expect(!html.contains(DisguisedTextTests.override), "\(page)")
        }
    }

    /// Writes TT's comment straight to the round's log, past the checks of this replica's
    /// commands, as another replica's event arrives by sync; returns its text.
    static func writeAsAReplicaWould(_ log: EventLog, round: Round, text: String) throws -> String {
        let at = round.opened.addingTimeInterval(3600)
        try log.append(to: round.id, author: "Focal point TT <tt@example.org>", message: "Comment by TT") { current in
            [
                Event(
                    kind: .commentAdded, round: round.id, participant: "TT", author: "Focal point TT <tt@example.org>", at: at,
                    clock: current.clock + 1,
                    payload: [
                        "revision": .string(round.revision.commit), "procedure": .string("SOP-004"), "section": .string("detection"),
                        "type": .string("ge"), "text": .string(text), "blocking": .bool(false), "number": .string("TT-1"),
                    ])
            ]
        }
        return text
    }
}
