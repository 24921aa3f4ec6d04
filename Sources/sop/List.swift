import ArgumentParser
import SOPCommandLine
import SOPKit

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the procedures: ID, title, version, status, owner, last change.",
        discussion: "Example:  sop list --status effective")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only procedures with this status (\(Status.names)).")
    var status: String?

    func run() throws {
        let workspace = try repository.workspace()
        var filter: Status?
        if let status {
            guard let parsed = Status(rawValue: status) else {
                throw SOPError(.invalidArgument, "unknown status '\(status)'; use one of: \(Status.names)")
            }
            filter = parsed
        }
        let snapshot = try Snapshot.load(from: try workspace.source(at: nil))
        let rows = try workspace.summaries(snapshot, status: filter)
        if output.json { return try Terminal.json(rows) }
        if rows.isEmpty, case .failure(let error) = snapshot.set {
            return Terminal.error("no procedures: \(error.message)\nhint: \(error.hint ?? "")")
        }
        Terminal.table(
            ["ID", "TITLE", "VERSION", "STATUS", "OWNER", "LAST CHANGE"],
            rows.map { row in
                var change = row.lastChange.map { "\(Terminal.date($0.date)) \($0.author)" } ?? "never committed"
                if row.modified, row.lastChange != nil { change += " (modified)" }
                return [row.id, row.title, row.version ?? "?", row.status ?? "?", row.owner ?? "?", change]
            })
        for error in snapshot.unreadable { Terminal.error(error.description) }
    }
}
