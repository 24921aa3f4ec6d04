import ArgumentParser
import Foundation
import Git
import SOPKit

/// How both executables run a command line.
public enum Entry {
    /// The release of sop, printed by `sop --version` with the formats it reads and writes.
    public static let version = "0.16.0"

    /// Parses the arguments with `root`, refuses an invalid `SOP_NOW` before anything records
    /// or judges time by a clock nobody meant, runs the command, and prints errors as
    /// `error: …` with a `hint:` line and exit status 1, instead of ArgumentParser's generic
    /// wording, so messages read the same in every command.
    public static func main(_ root: any ParsableCommand.Type) async {
        do {
            var command = try root.parseAsRoot()
            _ = try Timestamp.fixedNow()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as SOPError {
            Terminal.error(error.description)
            Foundation.exit(1)
        } catch let error as GitError {
            var text = "error: git: \(error.description)"
            if error.code == .locked {
                // A fresh lock is a live writer's, or one killed moments ago; sop removes it at 30 s.
                text += "\nhint: another sop or git is writing to the repository; a lock left by a stopped process is removed once it is 30 seconds old, so run the command again in a minute"
            }
            Terminal.error(text)
            Foundation.exit(1)
        } catch {
            root.exit(withError: error)
        }
    }
}
