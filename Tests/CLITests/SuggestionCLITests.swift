import Foundation
import Testing

/// `sop comment apply`: a comment's proposed words on the words it quotes become the draft's
/// text in one commit, and the comment is disposed of naming that commit; anything doubtful
/// is refused with nothing changed.
@Suite struct SuggestionCLITests {
    static let english = "Procedures/SOP-004-maritime-interception.md"
    static let french = "Procedures/fr/SOP-004-maritime-interception.md"

    /// A round on SOP-004 ("within one hour") with TT's suggestion on the English words and
    /// HT's on the French version's.
    func roundWithSuggestions(_ box: Sandbox) throws -> String {
        let round = try RoundCLITests().openRound(box, participants: "TT,HT,JM")
        #expect(
            try box.sop(
                "comment", "add", round, "--as", "TT", "--section", "detection", "--quote", "within one hour", "--proposed",
                "within ninety minutes", "--type", "te", "--text", "One hour cannot be kept at night"
            ).status == 0)
        #expect(
            try box.sop(
                "comment", "add", round, "--as", "HT", "--lang", "fr", "--section", "detection", "--quote", "dans un délai de deux heures",
                "--proposed", "dans un délai de quatre-vingt-dix minutes", "--type", "ed", "--text", "Aligner le texte français"
            ).status == 0)
        return round
    }

    @Test func suggestionsInTwoLanguagesBecomeOneDraftCommitAndAreDisposed() throws {
        let box = try Sandbox()
        let round = try roundWithSuggestions(box)
        let applied = try box.sop("comment", "apply", "TT-1", "HT-1", "--as", "secretariat", "--json")
        #expect(applied.status == 0, "\(applied.output)")
        let result = try #require(try json(applied.stdout) as? [String: Any])
        let commit = try #require(result["commit"] as? String)
        #expect(result["files"] as? [String] == [Self.english, Self.french])
        #expect(try box.git("rev-parse", "draft/maritime-2027").stdout.hasPrefix(commit), "the draft moved to the commit")
        #expect(try box.git("show", "\(commit):\(Self.english)").stdout.contains("within ninety minutes"))
        #expect(try box.git("show", "\(commit):\(Self.french)").stdout.contains("dans un délai de quatre-vingt-dix minutes"))
        #expect(try box.git("log", "-1", "--format=%s", commit).stdout.contains("Apply TT-1, HT-1 (round \(round))"))
        #expect(try box.git("status", "--porcelain").stdout.isEmpty, "the checked-out draft's files and index follow the commit")
        #expect(try box.git("fsck", "--strict").status == 0)
        let comments = try #require(try json(try box.sop("comment", "list", round, "--json").stdout) as? [[String: Any]])
        for listed in comments {
            let disposition = try #require((listed["comment"] as? [String: Any])?["disposition"] as? [String: Any])
            #expect(disposition["resolution"] as? String == "accepted" && disposition["applied"] as? String == commit)
        }
        #expect(try box.sop("comment", "export", round, "--dispositions", "-o", "dispositions.csv").status == 0)
        let table = try box.read("dispositions.csv")
        #expect(table.contains("Accepted: applied in \(commit.prefix(10)) on draft maritime-2027"), "\(table)")
        #expect(try box.sop("verify", round).status == 0)
        // The round consults on the new words once revised; the applied comments stay beside
        // the words they brought.
        let revised = try box.sop("round", "revise", round, "--as", "secretariat")
        #expect(revised.stdout.contains("revision 2") && revised.stdout.contains("2 comment(s) placed on the new text, 0 unplaced"), "\(revised.output)")
    }

    @Test func doubtfulSuggestionsAreRefusedAndNothingChanges() throws {
        let box = try Sandbox()
        let round = try roundWithSuggestions(box)
        #expect(
            try box.sop(
                "comment", "add", round, "--as", "JM", "--section", "detection", "--quote", "one hour", "--proposed", "two hours", "--type", "te",
                "--text", "Back to two hours"
            ).status == 0)
        #expect(try box.sop("comment", "add", round, "--as", "JM", "--section", "scope", "--type", "ge", "--text", "Say more").status == 0)
        try box.expectRefusal(["comment", "apply", "TT-1", "JM-1", "--as", "secretariat"], says: "TT-1 and JM-1 suggest different words for the same text")
        try box.expectRefusal(["comment", "apply", "JM-2", "--as", "secretariat"], says: "JM-2 is not a suggestion")
        try box.expectRefusal(["comment", "apply", "TT-1", "--as", "TT"], says: "only the secretariat may apply suggestions")
        // Unsaved edits to the file in the checked-out draft are never overwritten.
        let text = try box.read(Self.english)
        try box.write(Self.english, text.replacingOccurrences(of: "## 5.2", with: "An unsaved line.\n\n## 5.2"))
        try box.expectRefusal(["comment", "apply", "TT-1", "--as", "secretariat"], says: "has unsaved edits in the work tree")
        // The draft moved on: the quoted words are gone, or there twice.
        try box.write(Self.english, text.replacingOccurrences(of: "within one hour", with: "within forty minutes"))
        try box.sop("draft", "save", "-m", "Forty minutes")
        try box.expectRefusal(["comment", "apply", "TT-1", "--as", "secretariat"], says: "“within one hour” that TT-1 quotes are no longer found in section {#detection}")
        try box.write(Self.english, text.replacingOccurrences(of: "within one hour", with: "within one hour (within one hour at night)"))
        try box.sop("draft", "save", "-m", "Twice")
        try box.expectRefusal(["comment", "apply", "TT-1", "--as", "secretariat"], says: "are found 2 times")
        #expect(try box.sop("round", "close", round, "--as", "secretariat").status == 0)
        try box.expectRefusal(["comment", "apply", "HT-1", "--as", "secretariat"], says: "is closed")
    }

    /// What a careless or hostile suggestion could do to the text, refused; words wrapped over
    /// two lines of the source applied; nothing applied twice; a refusal never half done.
    @Test func aSuggestionChangesOnlyTheWordsItQuotes() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box, participants: "TT,JM")
        let text = try box.read(Self.english)
        try box.write(Self.english, text.replacingOccurrences(of: "that neighbour immediately by telephone.", with: "that neighbour immediately by telephone. Form A\\_1 is used ([download](forms/A_1.pdf)). Detection and reporting follow SOP-005."))
        try box.sop("draft", "save", "-m", "The form")
        #expect(try box.sop("round", "revise", round, "--as", "secretariat").status == 0)
        func suggest(_ who: String, _ quote: String, _ proposed: String) throws {
            let added = try box.sop(
                "comment", "add", round, "--as", who, "--section", "detection", "--quote", quote, "--proposed", proposed, "--type", "ed", "--text", "Wording")
            #expect(added.status == 0, "\(added.output)")
        }
        try suggest("TT", "A_1", "B_2")  // TT-1: also the link's target in the Markdown
        try suggest("TT", "Detection and reporting", "Detection and alerting")  // TT-2: the heading's words too
        try suggest("TT", "where the vessel may", "where the boat may")  // TT-3: over a line break
        try suggest("JM", "by telephone", "by telephone\n\n### 9 Injected {#scope}")  // JM-1
        try box.expectRefusal(["comment", "apply", "TT-1", "--as", "secretariat"], says: "“A_1” that TT-1 quotes are not plain words there")
        try box.expectRefusal(["comment", "apply", "JM-1", "--as", "secretariat"], says: "JM-1 proposes words over several lines")
        try box.expectRefusal(["comment", "apply", "TT-3", "--as", "secretariat", "--reason", "ok\u{202E}evil"], says: "[U+202E]")
        let applied = try box.sop("comment", "apply", "TT-2", "TT-3", "--as", "secretariat")
        #expect(applied.status == 0, "\(applied.output)")
        let now = try box.read(Self.english)
        #expect(now.contains("within one hour where the boat may be bound for"), "the words wrapped over two lines are replaced")
        #expect(now.contains("Detection and alerting follow SOP-005."), "the body's words are replaced")
        #expect(now.contains("### 5.1 Detection and reporting {#detection}") && now.contains("(forms/A_1.pdf)"), "the heading and the link are as they were")
        try box.expectRefusal(["comment", "apply", "TT-3", "--as", "secretariat"], says: "TT-3 was applied already")
        let list = try box.sop("comment", "list", round)
        #expect(list.stdout.contains("TT-3  2    SOP-004#detection  ed    accepted"), "\(list.output)")
    }
}
