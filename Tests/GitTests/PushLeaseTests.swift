import Foundation
import Git
import Testing

/// A forced push that names what it last saw of the remote is a compare-and-swap: it never
/// replaces what someone else pushed meanwhile.
@Suite struct PushLeaseTests {
    @Test func aForcedPushOverARemoteThatMovedSendsNothing() throws {
        let scratch = try Scratch()
        let server = try Repository.create(at: scratch.path + "/server.git", bare: true)
        let local = try Repository.create(at: scratch.path + "/local")
        try local.addRemote("origin", url: server.gitDirectory)
        let first = try local.commitFiles(["a.txt": "one"], on: "refs/sop/rounds/r-1", message: "one")
        _ = try local.push(remote: "origin", refspecs: ["refs/sop/rounds/r-1:refs/sop/rounds/r-1"], expecting: ["refs/sop/rounds/r-1": nil])
        #expect(try server.reference("refs/sop/rounds/r-1") == first)

        // Someone else replaces it on the server; ours, made without seeing that, is refused.
        let theirs = try server.commitFiles(["b.txt": "theirs"], on: "refs/sop/rounds/r-1", message: "theirs")
        let ours = try local.commitFiles(["c.txt": "ours"], on: "refs/heads/other", message: "ours")
        try local.setReference("refs/sop/rounds/r-1", to: ours, expecting: first, message: "rewrite")
        #expect {
            try local.push(remote: "origin", refspecs: ["+refs/sop/rounds/r-1:refs/sop/rounds/r-1"], expecting: ["refs/sop/rounds/r-1": first])
        } throws: { ($0 as? GitError)?.code == .modified }
        #expect(try server.reference("refs/sop/rounds/r-1") == theirs, "what the other pushed is still there")

        // Named with what the server holds now, the same push goes through.
        _ = try local.push(remote: "origin", refspecs: ["+refs/sop/rounds/r-1:refs/sop/rounds/r-1"], expecting: ["refs/sop/rounds/r-1": theirs])
        #expect(try server.reference("refs/sop/rounds/r-1") == ours)
    }
}
