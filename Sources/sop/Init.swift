import ArgumentParser
import SOPCommandLine
import SOPKit

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace repository for a protocol set.",
        discussion: """
            Creates PATH (default: the current folder) as a git repository with Procedures/set.yaml
            and Templates/, committed on main. With --sample, the bundled CMC protocol set is added.

            Example:  sop init cmc --sample
            """)

    @Argument(help: "Where to create the workspace.")
    var path: String = "."

    @Flag(help: "Include the bundled sample protocol set (seven CMC procedures).")
    var sample = false

    @Option(help: "Author of the first commit, as 'Name <email>' (default: git config).")
    var author: String?

    func run() throws {
        let signature = try author.map(Author.parse)
        let (workspace, commit) = try Workspace.create(at: path, sample: sample, author: signature)
        Terminal.say("Created workspace \(workspace.root?.path ?? path) (commit \(commit.id.short) on main)")
        Terminal.say("Next: cd \(path) && sop list")
    }
}
