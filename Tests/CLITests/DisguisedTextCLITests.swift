import Foundation
import SOPKit
import Testing

/// Bidirectional controls through the built binary: refused when typed, made visible when a
/// replica brought them.
@Suite struct DisguisedTextCLITests {
    static let disguised = "We agree \u{202E}ton od ew"

    @Test func anOverrideTypedIsRefusedAndOneThatArrivedIsShownMadeVisible() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        try box.expectRefusal(
            ["comment", "add", round, "--as", "TT", "--section", "detection", "--type", "ge", "--text", Self.disguised],
            says: "the comment text contains [U+202E] (right-to-left override)")

        // TT's replica wrote it (an older sop, or a hostile one) and it arrived by sync.
        let log = Consultation(try Workspace.open(box.path("").path)).log
        let opened = try log.round(round)
        try log.append(to: round, author: "Focal point TT <tt@example.org>", message: "Comment by TT") { current in
            [
                Event(
                    kind: .commentAdded, round: round, participant: "TT", author: "Focal point TT <tt@example.org>",
                    at: opened.opened.addingTimeInterval(3600), clock: current.clock + 1,
                    payload: [
                        "revision": .string(opened.revision.commit), "procedure": .string("SOP-004"), "section": .string("detection"),
                        "type": .string("ge"), "text": .string(Self.disguised), "blocking": .bool(false), "number": .string("TT-1"),
                    ])
            ]
        }
        let listed = try box.sop("comment", "list", round)
        #expect(listed.status == 0, "\(listed.output)")
        #expect(listed.stdout.contains("We agree [U+202E]ton od ew"), "\(listed.stdout)")
        let asJSON = try box.sop("comment", "list", round, "--json")
        #expect(!(listed.stdout + asJSON.stdout).contains("\u{202E}"))
        let comments = try json(asJSON.stdout) as? [[String: Any]]
        #expect((comments?.first?["comment"] as? [String: Any])?["text"] as? String == Self.disguised, "JSON keeps the value, escaped")
        #expect(try box.sop("comment", "export", round, "--dispositions", "-o", "../table.csv").status == 0)
        let table = try String(contentsOf: box.url.appendingPathComponent("table.csv"), encoding: .utf8)
        #expect(table.contains("We agree [U+202E]ton od ew") && !table.contains("\u{202E}"))
    }
}
