import Foundation
import Testing

/// A regional server that a hostile capital filled with objects git itself would refuse, and a
/// forged publication: an honest capital that syncs with it takes the valid events and nothing
/// else, stays clean under `git fsck --full`, and never publishes the forgery.
@Suite struct HostileSyncTests {
    /// Writes an object into the server repository as given, without git's checks.
    func object(_ box: Sandbox, _ type: String, _ data: Data) throws -> String {
        let result = try box.run(
            URL(fileURLWithPath: "/usr/bin/git"), ["hash-object", "-w", "-t", type, "--literally", "--stdin"], in: "served/regional.git", stdin: data)
        #expect(result.status == 0, "\(result.output)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A tree object from entries written exactly as listed (mode, name, object).
    func tree(_ box: Sandbox, _ entries: [(String, String, String)]) throws -> String {
        var data = Data()
        for (mode, name, id) in entries {
            data.append(Data("\(mode) \(name)\0".utf8))
            var hex = Substring(id)
            while !hex.isEmpty { data.append(UInt8(hex.prefix(2), radix: 16)!); hex = hex.dropFirst(2) }
        }
        return try object(box, "tree", data)
    }

    func commit(_ box: Sandbox, tree: String, parent: String, message: String) throws -> String {
        try object(box, "commit", Data("tree \(tree)\nparent \(parent)\nauthor X <x@example.org> 1798000000 +0000\ncommitter X <x@example.org> 1798000000 +0000\n\n\(message)\n".utf8))
    }

    func server(_ box: Sandbox, _ arguments: String...) throws -> String {
        let result = try box.run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: "served/regional.git", stdin: nil)
        #expect(result.status == 0, "git \(arguments): \(result.output)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anHonestCapitalTakesOnlyWhatVerifiesAndStaysClean() throws {
        let box = try Sandbox()
        let (daemon, round) = try SyncCLITests().capitals(box)
        #expect(try box.sop("comment", "add", round, "--as", "JM", "--section", "screening", "--type", "te", "--text", "From Kingston", in: "b").status == 0)
        #expect(try box.sop("sync", in: "b").status == 0)

        // The hostile round commit: B's valid events, and beside them a 50 MB junk file, a
        // folder with entries named `..` and a symbolic link, and an unsorted folder; its
        // parent is the honest commit. A 300 MB event hides among the events.
        let honest = try server(box, "rev-parse", "refs/sop/rounds/\(round)")
        let junk = try box.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", "head -c 52428800 /dev/zero | git hash-object -w --stdin"], in: "served/regional.git", stdin: nil
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let huge = try box.run(
            URL(fileURLWithPath: "/bin/bash"), ["-c", "head -c 314572800 /dev/zero | git hash-object -w --stdin"], in: "served/regional.git", stdin: nil
        ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let small = try object(box, "blob", Data("x\n".utf8))
        let climbing = try tree(box, [("100644", "..", small), ("120000", "link", small)])
        let unsorted = try tree(box, [("100644", "b", small), ("100644", "a", small)])
        let events = try server(box, "rev-parse", "\(honest)^{tree}:events")
        let hugeFolder = try tree(box, [("100644", "0000000000000000000000000000000000000000000000000000000000000000.json", huge)])
        var eventFolders = try server(box, "ls-tree", events).split(separator: "\n").map { line -> (String, String, String) in
            let parts = line.split(separator: "\t")
            let fields = parts[0].split(separator: " ")
            return (fields[0] == "040000" ? "40000" : String(fields[0]), String(parts[1]), String(fields[2]))
        }
        eventFolders.insert(("40000", "0", hugeFolder), at: 0)
        let hostileEvents = try tree(box, eventFolders)
        let root = try tree(box, [("40000", "climb", climbing), ("40000", "events", hostileEvents), ("100644", "junk.bin", junk), ("40000", "zz", unsorted)])
        _ = try server(box, "update-ref", "refs/sop/rounds/\(round)", try commit(box, tree: root, parent: honest, message: "hostile"))

        // Main gains a symbolic link to /etc/passwd; a draft an unsorted tree; a tag 2099.1,
        // on a commit off main, claims to be the edition in force.
        let main = try server(box, "rev-parse", "refs/heads/main")
        let link = try object(box, "blob", Data("/etc/passwd".utf8))
        let mainTree = try server(box, "rev-parse", "\(main)^{tree}")
        let mainEntries = try server(box, "ls-tree", mainTree).split(separator: "\n").map { line -> (String, String, String) in
            let parts = line.split(separator: "\t")
            let fields = parts[0].split(separator: " ")
            return (fields[0] == "040000" ? "40000" : String(fields[0]), String(parts[1]), String(fields[2]))
        }
        let linked = try tree(box, (mainEntries + [("120000", "passwd", link)]).sorted { $0.1 < $1.1 })
        _ = try server(box, "update-ref", "refs/heads/main", try commit(box, tree: linked, parent: main, message: "Add a link"))
        _ = try server(box, "update-ref", "refs/heads/draft/junk", try commit(box, tree: unsorted, parent: main, message: "Unsorted"))
        let forged = try commit(box, tree: mainTree, parent: main, message: "Version 2099.1")
        let tag = try object(box, "tag", Data("object \(forged)\ntype commit\ntag set/2099.1\ntagger X <x@example.org> 1798000000 +0000\n\nVersion 2099.1, effective\n".utf8))
        _ = try server(box, "update-ref", "refs/tags/set/2099.1", tag)

        // A tracking ref an earlier version kept of the remote goes.
        #expect(try box.git("update-ref", "refs/sop/remotes/regional/main", try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines)).status == 0)
        let synced = try box.sop("sync", "--json")
        #expect(synced.status == 0, "\(synced.output)")
        let report = try #require(try json(synced.stdout) as? [String: Any])
        let refused = (report["refused"] as? [[String: Any]] ?? []).map { "\($0["round"] ?? ""): \($0["reason"] ?? "")" }
        #expect(refused.contains { $0.hasPrefix("main:") && $0.contains("a symbolic link") }, "\(refused)")
        #expect(refused.contains { $0.hasPrefix("draft/junk:") && $0.contains("not sorted") }, "\(refused)")
        #expect(refused.contains { $0.hasPrefix("set/2099.1:") }, "\(refused)")
        #expect(refused.contains { $0.contains("more than the") }, "the 300 MB event is refused by its size: \(refused)")
        #expect((report["arrivedEvents"] as? [String: Int])?[round] == 1, "JM's comment arrived: \(report)")

        #expect(try box.git("for-each-ref", "refs/sop/remotes/").stdout.isEmpty, "the old tracking refs are gone")
        let fsck = try box.git("fsck", "--full", "--strict")
        #expect(fsck.status == 0 && !fsck.output.contains("error") && !fsck.output.contains("warning"), "\(fsck.output)")
        #expect(try box.git("cat-file", "-e", junk).status != 0, "the junk file never entered this clone")
        #expect(try box.git("cat-file", "-e", climbing).status != 0)
        #expect(try box.git("rev-parse", "refs/heads/main").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == main)
        #expect(try box.git("tag", "-l", "set/*").stdout.contains("2099.1") == false)
        let comments = try json(try box.sop("comment", "list", round, "--json").stdout) as? [[String: Any]] ?? []
        #expect(comments.count == 1)
        #expect(try box.sop("verify").status == 0)

        // The honest capital's round replaced the hostile one on the server.
        let served = try server(box, "ls-tree", "refs/sop/rounds/\(round)")
        #expect(!served.contains("junk.bin") && !served.contains("climb"), "\(served)")
        withExtendedLifetime(daemon) {}
    }

    /// A `set/*` tag that does not verify (here made in the clone itself, off main and without a
    /// record) is neither the default edition nor one that can be named.
    @Test func publishingTakesOnlyATagThatVerifies() throws {
        let box = try Sandbox()
        _ = try AdoptionCLITests().adoptedSet(box)
        let off = try box.git("commit-tree", "-m", "Version 2099.1", "-p", "main", "main^{tree}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try box.git("tag", "-a", "set/2099.1", "-m", "Version 2099.1, effective", off).status == 0)
        let published = try box.sop("publish", "--out", "../site")
        #expect(published.status == 0, "\(published.output)")
        let index = try String(contentsOf: box.url.appendingPathComponent("site/index.html"), encoding: .utf8)
        #expect(index.contains("2027.1") && !index.contains("2099.1"), "the newest tag that verifies is published")
        try box.expectRefusal(["publish", "--ref", "set/2099.1", "--out", "../forged"], says: "set/2099.1 is not a publication that verifies", "sop verify set/2099.1")
        #expect(!FileManager.default.fileExists(atPath: box.url.appendingPathComponent("forged/index.html").path))
    }
}
