import Foundation
import Testing
import TestSupport

/// A write killed with SIGKILL at any instant leaves the repository consistent, the next
/// command working, and everything an earlier command acknowledged in place.
///
/// Each test runs its command once uncut to learn how long it takes, then kills it after
/// delays spread over that time, and after every kill checks `git fsck --full`, that the same
/// command run again succeeds, and that nothing acknowledged (exit 0) was lost. A lock file a
/// kill left behind is aged past the 30 seconds after which sop takes a lock for a dead
/// process's, as if the next command ran a minute later: a fresh lock is left alone on purpose
/// (GitTests' StaleLockTests check both), and waiting half a minute per kill would be too slow.
@Suite struct CrashTests {
    static let kills = 10

    /// How a killed run ended: it finished first (with its status), or it was killed.
    enum Ending: Equatable {
        case finished(Int32)
        case killed
    }

    @discardableResult
    func sop(_ box: Sandbox, _ arguments: [String], in directory: String = "ws") throws -> Sandbox.Result {
        try box.run(Sandbox.binary, arguments, in: directory, stdin: nil)
    }

    /// Starts `sop` and kills it after `delay` seconds, unless it finished first.
    func run(_ box: Sandbox, _ arguments: [String], in directory: String = "ws", killingAfter delay: TimeInterval) throws -> Ending {
        let running = try box.start(Sandbox.binary, arguments, in: directory)
        usleep(UInt32(delay * 1_000_000))
        running.kill()
        return running.process.terminationReason == .uncaughtSignal ? .killed : .finished(running.process.terminationStatus)
    }

    /// Runs `arguments` uncut (it must succeed) and returns how long it took.
    func timed(_ box: Sandbox, _ arguments: [String], in directory: String = "ws") throws -> TimeInterval {
        let start = Date()
        let result = try sop(box, arguments, in: directory)
        #expect(result.status == 0, "\(arguments): \(result.output)")
        return Date().timeIntervalSince(start)
    }

    /// The delay of the `index`-th kill: from 0 to a little past the whole run, denser early,
    /// where start-up ends and the writes begin.
    func delay(_ index: Int, of duration: TimeInterval) -> TimeInterval {
        let fraction = Double(index) / Double(CrashTests.kills - 1)
        return duration * 1.2 * fraction * fraction
    }

    /// Ages the lock files under a git directory as if a minute had passed.
    func ageLocks(_ box: Sandbox, _ gitDirectory: String) throws {
        let root = box.url.appendingPathComponent(gitDirectory)
        guard let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return }
        for case let file as URL in files where file.pathExtension == "lock" {
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: file.path)
        }
    }

    func expectConsistent(_ box: Sandbox, _ directory: String = "ws", sourceLocation: SourceLocation = #_sourceLocation) throws {
        let fsck = try box.git("fsck", "--full", in: directory)
        #expect(fsck.status == 0, "git fsck in \(directory): \(fsck.output)", sourceLocation: sourceLocation)
    }

    func commentTexts(_ box: Sandbox, _ round: String) throws -> [String] {
        let listed = try json(try sop(box, ["comment", "list", round, "--json"]).stdout) as? [[String: Any]] ?? []
        return listed.compactMap { ($0["comment"] as? [String: Any])?["text"] as? String }
    }

    func comment(_ round: String, _ text: String) -> [String] {
        ["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", text]
    }

    @Test func killedCommentAdd() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        let duration = try timed(box, comment(round, "Uncut"))
        var acknowledged = ["Uncut"]
        for index in 0..<CrashTests.kills {
            let text = "Comment \(index)"
            if try run(box, comment(round, text), killingAfter: delay(index, of: duration)) == .finished(0) { acknowledged.append(text) }
            try ageLocks(box, "ws/.git")
            try expectConsistent(box)
            // Run again, it records the comment, or finds the killed run had recorded it.
            let again = try sop(box, comment(round, text))
            #expect(again.status == 0 || again.output.contains("the same comment is already recorded"), "\(again.output)")
            #expect(try commentTexts(box, round).filter { $0 == text }.count == 1, "\(text) once")
            acknowledged.append(text)
        }
        #expect(Set(try commentTexts(box, round)) == Set(acknowledged))
        try expectConsistent(box)
    }

    @Test func killedDraftSave() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        try sop(box, ["draft", "start", "maritime-2027"])
        let path = "Procedures/SOP-004-maritime-interception.md"
        let original = try box.read(path)
        try box.write(path, original + "\nUncut line.\n")
        let duration = try timed(box, ["draft", "save", "-m", "Uncut"])
        for index in 0..<CrashTests.kills {
            try box.write(path, try box.read(path) + "\nLine \(index).\n")
            let ending = try run(box, ["draft", "save", "-m", "Save \(index)"], killingAfter: delay(index, of: duration))
            try ageLocks(box, "ws/.git")
            try expectConsistent(box)
            let again = try sop(box, ["draft", "save", "-m", "Save \(index)"])
            #expect(again.status == 0 || again.output.contains("nothing to save"), "\(again.output)")
            if ending == .finished(0) { #expect(again.output.contains("nothing to save")) }
            // Every line written so far is saved on the branch, and the work tree is unchanged.
            let saved = try box.git("show", "draft/maritime-2027:" + path).stdout
            #expect(saved == (try box.read(path)))
            #expect(saved.contains("Uncut line.") && saved.contains("Line \(index)."))
            #expect(try box.git("status", "--porcelain", "--untracked-files=no").stdout == "", "the index matches the saved branch")
        }
        try expectConsistent(box)
    }

    @Test func killedPublish() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let duration = try timed(box, ["publish"])
        for index in 0..<CrashTests.kills {
            // Half the kills interrupt a publish into an empty folder, half one over the last site.
            if index % 2 == 0 { try FileManager.default.removeItem(at: box.path("_site")) }
            _ = try run(box, ["publish"], killingAfter: delay(index, of: duration))
            try expectConsistent(box)
            let again = try sop(box, ["publish"])
            #expect(again.status == 0, "\(again.output)")
        }
        // What the interrupted runs left behind is what a publish into an empty folder makes.
        #expect(try timed(box, ["publish", "--out", "../fresh"]) > 0)
        let compared = try box.run(URL(fileURLWithPath: "/usr/bin/diff"), ["-r", "-x", ".sop", "ws/_site", "fresh"], in: ".", stdin: nil)
        #expect(compared.status == 0, "\(compared.output.prefix(600))")
        #expect(!FileManager.default.fileExists(atPath: box.path("_site/.sop/partial").path), "half-written files of killed runs are gone")
    }

    @Test func killedSyncToAPathRemote() throws {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        try box.git("init", "-q", "--bare", "server.git", in: ".")
        #expect(try sop(box, ["remote", "add", "regional", box.url.appendingPathComponent("server.git").path]).status == 0)
        let duration = try timed(box, ["sync", "regional"])
        for index in 0..<CrashTests.kills {
            try sop(box, comment(round, "Before sync \(index)"))
            _ = try run(box, ["sync", "regional"], killingAfter: delay(index, of: duration))
            try ageLocks(box, "ws/.git")
            try ageLocks(box, "server.git")
            try expectConsistent(box)
            try expectConsistent(box, "server.git")
            let again = try sop(box, ["sync", "regional"])
            #expect(again.status == 0, "\(again.output)")
            // Every comment acknowledged here has reached the server.
            let local = try box.git("rev-parse", "refs/sop/rounds/\(round)").stdout
            #expect(try box.git("rev-parse", "refs/sop/rounds/\(round)", in: "server.git").stdout == local)
        }
        #expect(try commentTexts(box, round).count == CrashTests.kills)
        try expectConsistent(box, "server.git")
    }

    /// An adoption interrupted between its tag and main (the one window two references leave)
    /// is finished by the next `sop adopt`; `sop verify` reports it without changing anything.
    @Test func anAdoptionKilledBetweenTagAndMainIsFinishedByTheNextAdopt() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().adoptedSet(box)
        let adopted = try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // The state a kill after the tag and before main leaves: work tree checked out, main behind.
        #expect(try box.git("update-ref", "refs/heads/main", "main~1", adopted).status == 0)
        let verified = try sop(box, ["verify", "set/2027.1"])
        #expect(verified.status == 1)
        #expect(verified.stdout.contains("is not on main"))
        #expect(try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines) != adopted)

        let again = try box.run(Sandbox.binary, ["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-08T10:00Z"])
        #expect(again.status == 0, "\(again.output)")
        #expect(again.stdout.contains("adopted \(round) as set/2027.1 on main"))
        #expect(try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == adopted)
        #expect(try box.git("status", "--porcelain").stdout == "")
        #expect(try sop(box, ["verify"]).status == 0)
        try expectConsistent(box)
    }

    /// Killed after the work tree was checked out and before the tag: nothing was adopted, and
    /// adopting again succeeds over the files already there.
    @Test func anAdoptionKilledBeforeItsTagCanBeRunAgain() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().adoptedSet(box)
        let adopted = try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try box.git("tag", "-d", "set/2027.1").status == 0)
        #expect(try box.git("update-ref", "refs/heads/main", "main~1", adopted).status == 0)

        let again = try box.run(Sandbox.binary, ["adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-08T10:00Z"])
        #expect(again.status == 0, "\(again.output)")
        #expect(try box.git("rev-parse", "main^{tree}").stdout == (try box.git("rev-parse", adopted + "^{tree}").stdout))
        #expect(try box.git("status", "--porcelain").stdout == "")
        #expect(try sop(box, ["verify"]).status == 0)
        try expectConsistent(box)
    }

    /// A tag on a child of main (as a replica could send) does not move main when its record
    /// was sealed for another commit, or names the child but its seal no longer matches.
    @Test func aTagWithoutASealForItsCommitDoesNotMoveMain() throws {
        let box = try Sandbox()
        let round = try AdoptionCLITests().adoptedSet(box)
        let main = try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try box.git("commit-tree", "main^{tree}", "-p", "main", "-m", "Not adopted").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let record = try box.git("tag", "-l", "--format=%(contents)", "set/2027.1").stdout
        for (version, message) in [("2027.2", record), ("2027.3", record.replacingOccurrences(of: main, with: child))] {
            try Data(message.utf8).write(to: box.url.appendingPathComponent("record.txt"))
            #expect(try box.git("tag", "-a", "set/" + version, "-F", "../record.txt", "--cleanup=verbatim", child).status == 0)
        }

        let again = try box.run(Sandbox.binary, ["adopt", round, "--effective", "2027-03-01", "--as", "secretariat"], in: "ws", stdin: nil, environment: ["SOP_NOW": "2027-01-08T10:00Z"])
        #expect(again.output.contains("already adopted as set/2027.1"), "\(again.output)")
        #expect(try box.git("rev-parse", "main").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == main)
    }
}
