import ArgumentParser
import Foundation
import SOPCommandLine
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
        version: "sop \(Entry.version) (set.yaml and events format \(ProtocolSet.formatVersion), sealed records format \(Record.format))",
        subcommands: [
            Init.self, New.self, List.self, Show.self, Lint.self, TranslationsCommand.self, TranslateCommand.self, Render.self, History.self, Diff.self, Draft.self,
            RoundCommand.self, CommentCommand.self, PositionCommand.self, KeyCommand.self, AdoptCommand.self, VerifyCommand.self, PublishCommand.self, RemoteCommand.self, SyncCommand.self,
            Forwarded<Serve>.self, Forwarded<User>.self, Forwarded<Digest>.self, ReviewCommand.self, AcknowledgeCommand.self, AcknowledgementsCommand.self,
            ExportCommand.self,
        ])

    static func main() async {
        let arguments = CommandLine.arguments.dropFirst()
        if arguments == ["--version"] { return print(configuration.version) }
        await Entry.main(root(for: arguments.first))
    }

    /// The tree to parse with: `sop` and only the subcommand named first, so that a command
    /// does not pay for ArgumentParser reflecting on every other one (most of start-up in a
    /// binary this size); the whole tree for help and anything that names no subcommand.
    static func root(for first: String?) -> any ParsableCommand.Type {
        guard let first, let command = configuration.subcommands.first(where: { $0.configuration.commandName == first }) else { return SOP.self }
        return only(command)
    }

    private static func only<Command: ParsableCommand>(_: Command.Type) -> any ParsableCommand.Type { Only<Command>.self }
}

/// `sop` with a single subcommand, which help and errors name as `sop <command>`.
struct Only<Command: ParsableCommand>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: SOP.configuration.commandName, abstract: SOP.configuration.abstract, subcommands: [Command.self])
    }
}
