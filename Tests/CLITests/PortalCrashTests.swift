import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The portal killed with SIGKILL while officials post comments loses no comment it answered
/// 303 for, and the portal started again on the same workspace takes the next post.
///
/// The sample portal (Scripts/portal-workspace.sh) with round night-1; TT and JM sign in
/// (Scripts/portal-sign-in.sh) and post comments at once, each with a text of its own
/// (Tests/Crash/portal-crash.sh, one curl after another), racing on the round's ref. After a
/// short delay, different each time, `sop serve` is killed with SIGKILL, mostly in the middle
/// of a post; then `git fsck --full` must be clean, `sop serve` is started again, and every
/// comment whose post got its 303 must be in `sop comment list --json` (once), and a new post
/// (signed in again: sessions live in the server's memory) must get its 303.
@Suite struct PortalCrashTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let kills = 3
    static let officials = [("TT", "ana.ruiz@immigration.gov.tt", "LINK_TT"), ("JM", "paul.brown@pica.gov.jm", "LINK_JM")]

    /// The server running now: the one portal-workspace.sh started (not our child), or ours.
    enum Server {
        case started(pid_t)
        case ours(Command.Running)
        case stopped

        /// SIGKILL, and waits until the process is gone (or a zombie: its sockets are closed).
        mutating func kill() {
            defer { self = .stopped }
            switch self {
            case .stopped:
                return
            case .started(let pid):
                Glibc.kill(pid, SIGKILL)
                for _ in 0..<100 {
                    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return }
                    if stat.split(separator: ")").last?.split(separator: " ").first == "Z" { return }
                    usleep(20_000)
                }
            case .ours(let running):
                running.kill()
            }
        }
    }

    /// The lock files a write left under the workspace's git directory (relative to it), but for
    /// sop/accounts.json.lock: the account store's `flock` file, there for good.
    static func locks(_ box: Sandbox) -> [String] {
        let root = box.url.appendingPathComponent("ws/.git").path + "/"
        guard let files = FileManager.default.enumerator(atPath: root) else { return [] }
        return files.compactMap { $0 as? String }.filter { $0.hasSuffix(".lock") && $0 != "sop/accounts.json.lock" }
    }

    @Test func killedWhileOfficialsPostLosesNoAcceptedCommentAndTakesTheNextPost() throws {
        let began = Date()
        let box = try Sandbox()
        let port = 20_000 + Int(getpid() % 1000)
        let base = "http://127.0.0.1:\(port)"
        // The workspace goes in the sandbox itself: ws/ and keys/ where Sandbox's commands look.
        let setup = try box.run(
            URL(fileURLWithPath: "/bin/bash"), [Self.root.appendingPathComponent("Scripts/portal-workspace.sh").path, Sandbox.binary.path, box.url.path, String(port)],
            in: ".", stdin: nil)
        try #require(setup.status == 0, "\(setup.output)")
        var env: [String: String] = [:]
        for line in try String(contentsOf: box.url.appendingPathComponent("portal.env"), encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
        }
        let round = try #require(env["ROUND"])
        var server = Server.started(try #require(env["PID"].flatMap { pid_t($0) }))
        defer { server.kill() }

        func signIn(_ official: (String, String, String), firstTime: Bool) throws -> String {
            let (code, email, link) = official
            var arguments = [Self.root.appendingPathComponent("Scripts/portal-sign-in.sh").path, base, round, email, "crash test password of \(code)"]
            if firstTime { arguments.append(env[link] ?? "") }
            let signedIn = try box.run(URL(fileURLWithPath: "/bin/bash"), arguments, in: ".", stdin: nil)
            try #require(signedIn.status == 0, "signing in as \(code): \(signedIn.output)")
            return signedIn.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func poster(_ code: String, _ tokens: String, _ prefix: String, _ accepted: String, count: Int? = nil) throws -> Command.Running {
            let arguments = [Self.root.appendingPathComponent("Tests/Crash/portal-crash.sh").path, base, round, code, tokens, prefix, box.url.appendingPathComponent(accepted).path]
            return try box.start(URL(fileURLWithPath: "/bin/bash"), arguments + (count.map { [String($0)] } ?? []), in: ".")
        }
        func lines(_ file: String) -> [String] {
            ((try? String(contentsOf: box.url.appendingPathComponent(file), encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }

        var tokens = try Self.officials.map { try signIn($0, firstTime: true) }
        var acknowledged: [String] = []
        var posts = 0
        var cutOff = 0
        var locks = 0
        for index in 0..<Self.kills {
            // Both officials post until the portal is killed: after 0.4 to 0.7 s, 1 to 1.3 s, 1.6 to 1.9 s.
            let posters = try zip(Self.officials, tokens).map { official, tokens in
                try poster(official.0, tokens, "Crash \(index) \(official.0)", "accepted-\(index)-\(official.0)")
            }
            usleep(UInt32((0.4 + 0.6 * Double(index) + Double.random(in: 0...0.3)) * 1_000_000))
            server.kill()
            for (official, running) in zip(Self.officials, posters) {
                let ended = try running.finish()
                #expect(ended.status == 0, "\(official.0)'s posts, kill \(index): an answer other than 303: \(ended.output)")
                if let posted = ended.stdout.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) { posts += posted }
                if ended.stdout.contains("curl 52") || ended.stdout.contains("curl 56") { cutOff += 1 }
                acknowledged += lines("accepted-\(index)-\(official.0)")
            }

            // A kill in the middle of a write may leave the round's ref locked
            // (refs/sop/rounds/<round>.lock). sop takes a lock for a dead writer's only once it
            // is 30 s old (a younger one may be a live writer's: GitTests' StaleLockTests), so
            // the lock files are aged as if the portal were restarted a minute later, as
            // CrashTests does; waiting half a minute per kill would be too slow.
            let left = Self.locks(box)
            if !left.isEmpty { print("PortalCrashTests: kill \(index) left \(left)") }
            locks += left.count
            try CrashTests().ageLocks(box, "ws/.git")
            try CrashTests().expectConsistent(box)

            // The portal again, on the same workspace and port.
            let restarted = try box.start(Sandbox.binary, ["serve", "--port", String(port)])
            server = .ours(restarted)
            var status: Int?
            for _ in 0..<200 where status != 200 {
                status = PortalCLITests.status(of: "\(base)/signin")
                if status != 200 { usleep(50_000) }
            }
            try #require(status == 200, "the portal did not start again after kill \(index)")
            tokens = try Self.officials.map { try signIn($0, firstTime: false) }

            // Nothing the portal acknowledged is lost, nothing is recorded twice, and no
            // half-written event stops the next post.
            let next = try poster("TT", tokens[0], "After kill \(index)", "next-\(index)", count: 1).finish()
            #expect(next.status == 0 && lines("next-\(index)") == ["After kill \(index) 1"], "the post after kill \(index): \(next.output)")
            acknowledged += lines("next-\(index)")
            let texts = try CrashTests().commentTexts(box, round)
            let missing = acknowledged.filter { !texts.contains($0) }
            #expect(missing.isEmpty, "kill \(index): \(missing.count) comments answered 303 are not in the round: \(missing.prefix(5))")
            let twice = Dictionary(grouping: texts, by: { $0 }).filter { $0.value.count > 1 }.keys
            #expect(twice.isEmpty, "kill \(index): comments recorded twice: \(Array(twice).prefix(5))")
            let report = try json(try box.sop("round", "status", round, "--json").stdout) as? [String: Any]
            #expect(report?["refusedEvents"] as? Int == 0 && report?["unreadableEvents"] as? Int == 0, "kill \(index): \(report ?? [:])")
        }

        // A lock as a kill leaves it, still fresh: sop leaves it alone, and the official gets the
        // portal's page saying to try again (not a bare 500); once it is stale, the post goes in.
        let lock = box.path(".git/refs/sop/rounds/\(round).lock")
        try Data((try box.git("rev-parse", "refs/sop/rounds/\(round)").stdout).utf8).write(to: lock)
        let signedIn = tokens[0].split(separator: ":").map(String.init)
        let form = ["-H", "Cookie: sop_session=\(signedIn[0])", "--data-urlencode", "csrf=\(signedIn[1])", "--data-urlencode", "revision=\(signedIn[2])",
            "--data-urlencode", "fingerprints=\(signedIn[3])", "--data-urlencode", "participant=TT", "--data-urlencode", "section=SOP-004#detection", "--data-urlencode", "type=ge", "--data-urlencode", "text=While locked"]
        let locked = try box.run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-w", "\n%{http_code}"] + form + ["\(base)/rounds/\(round)/comments"], in: ".", stdin: nil)
        #expect(locked.stdout.hasSuffix("\n500") && locked.stdout.contains("another write holds its lock") && locked.stdout.contains("try again in a minute"), "\(locked.stdout.suffix(600))")
        #expect(!(try CrashTests().commentTexts(box, round)).contains("While locked"))
        try CrashTests().ageLocks(box, "ws/.git")
        let unlocked = try poster("TT", tokens[0], "Unlocked", "unlocked", count: 1).finish()
        #expect(unlocked.status == 0 && lines("unlocked") == ["Unlocked 1"], "the post after the lock went stale: \(unlocked.output)")
        #expect(!FileManager.default.fileExists(atPath: lock.path), "the stale lock is gone")

        server.kill()
        try CrashTests().ageLocks(box, "ws/.git")
        try CrashTests().expectConsistent(box)
        let seconds = Date().timeIntervalSince(began)
        print("PortalCrashTests: \(Self.kills) kills, \(posts) posts before them, \(acknowledged.count) answered 303 (with one after each restart), \(cutOff) cut off mid-post, \(locks) lock files left, \(String(format: "%.1f", seconds)) s")
        #expect(acknowledged.count > Self.kills * 2, "the officials posted between the kills: \(acknowledged.count) accepted")
        #expect(seconds < 60, "the test takes \(seconds) s")
    }
}
