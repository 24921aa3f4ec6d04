import ArgumentParser
import SOPCommandLine

/// The portal's commands, which `sop serve`, `sop user` and `sop digest` hand over to; its
/// name in help and errors is `sop`, as the official typed it.
@main
struct SOPPortal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sop",
        abstract: "The consultation portal's commands of sop: serve, user and digest.",
        subcommands: [ServeCommand.self, UserCommand.self, DigestCommand.self])

    static func main() async { await Entry.main(SOPPortal.self) }
}
