import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

/// One of the portal's commands as `sop` lists it: its arguments, `--help` included, go
/// unread to `sop-portal`, which replaces this process (same pid, so a `kill` of the pid
/// `sop serve &` printed still stops the portal gracefully).
struct Forwarded<Command: PortalCommandName>: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: Command.command.rawValue, abstract: Command.command.abstract)
    }

    @Argument(parsing: .captureForPassthrough, help: "The command's arguments; see `sop \(Command.command.rawValue) --help`.")
    var arguments: [String] = []

    func run() throws {
        let executable = try Self.portalExecutable()
        let argv = [PortalCommand.executable, Command.command.rawValue] + arguments
        var pointers = argv.map { strdup($0) } + [nil]
        execv(executable, &pointers)
        let reason = String(cString: strerror(errno))
        throw SOPError(.io, "cannot run \(executable): \(reason)", hint: "install sop with `make install`, which puts \(PortalCommand.executable) beside sop")
    }

    /// `sop-portal` beside this executable (as `make install` and the build put it), found
    /// through /proc/self/exe so that a symlink or a relative PATH entry leads to the same place.
    static func portalExecutable() throws -> String {
        let own = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = own.deletingLastPathComponent().appendingPathComponent(PortalCommand.executable).path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw SOPError(
                .notFound, "`sop \(Command.command.rawValue)` needs \(PortalCommand.executable), which is not beside \(own.path)",
                hint: "install sop with `make install`, which puts \(PortalCommand.executable) beside sop")
        }
        return beside
    }
}

/// Which portal command a ``Forwarded`` stands for.
protocol PortalCommandName { static var command: PortalCommand { get } }
enum Serve: PortalCommandName { static var command: PortalCommand { .serve } }
enum User: PortalCommandName { static var command: PortalCommand { .user } }
enum Digest: PortalCommandName { static var command: PortalCommand { .digest } }
