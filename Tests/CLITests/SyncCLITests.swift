import Foundation
import Testing

/// Capitals exchanging rounds through a regional server reached over a real `git daemon`.
@Suite struct SyncCLITests {
    /// Server (bare, behind git daemon) seeded from capital A's workspace with an open round;
    /// capital B cloned from it.
    func capitals(_ box: Sandbox) throws -> (daemon: GitDaemon, round: String) {
        let round = try RoundCLITests().openRound(box)
        let server = box.url.appendingPathComponent("served")
        try FileManager.default.createDirectory(at: server, withIntermediateDirectories: true)
        try box.git("init", "-q", "--bare", "served/regional.git", in: ".")
        let daemon = try GitDaemon(base: server)
        #expect(try box.git("push", "-q", daemon.url("regional.git"), "main").status == 0)
        #expect(try box.sop("remote", "add", "regional", daemon.url("regional.git")).status == 0)
        let first = try box.sop("sync", "regional")
        #expect(first.stdout.contains("sent: refs/sop/rounds/maritime-2027-1, refs/heads/draft/maritime-2027"), "\(first.output)")
        #expect(try box.git("clone", "-q", "-b", "main", daemon.url("regional.git"), "b", in: ".").status == 0)
        let second = try box.sop("sync", in: "b")
        #expect(second.stdout.contains("arrived: 1 event(s) in maritime-2027-1; branches and tags draft/maritime-2027; 1 key registry entry"), "\(second.output)")
        return (daemon, round)
    }

    func comments(_ box: Sandbox, _ directory: String, _ round: String) throws -> [String] {
        let listed = try json(try box.sop("comment", "list", round, "--json", in: directory).stdout) as! [[String: Any]]
        return listed.compactMap { ($0["comment"] as? [String: Any])?["id"] as? String }.sorted()
    }

    @Test(arguments: [["ws", "b", "ws"], ["b", "ws", "b"]])
    func offlineCommentsConvergeInAnyOrder(_ order: [String]) throws {
        let box = try Sandbox()
        let (daemon, round) = try capitals(box)
        try box.sop("comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "From Port of Spain", in: "ws")
        try box.sop("comment", "add", round, "--as", "JM", "--section", "screening", "--type", "te", "--text", "From Kingston", in: "b")
        try box.sop("comment", "add", round, "--as", "JM", "--section", "detection", "--type", "ed", "--text", "Also from Kingston", in: "b")
        for directory in order {
            let result = try box.sop("sync", in: directory)
            #expect(result.status == 0, "\(result.output)")
        }
        let a = try comments(box, "ws", round)
        let b = try comments(box, "b", round)
        #expect(a.count == 3)
        #expect(a == b)
        let statusA = try box.sop("round", "status", round, "--json", in: "ws").stdout
        let statusB = try box.sop("round", "status", round, "--json", in: "b").stdout
        #expect(statusA.replacingOccurrences(of: "\"daysLeft\" : \\d+", with: "", options: .regularExpression)
            == statusB.replacingOccurrences(of: "\"daysLeft\" : \\d+", with: "", options: .regularExpression))
        for directory in ["ws", "b", "served/regional.git"] {
            #expect(try box.git("fsck", "--strict", in: directory).status == 0, "\(directory)")
        }
        withExtendedLifetime(daemon) {}
    }

    /// The server refuses the first push (a pre-receive hook); the next sync sends the rest,
    /// and no event is stored twice.
    @Test func anInterruptedSyncIsCompletedByTheNext() throws {
        let box = try Sandbox()
        let (daemon, round) = try capitals(box)
        let hook = box.url.appendingPathComponent("served/regional.git/hooks/pre-receive")
        try Data("#!/bin/sh\nif [ ! -f \"$GIT_DIR/allow\" ]; then touch \"$GIT_DIR/allow\"; echo 'server busy' >&2; exit 1; fi\n".utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        try box.sop("comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "One", in: "ws")
        let interrupted = try box.sop("sync", "regional", in: "ws")
        #expect(interrupted.status == 1)
        #expect(interrupted.stdout.contains("not accepted by regional: refs/sop/rounds/maritime-2027-1"), "\(interrupted.output)")
        let completed = try box.sop("sync", "regional", in: "ws")
        #expect(completed.status == 0, "\(completed.output)")
        #expect(completed.stdout.contains("sent: refs/sop/rounds/maritime-2027-1"))
        let again = try box.sop("sync", "regional", in: "ws")
        #expect(again.stdout.contains("sent: nothing"))
        let files = try box.git("ls-tree", "-r", "--name-only", "refs/sop/rounds/\(round)", in: "served/regional.git").stdout.split(separator: "\n")
        #expect(files.count == 2)
        try box.sop("sync", in: "b")
        #expect(try comments(box, "b", round).count == 1)
        withExtendedLifetime(daemon) {}
    }
}
