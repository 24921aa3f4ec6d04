import Foundation
import Testing

/// `sop history` on a repository reorganised the way github/site-policy was: every policy
/// moved into a folder in one commit, most with small edits. It must follow each file exactly
/// as `git log --follow` does, including where git does not (a file rewritten as it moved).
@Suite struct ReorganisedHistoryTests {
    static let policies = 80

    /// Words that differ from policy to policy and line to line, so that only a file and its
    /// own moved self are similar.
    static func line(_ policy: Int, _ number: Int, revision: Int = 0) -> String {
        let words = ["members", "shall", "notify", "the", "secretariat", "within", "days", "of", "any", "interception", "vessel", "report", "persons"]
        var seed = UInt64(policy * 7_919 + number * 104_729 + revision * 1_299_709)
        var sentence: [String] = ["\(policy).\(number)"]
        for _ in 0..<9 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            sentence.append(words[Int((seed >> 33) % UInt64(words.count))] + String(seed % 97))
        }
        return sentence.joined(separator: " ") + "."
    }

    /// A policy of 20 lines; `edited` lines take another wording.
    static func policy(_ index: Int, edited: Set<Int> = [], revision: Int = 1) -> String {
        "# Policy \(index)\n\n" + (1...20).map { edited.contains($0) ? line(index, $0, revision: revision) : line(index, $0) }.joined(separator: "\n\n") + "\n"
    }

    /// 20 commits of edits at the top level, one commit that moves every policy into one of
    /// five folders (two lines in twenty edited: about 90% similar), rewrites one as it moves,
    /// removes one and adds one, then 10 commits of edits in the folders.
    func makeRepository(_ box: Sandbox) throws {
        var stream = ""
        var mark = 0
        var edits: [Int: Set<Int>] = [:]
        func commit(_ message: String, _ body: String) {
            mark += 1
            stream += "commit refs/heads/main\nmark :\(mark)\ncommitter Policy Team <policy@example.org> \(1_600_000_000 + mark * 3_600) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)\n"
            if mark > 1 { stream += "from :\(mark - 1)\n" }
            stream += body
        }
        func file(_ path: String, _ text: String) -> String { "M 100644 inline \(path)\ndata \(text.utf8.count)\n\(text)\n" }
        func folder(_ index: Int) -> String { "Policies/\(["privacy", "terms", "security", "conduct", "other"][index % 5])/policy-\(index).md" }

        commit("Import the policies", (1...Self.policies).map { file("policy-\($0).md", Self.policy($0)) }.joined())
        for step in 1...20 {
            let touched = (0..<4).map { (step * 13 + $0 * 29) % Self.policies + 1 }
            for index in touched { edits[index, default: []].insert(step % 20 + 1) }
            commit("Edit \(step)", touched.map { file("policy-\($0).md", Self.policy($0, edited: edits[$0] ?? [])) }.joined())
        }
        var reorganisation = ""
        for index in 1...Self.policies where index != 3 {
            reorganisation += "D policy-\(index).md\n"
            let text = index == 7
                ? "# Policy 7, rewritten\n\n" + (1...20).map { Self.line(700 + index, $0) }.joined(separator: "\n\n") + "\n"
                : Self.policy(index, edited: (edits[index] ?? []).union([index % 20 + 1, (index + 7) % 20 + 1]), revision: 2)
            reorganisation += file(folder(index), text)
        }
        reorganisation += "D policy-3.md\n" + file("Policies/other/new-policy.md", Self.policy(900))
        commit("Move the policies into folders and tidy their wording", reorganisation)
        for step in 1...10 {
            let index = (step * 17) % Self.policies + 1
            guard index != 3 else { continue }
            commit("Clarify policy \(index)", file(folder(index), Self.policy(index, edited: [1, 2, 3, 4, 5, 6], revision: 3 + step)))
        }
        try box.git("init", "-q", "-b", "main", in: "policies")
        let result = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["fast-import", "--quiet"], in: "policies", stdin: Data(stream.utf8))
        #expect(result.status == 0, "\(result.output)")
        try box.git("checkout", "-q", "main", in: "policies")
    }

    @Test func historyAgreesWithGitLogFollowOnEveryFile() throws {
        let box = try Sandbox()
        try makeRepository(box)
        let files = try box.git("ls-files", "*.md", in: "policies").stdout.split(separator: "\n").map(String.init)
        #expect(files.count == Self.policies, "79 policies moved or rewritten and one new one: \(files.count)")
        var followedAcrossTheMove = 0
        for path in files {
            let git = try box.git("log", "--follow", "--format=%H", "--", path, in: "policies").stdout.split(separator: "\n").map(String.init)
            let history = try box.sop("history", path, "--json", in: "policies")
            #expect(history.status == 0, "\(path): \(history.output)")
            let entries = try #require(try json(history.stdout) as? [[String: Any]])
            #expect(entries.compactMap { $0["commit"] as? String } == git, "\(path): sop history and git log --follow differ")
            if entries.contains(where: { $0["change"] as? String == "renamed" }) { followedAcrossTheMove += 1 }
        }
        #expect(followedAcrossTheMove == Self.policies - 2, "every moved policy is followed to its old name; the rewritten and the new one are not")
        let moved = try #require(try json(try box.sop("history", "Policies/terms/policy-1.md", "--json", in: "policies").stdout) as? [[String: Any]])
        #expect(moved.first { $0["change"] as? String == "renamed" }?["renamedFrom"] as? String == "policy-1.md")
        #expect(moved.last?["path"] as? String == "policy-1.md" && moved.last?["change"] as? String == "added")
    }

    @Test func helpSaysWhichRenamesAreFollowed() throws {
        let box = try Sandbox()
        let help = try box.run(Sandbox.binary, ["history", "--help"], in: ".", stdin: nil)
        #expect(help.stdout.contains("git log --follow") && help.stdout.contains("50% similar"), "\(help.stdout)")
    }
}
