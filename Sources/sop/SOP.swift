import ArgumentParser
import Foundation
import Git
import SOPKit

/// The root command only routes; each subcommand lives in its own file.
@main
struct SOP: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sop",
        abstract: "Draft, check and track the region's Standard Operating Procedures in git.",
        discussion: """
            Run inside a workspace (a git repository with Procedures/set.yaml), or pass --repo PATH.
            Start with:  sop init cmc --sample && cd cmc && sop list
            """,
        subcommands: [
            Init.self, New.self, List.self, Show.self, Lint.self, TranslationsCommand.self, TranslateCommand.self, Render.self, History.self, Diff.self, Draft.self,
            RoundCommand.self, CommentCommand.self, PositionCommand.self, KeyCommand.self, AdoptCommand.self, VerifyCommand.self, PublishCommand.self, RemoteCommand.self, SyncCommand.self,
            ServeCommand.self, UserCommand.self, DigestCommand.self, ReviewCommand.self, AcknowledgeCommand.self, AcknowledgementsCommand.self,
            ExportCommand.self,
        ])

    /// Prints errors as `error: …` with a `hint:` line and exits 1, instead of ArgumentParser's
    /// generic wording, so messages read the same in every command.
    static func main() async {
        do {
            var command = try parseAsRoot()
            // An invalid SOP_NOW stops every command here, before anything records or judges
            // time by a clock nobody meant.
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
            exit(withError: error)
        }
    }
}
