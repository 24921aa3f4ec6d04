import Foundation
import TestSupport
import Testing

/// A ref under refs/sop/rounds/ that is not a round (a blob, a tree, a commit without events
/// or with garbage in them) is left out and named by every command that lists rounds, is
/// neither taken nor passed on by sync; `sop key list` shows the registry's verdict on any
/// branch; an invalid SOP_NOW is an error, not the system clock.
@Suite struct JunkRefTests {
    static let junkKinds = ["blob", "tree", "no-events", "garbage-events", "empty-commit"]

    func git(_ box: Sandbox, _ arguments: [String], in directory: String, stdin: String? = nil, environment: [String: String] = [:]) throws -> String {
        let result = try box.run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: directory, stdin: stdin.map { Data($0.utf8) }, environment: environment)
        #expect(result.status == 0, "git \(arguments): \(result.output)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Points `refs/sop/rounds/NAME` of the repository in `directory` at a junk object.
    func junk(_ box: Sandbox, _ kind: String, name: String = "junk", in directory: String = "ws") throws {
        let blob = try git(box, ["hash-object", "-w", "--stdin"], in: directory, stdin: "not an event")
        func commit(files: [String]) throws -> String {
            let index = box.url.appendingPathComponent("junk-index-\(UUID().uuidString)").path
            for file in files {
                _ = try git(box, ["update-index", "--add", "--cacheinfo", "100644,\(blob),\(file)"], in: directory, environment: ["GIT_INDEX_FILE": index])
            }
            let tree = files.isEmpty ? try git(box, ["mktree"], in: directory, stdin: "") : try git(box, ["write-tree"], in: directory, environment: ["GIT_INDEX_FILE": index])
            return try git(box, ["commit-tree", tree, "-m", "junk"], in: directory)
        }
        let target: String
        switch kind {
        case "blob": target = blob
        case "tree": target = try git(box, ["rev-parse", "main^{tree}"], in: directory)
        case "no-events": target = try commit(files: ["note.txt"])
        case "garbage-events": target = try commit(files: ["events/ab/abcdef.json", "events/zz.json"])
        default: target = try commit(files: [])
        }
        _ = try git(box, ["update-ref", "refs/sop/rounds/\(name)", target], in: directory)
    }

    @Test func aJunkRoundRefIsLeftOutAndNamedByEveryCommandThatListsRounds() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let added = try box.sop("comment", "add", round, "--as", "TT", "--section", "detection", "--type", "te", "--text", "Not at night")
        #expect(added.status == 0, "\(added.output)")
        for kind in Self.junkKinds {
            try junk(box, kind)
            let listed = try box.sop("round", "list")
            #expect(listed.status == 0 && listed.stdout.contains(round), "\(kind): \(listed.output)")
            #expect(listed.stderr.contains("refs/sop/rounds/junk is left out"), "\(kind): \(listed.output)")
            let listedJSON = try box.sop("round", "list", "--json")
            #expect(listedJSON.status == 0 && listedJSON.stderr.contains("refs/sop/rounds/junk"), "\(kind): \(listedJSON.output)")
            let reports = try json(listedJSON.stdout) as? [[String: Any]] ?? []
            #expect(reports.map { $0["id"] as? String } == [round], "\(kind): \(listedJSON.stdout)")
            // sop verify checks every other round and fails on the junk, naming it.
            let verified = try box.sop("verify")
            #expect(verified.status == 1 && verified.stdout.contains("\(round): verified"), "\(kind): \(verified.output)")
            #expect(verified.stdout.contains("junk: FAILED") && verified.stdout.contains("refs/sop/rounds/junk does not read as a round"), "\(kind): \(verified.output)")
            let verifiedJSON = try box.sop("verify", "--json")
            let verifiedReports = try json(verifiedJSON.stdout) as? [[String: Any]] ?? []
            #expect(verifiedJSON.status == 1 && verifiedReports.contains { $0["target"] as? String == round && $0["ok"] as? Bool == true }, "\(kind): \(verifiedJSON.output)")
            // Asked for by name, the junk is an error that says why.
            let named = try box.sop("verify", "junk")
            #expect(named.status == 1 && named.stdout.contains("junk: FAILED"), "\(kind): \(named.output)")
            try box.expectRefusal(["round", "status", "junk"], says: "round 'junk'")
            try box.expectRefusal(["comment", "list", "junk"], says: "round 'junk'")
            #expect(try box.sop("comment", "list", round).stdout.contains("TT-1"))
        }
        // The blob's reason is said in words, not as libgit2's.
        try junk(box, "blob")
        #expect(try box.sop("round", "list").stderr.contains("points at a blob"))
        let replied = try box.sop("comment", "reply", "TT-1", "--as", "secretariat", "--text", "Noted")
        #expect(replied.status == 0 && replied.stderr.contains("refs/sop/rounds/junk is left out"), "\(replied.output)")
        let disposed = try box.sop("comment", "dispose", "TT-1", "--noted", "--reason", "Seen", "--as", "secretariat")
        #expect(disposed.status == 0, "\(disposed.output)")
        try box.expectRefusal(["comment", "reply", "TT-9", "--as", "secretariat", "--text", "?"], says: "no comment 'TT-9'", "not searched: junk")
        // A name that is not a round's is left out too.
        try junk(box, "empty-commit", name: "9-lives")
        let badName = try box.sop("round", "list")
        #expect(badName.status == 0 && badName.stderr.contains("'9-lives' is not a valid round name"), "\(badName.output)")
    }

    /// A server with capital A's round on it, reached by path.
    func server(_ box: Sandbox) throws -> String {
        let round = try RoundCLITests().openRound(box)
        #expect(try box.git("init", "-q", "--bare", "served.git", in: ".").status == 0)
        #expect(try box.sop("remote", "add", "regional", box.url.appendingPathComponent("served.git").path).status == 0)
        let first = try box.sop("sync", "regional")
        #expect(first.status == 0 && first.stdout.contains("refs/sop/rounds/\(round)"), "\(first.output)")
        return round
    }

    @Test(arguments: junkKinds)
    func syncRefusesAJunkRoundFromTheServerByName(_ kind: String) throws {
        let box = try Sandbox()
        let round = try server(box)
        try junk(box, kind, in: "served.git")
        let synced = try box.sop("sync", "regional", "--json")
        #expect(synced.status == 0, "\(synced.output)")
        let report = try json(synced.stdout) as? [String: Any] ?? [:]
        let refused = report["refused"] as? [[String: Any]] ?? []
        #expect(refused.contains { $0["round"] as? String == "junk" && $0["event"] as? String == "*" }, "\(synced.output)")
        #expect(try box.git("rev-parse", "-q", "--verify", "refs/sop/rounds/junk").status != 0, "the junk was taken")
        #expect(try box.sop("round", "list").stdout.contains(round))
    }

    @Test func syncDoesNotSendAJunkRoundOfThisClone() throws {
        let box = try Sandbox()
        let round = try server(box)
        try junk(box, "no-events", name: "junk-here")
        try box.sop("comment", "add", round, "--as", "TT", "--section", "detection", "--type", "te", "--text", "Not at night")
        let synced = try box.sop("sync", "regional", "--json")
        #expect(synced.status == 0, "\(synced.output)")
        #expect(synced.stderr.contains("refs/sop/rounds/junk-here is left out"), "\(synced.output)")
        let report = try json(synced.stdout) as? [String: Any] ?? [:]
        let unreadable = report["unreadableRounds"] as? [[String: Any]] ?? []
        #expect(unreadable.map { $0["round"] as? String } == ["junk-here"], "\(synced.stdout)")
        #expect(unreadable.first?["reason"] as? String == "round 'junk-here' has no valid opening event")
        #expect((report["sent"] as? [String] ?? []) == ["refs/sop/rounds/\(round)"], "\(synced.stdout)")
        #expect(try box.git("rev-parse", "-q", "--verify", "refs/sop/rounds/junk-here", in: "served.git").status != 0, "the junk was sent")
    }

    @Test func keyListShowsAKeyRevokedOnMainAsRevokedOnADraft() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        #expect(try box.sop("key", "new", "--as", "TT", "--name", "Ana Ruiz", "--register").status == 0)
        try box.sop("draft", "start", "before-revocation")
        try box.sop("draft", "switch", "main")
        let revoked = try box.sop("key", "revoke", "--as", "TT")
        #expect(revoked.status == 0, "\(revoked.output)")
        #expect(try box.sop("draft", "switch", "before-revocation").status == 0)
        // The draft's set.yaml still lists the key without its revocation; the registry decides.
        #expect(!(try box.read("Procedures/set.yaml").contains("revoked")))
        let listed = try box.sop("key", "list")
        #expect(listed.status == 0, "\(listed.output)")
        let row = listed.stdout.split(separator: "\n").first { $0.hasPrefix("TT ") }.map(String.init) ?? ""
        #expect(row.contains("revoked (entry 3)") && !row.contains("valid"), "\(listed.stdout)")
    }

    @Test func anInvalidSOPNowIsAnErrorNamingItsValue() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let before = try box.fingerprint()
        for arguments in [["comment", "add", round, "--as", "TT", "--section", "detection", "--type", "te", "--text", "Late"], ["round", "status", round], ["round", "list"]] {
            let result = try box.run(Sandbox.binary, arguments, in: "ws", stdin: nil, environment: ["SOP_NOW": "next tuesday"])
            #expect(result.status != 0, "\(arguments): \(result.output)")
            #expect(result.stderr.contains("SOP_NOW='next tuesday'") && result.stderr.contains("2027-01-10T12:00Z"), "\(arguments): \(result.output)")
        }
        #expect(try box.fingerprint() == before, "a command with an invalid clock changed the repository")
        let valid = try box.run(Sandbox.binary, ["round", "status", round], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-10T12:00Z"])
        #expect(valid.status == 0, "\(valid.output)")
    }

    @Test func thePortalDoesNotStartWithAnInvalidSOPNow() throws {
        let box = try Sandbox()
        try box.sampleWorkspaceWithRoot()
        #expect(try box.sop("key", "new", "--as", "portal", "--name", "Consultation portal", "--register").status == 0)
        let port = Int.random(in: 20_000...40_000)
        let keys = ["SOP_KEY_DIR": box.url.appendingPathComponent("keys").path, "SOP_NOW": "2027-13-01T00:00Z"]
        let running = try Command(
            Sandbox.binary.path, ["serve", "--port", String(port)], in: box.path(""),
            environment: Sandbox.environment.merging(keys) { _, new in new }
        ).start()
        let deadline = Date().addingTimeInterval(30)
        while running.process.isRunning, Date() < deadline { usleep(100_000) }
        guard !running.process.isRunning else {
            running.kill()
            Issue.record("sop serve started with SOP_NOW=2027-13-01T00:00Z")
            return
        }
        let result = try running.finish()
        #expect(result.status != 0 && result.stderr.contains("SOP_NOW='2027-13-01T00:00Z'"), "\(result.output)")
    }

    /// A symbolic round ref is listed as the round it leads to, so `sop verify` checks what
    /// `sop comment list` reads instead of leaving a tampered round out of sight.
    @Test func aSymbolicRoundRefDoesNotHideATamperedRound() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let reference = "refs/sop/rounds/\(round)"
        let blob = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["hash-object", "-w", "--stdin"], in: "ws", stdin: Data("{\"forged\": 1}".utf8)).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let events = try box.git("rev-parse", "\(reference)^{tree}:events").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let listing = try box.git("ls-tree", events).stdout + "040000 tree \(try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["mktree"], in: "ws", stdin: Data("100644 blob \(blob)\tffff.json\n".utf8)).stdout.trimmingCharacters(in: .whitespacesAndNewlines))\tff\n"
        let tamperedEvents = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["mktree"], in: "ws", stdin: Data(listing.utf8)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let root = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["mktree"], in: "ws", stdin: Data("040000 tree \(tamperedEvents)\tevents\n".utf8)).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try box.git("commit-tree", "-p", reference, "-m", "tampered", root).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try box.git("update-ref", "refs/heads/hidden", commit).status == 0)
        #expect(try box.git("update-ref", "-d", reference).status == 0)
        #expect(try box.git("symbolic-ref", reference, "refs/heads/hidden").status == 0)
        let verified = try box.sop("verify")
        #expect(verified.status == 1 && verified.stdout.contains("\(round): FAILED"), "\(verified.output)")
        #expect(try box.sop("round", "list").stdout.contains(round))
    }
}
