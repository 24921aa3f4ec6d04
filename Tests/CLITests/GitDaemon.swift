import Foundation
import TestSupport

/// A real `git daemon` on 127.0.0.1 serving the bare repositories in one folder, read and
/// write, stopped when the test is done.
final class GitDaemon {
    let daemon: Command.Running
    let port: Int

    init(base: URL) throws {
        let probe = base.appendingPathComponent("probe.git")
        _ = try Command("/usr/bin/git", ["init", "-q", "--bare", probe.path]).run()
        // The daemon itself rather than `git daemon`, so that terminating it leaves no child behind.
        let execPath = try Command("/usr/bin/git", ["--exec-path"]).run().stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            let daemon = try Command(
                execPath + "/git-daemon",
                [
                    "--reuseaddr", "--listen=127.0.0.1", "--port=\(port)", "--base-path=\(base.path)", "--export-all",
                    "--enable=receive-pack", "--informative-errors", base.path,
                ]
            ).start()
            if GitDaemon.answers(port: port) {
                self.daemon = daemon
                self.port = port
                return
            }
            daemon.kill()
        }
        throw SandboxError(message: "git daemon did not start on 127.0.0.1")
    }

    deinit { daemon.kill() }

    func url(_ repository: String) -> String { "git://127.0.0.1:\(port)/\(repository)" }

    /// Polls until the daemon answers, for at most about five seconds.
    private static func answers(port: Int) -> Bool {
        for _ in 0..<50 {
            if (try? Command("/usr/bin/git", ["ls-remote", "git://127.0.0.1:\(port)/probe.git"]).run().status) == 0 { return true }
            usleep(100_000)
        }
        return false
    }
}
