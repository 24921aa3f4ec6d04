import Foundation
import Testing

/// From a draft to an adopted, verifiable protocol set, and the tamperings `sop verify` catches.
extension Sandbox {
    /// Runs `sop` with the clock set to `time`.
    @discardableResult
    func at(_ time: String, _ arguments: [String]) throws -> Result {
        try run(Sandbox.binary, arguments, in: "ws", stdin: nil, environment: ["SOP_NOW": time])
    }
}

@Suite struct AdoptionCLITests {
    static let states = ["BZ", "TT", "JM", "DO", "BS"]

    /// Keys for the secretariat and five states registered on main, a draft changing SOP-004,
    /// a consensus round with all five approving (BZ with a reservation), closed and adopted.
    func adoptedSet(_ box: Sandbox) throws -> String {
        let round = try closedRound(box)
        let adopted = try box.run(Sandbox.binary, ["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-08T09:00Z"])
        #expect(adopted.status == 0, "\(adopted.output)")
        return round
    }

    /// The same round, closed and not yet adopted (the work tree on the draft): `draft` writes
    /// more of the draft after SOP-004's change, `during` runs while the round is open (on
    /// 2027-01-05), given its ID.
    func closedRound(_ box: Sandbox, draft: (Sandbox) throws -> Void = { _ in }, during: (String) throws -> Void = { _ in }) throws -> String {
        try box.sampleWorkspace()
        for code in ["secretariat"] + Self.states {
            let made = try box.run(Sandbox.binary, ["key", "new", "--as", code, "--name", "Official \(code)", "--register"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-04T09:00Z"])
            #expect(made.status == 0, "\(made.output)")
        }
        try box.sop("draft", "start", "maritime-2027")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        try draft(box)
        try box.sop("draft", "save", "-m", "Tighten reporting")
        let now = ["SOP_NOW": "2027-01-05T09:00Z"]
        let round = try box.run(Sandbox.binary, ["round", "open", "maritime-2027", "--participants", Self.states.joined(separator: ","), "--closes", "2027-02-01T17:00Z", "--as", "secretariat"], in: "ws", stdin: nil, environment: now).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try during(round)
        for code in Self.states {
            var arguments = ["position", round, "--as", code, "approve"]
            if code == "BZ" { arguments += ["--reserve", "boarding", "--statement", "Belize applies 5.4 subject to its Maritime Areas Act"] }
            let stated = try box.run(Sandbox.binary, arguments, in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-06T09:00Z"])
            #expect(stated.status == 0, "\(stated.output)")
        }
        let status = try json(try box.run(Sandbox.binary, ["round", "status", round, "--json"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-06T10:00Z"]).stdout) as! [String: Any]
        #expect((status["outcome"] as? [String: Any])?["summary"] as? String == "adopted by consensus of 5 member states")
        #expect((status["participants"] as! [[String: Any]]).allSatisfy { $0["position"] as? String == "approve" })
        let closed = try box.run(Sandbox.binary, ["round", "close", round, "--as", "secretariat"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-07T09:00Z"])
        #expect(closed.stdout.contains("outcome: adopted — adopted by consensus of 5 member states"))
        return round
    }

    @Test func fromDraftToAVerifiedSetOnAFreshClone() throws {
        let box = try Sandbox()
        let round = try adoptedSet(box)
        let main = try box.git("show", "main:Procedures/SOP-004-maritime-interception.md").stdout
        #expect(main.contains("version: \"1.1\"\nstatus: adopted\n"))
        #expect(main.contains("effective: 2027-03-01"))
        #expect(main.contains("within one hour"))
        let message = try box.git("tag", "-l", "--format=%(contents)", "set/2027.1").stdout
        #expect(message.contains("Reservations: BZ on SOP-004#boarding"))
        #expect(message.contains("-----BEGIN SOP RECORD-----"))
        #expect(try box.sop("verify").status == 0)
        #expect(try box.git("fsck", "--strict").status == 0)

        #expect(try box.git("clone", "-q", box.path("").path, "fresh", in: ".").status == 0)
        // A plain clone trusts no root until it is given the one the secretariat published.
        let untrusted = try box.run(Sandbox.binary, ["verify", "set/2027.1"], in: "fresh", stdin: nil, environment: ["SOP_KEY_DIR": "/nonexistent"])
        #expect(untrusted.status == 1)
        #expect(untrusted.stdout.contains("this clone trusts no root yet: pass --root"), "\(untrusted.output)")
        // With the registry fetched and the root the secretariat published, it verifies.
        #expect(try box.git("fetch", "-q", "origin", "refs/sop/*:refs/sop/*", in: "fresh").status == 0)
        let listed = try box.sop("key", "list").stdout
        let root = try #require(listed.split(separator: "\n").first { $0.hasPrefix("root ") }?.split(separator: " ")[1])
        let fresh = try box.run(Sandbox.binary, ["verify", "set/2027.1", "--root", String(root.prefix(16))], in: "fresh", stdin: nil, environment: ["SOP_KEY_DIR": "/nonexistent"])
        #expect(fresh.status == 0, "\(fresh.output)")
        #expect(fresh.stdout.contains("✓ the tagged text of SOP-004 is the approved text"))
        #expect(try box.sop("verify", round).status == 0)
    }

    @Test func everyTamperingIsCaught() throws {
        let box = try Sandbox()
        let round = try adoptedSet(box)
        let original = try box.git("tag", "-l", "--format=%(contents)", "set/2027.1").stdout
        let target = try box.git("rev-parse", "set/2027.1^{commit}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        func retag(_ message: String, on commit: String) throws {
            try Data(message.utf8).write(to: box.url.appendingPathComponent("message.txt"))
            #expect(try box.git("tag", "-f", "-a", "set/2027.1", "-F", "../message.txt", "--cleanup=verbatim", commit).status == 0)
        }
        // A forged record: the outcome says "adopted" but a position was turned into an objection.
        try retag(original.replacingOccurrences(of: "\"position\": \"approve\"", with: "\"position\": \"object\""), on: target)
        var verified = try box.sop("verify", "set/2027.1")
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("does not match its hash"))
        // A forged record signature: the summary in the record changed.
        try retag(original.replacingOccurrences(of: "\"summary\": \"adopted by consensus of 5 member states\"", with: "\"summary\": \"adopted unanimously\""), on: target)
        verified = try box.sop("verify", "set/2027.1")
        #expect(verified.stdout.contains("✗ the record is signed by a key of the secretariat that was registered and not revoked when it was sealed"))
        // The same record on a commit with other text.
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.sop("draft", "switch", "main")
        try box.write(path, try box.read(path).replacingOccurrences(of: "within one hour", with: "within six hours"))
        #expect(try box.git("commit", "-qam", "Quietly weaken 5.1").status == 0)
        try retag(original, on: "HEAD")
        verified = try box.sop("verify", "set/2027.1")
        #expect(verified.stdout.contains("✗ the record names commit"))
        #expect(verified.stdout.contains("✗ the tagged text differs from the approved text in: SOP-004#detection"))
        try retag(original, on: target)
        #expect(try box.sop("verify", "set/2027.1").status == 0)
        // A record on a commit off main (a side branch where someone registered their own key).
        #expect(try box.git("checkout", "-q", "-b", "side", target).status == 0)
        #expect(try box.git("commit", "-q", "--allow-empty", "-m", "Side").status == 0)
        try retag(original, on: "side")
        verified = try box.sop("verify", "set/2027.1")
        #expect(verified.stdout.contains("is not on main"))
        try retag(original, on: target)
        #expect(try box.git("checkout", "-q", "main").status == 0)

        // A tampered event in the round's record.
        let reference = "refs/sop/rounds/\(round)"
        let files = try box.git("ls-tree", "-r", "--name-only", reference).stdout.split(separator: "\n").map(String.init)
        let position = try files.first { try box.git("show", "\(reference):\($0)").stdout.contains("\"type\": \"position-stated\"") }!
        let changed = try box.git("show", "\(reference):\(position)").stdout.replacingOccurrences(of: "\"approve\"", with: "\"object\"")
        try Data(changed.utf8).write(to: box.url.appendingPathComponent("event.json"))
        let blob = try box.git("hash-object", "-w", "../event.json").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try box.git("read-tree", "--index-output=../tamper.index", reference)
        let indexEnvironment = ["GIT_INDEX_FILE": box.url.appendingPathComponent("tamper.index").path]
        #expect(try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["update-index", "--cacheinfo", "100644,\(blob),\(position)"], in: "ws", stdin: nil, environment: indexEnvironment).status == 0)
        let tree = try box.run(URL(fileURLWithPath: "/usr/bin/git"), ["write-tree"], in: "ws", stdin: nil, environment: indexEnvironment).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let commit = try box.git("commit-tree", tree, "-p", reference, "-m", "tamper").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try box.git("update-ref", reference, commit)
        try? FileManager.default.removeItem(at: box.path(".git/sop/cache"))
        verified = try box.sop("verify", round)
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("event content does not match its id"))
    }

    @Test func adoptionIsRefusedWhenItMustBe() throws {
        let box = try Sandbox()
        let round = try adoptedSet(box)
        try box.expectRefusal(["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat"], says: "round \(round) is already adopted as set/2027.1")
        try box.expectRefusal(["adopt", round, "--effective", "2027-03-01", "--as", "TT"], says: "only the secretariat adopts")
        // A second round: one state's key is revoked before it states its position.
        try box.sop("draft", "start", "second")
        let path = "Procedures/SOP-002-border-interview.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope {#scope}\n\nThis applies at every port of entry."))
        try box.sop("draft", "save", "-m", "Scope note")
        let second = try box.at("2027-01-09T09:00Z", ["round", "open", "second", "--participants", "TT,JM", "--closes", "2027-02-01T17:00Z", "--as", "secretariat"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try box.expectRefusal(["adopt", second, "--effective", "2027-03-01", "--as", "secretariat"], says: "round \(second) is not closed")
        try box.sop("draft", "switch", "main")
        let revoked = try box.at("2027-01-09T10:00Z", ["key", "revoke", "--as", "TT"])
        // The adopted round's close is checkpointed too, so the record stays verifiable whatever key is revoked later.
        #expect(revoked.stdout.contains("checkpointed first: \(round), \(second)"), "\(revoked.output)")
        #expect(revoked.stdout.contains("revoked: registry entry 7"), "\(revoked.output)")
        try box.sop("draft", "switch", "second")
        let refused = try box.at("2027-01-09T11:00Z", ["position", second, "--as", "TT", "approve"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not registered for TT in the key registry, or it is revoked"))
        #expect(try box.at("2027-01-09T11:00Z", ["position", second, "--as", "JM", "approve"]).status == 0)
        try box.at("2027-01-10T09:00Z", ["round", "close", second, "--as", "secretariat"])
        try box.expectRefusal(["adopt", second, "--effective", "2027-03-01", "--as", "secretariat"], says: "round \(second) was not adopted: not adopted: no approval from TT")
    }

    @Test func adoptionIsRefusedWhenMainChangedTheSameSections() throws {
        let box = try Sandbox()
        _ = try adoptedSet(box)
        try box.sop("draft", "start", "third")
        let path = "Procedures/SOP-002-border-interview.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope {#scope}\n\nThe draft's sentence."))
        try box.sop("draft", "save", "-m", "Draft scope")
        let round = try box.at("2027-01-09T09:00Z", ["round", "open", "third", "--participants", "TT,JM", "--closes", "2027-02-01T17:00Z", "--rule", "silence", "--as", "secretariat"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try box.at("2027-02-02T09:00Z", ["round", "close", round, "--as", "secretariat"])
        try box.sop("draft", "switch", "main")
        try box.write(path, try box.read(path).replacingOccurrences(of: "## 2 Scope {#scope}", with: "## 2 Scope {#scope}\n\nMain's own sentence."))
        #expect(try box.git("commit", "-qam", "Change the scope on main").status == 0)
        let before = try box.fingerprint()
        let refused = try box.at("2027-02-03T09:00Z", ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("main has changed since the draft left it, in the same sections: SOP-002#scope"))
        #expect(try box.fingerprint() == before)
    }
}
