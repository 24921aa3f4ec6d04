import ArgumentParser
import SOPCommandLine
import SOPKit

struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List the commits that changed a procedure, newest first (follows renames).",
        discussion: """
            Follows a file across renames by git's rules, as `git log --follow` does: a file
            removed and one added in the same commit are one file renamed when their contents are
            at least 50% similar, compared pair by pair unless the commit adds and removes more
            than 1,000 × 1,000 files (git's diff.renameLimit), when only equal contents count.

            Example:  sop history SOP-004
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A procedure ID or a file path.")
    var procedure: String

    @Option(help: "Start from this revision instead of HEAD.")
    var ref: String = "HEAD"

    @Option(help: "Show at most this many commits.")
    var limit: Int?

    func run() throws {
        let workspace = try repository.workspace()
        let path: String
        if let found = try? workspace.path(for: procedure, in: try workspace.source(at: nil)) {
            path = found
        } else {
            path = try workspace.path(for: procedure, in: try workspace.commitSource(ref))
        }
        var entries = try workspace.history(of: path, from: ref)
        if let limit { entries = Array(entries.prefix(max(limit, 0))) }
        if output.json { return try Terminal.json(entries) }
        if entries.isEmpty { Terminal.say("\(path) has no committed history") }
        for entry in entries {
            let rename = entry.renamedFrom.map { " (renamed from \($0))" } ?? ""
            Terminal.say(Terminal.bold(String(entry.commit.prefix(10))) + Styled("  \(Terminal.date(entry.date))  \(entry.author)  \(entry.summary)\(rename)"))
        }
    }
}
