import ArgumentParser
import SOPCommandLine
import SOPKit

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote", abstract: "The other capitals' repositories this one syncs with.",
        discussion: "Example:  sop remote add regional git://consultations.example.org/cmc.git",
        subcommands: [Add.self, ListRemotes.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a remote (a path, file://, git://, https:// or ssh:// URL).",
            discussion: "Example:  sop remote add regional /srv/git/cmc.git")
        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "A short name.") var name: String
        @Argument(help: "Where the repository is.") var url: String

        func run() throws {
            try Sync(try repository.workspace()).addRemote(name, url: url)
            Terminal.say("added remote \(name) → \(url); exchange with `sop sync \(name)`")
        }
    }

    struct ListRemotes: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the remotes.", discussion: "Example:  sop remote list")
        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            for remote in try Sync(try repository.workspace()).remotes() { Terminal.say("\(remote.name)\t\(remote.url)") }
        }
    }
}

struct SyncCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Fetch and push drafts and rounds with a remote; merge rounds by the union of their events.",
        discussion: """
            Events that break the rules (malformed, from a participant not invited, on a closed round)
            are refused and reported. Safe to run again after an interruption.

            Example:  sop sync regional
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The remote (default: the only one, or origin).") var remote: String?

    func run() throws {
        let report = try Sync(try repository.workspace()).sync(remote)
        Terminal.warn(unreadable: report.unreadableRounds)
        if output.json { return try Terminal.json(report) }
        Terminal.say("sync with \(report.remote) (\(report.url))")
        let events = report.arrivedEvents.values.reduce(0, +)
        Terminal.say("  arrived: \(events) event(s)" + (report.arrivedEvents.isEmpty ? "" : " in " + report.arrivedEvents.keys.sorted().joined(separator: ", "))
            + (report.arrivedDrafts.isEmpty ? "" : "; branches and tags \(report.arrivedDrafts.joined(separator: ", "))")
            + (report.arrivedKeyChanges == 0 ? "" : "; \(report.arrivedKeyChanges) key registry entr\(report.arrivedKeyChanges == 1 ? "y" : "ies")"))
        Terminal.say("  sent: " + (report.sent.isEmpty ? "nothing" : report.sent.joined(separator: ", ")))
        for refusal in report.refused {
            Terminal.say("  refused: " + (refusal.round == "registry" ? "the key registry" : "\(refusal.round) \(refusal.event.prefix(12))") + ": \(refusal.reason)")
        }
        for name in report.diverged { Terminal.say("  diverged: \(name) has changed here and there; reconcile by hand") }
        for (ref, reason) in report.rejected.sorted(by: { $0.key < $1.key }) { Terminal.say("  not accepted by \(report.remote): \(ref): \(reason)") }
        if !report.rejected.isEmpty { throw ExitCode(1) }
    }
}
