import ArgumentParser
import SOPCommandLine
import SOPKit

struct Draft: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "draft",
        abstract: "Work on proposals: a draft is the branch draft/NAME.",
        discussion: """
            Example:  sop draft start maritime-2027
                      (edit Procedures/SOP-004-maritime-interception.md)
                      sop draft save -m "Shorten the disembarkation timeline"
            """,
        subcommands: [Start.self, Save.self, ListDrafts.self, Switch.self])

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "start",
            abstract: "Create draft/NAME at the current commit and switch to it (edits are kept).",
            discussion: "Example:  sop draft start maritime-2027")
        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The draft's name (letters, digits, '-', '_', '.').") var name: String

        func run() throws {
            let draft = try Drafts(repository.workspace()).start(name)
            Terminal.say("Started draft \(draft.name) at \(draft.head.prefix(10)); save with `sop draft save -m MESSAGE`")
        }
    }

    struct Save: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save",
            abstract: "Commit the changes under Procedures/ and Templates/ to the current draft.",
            discussion: "Example:  sop draft save -m \"Add screening checklist\" --author \"Ana Ruiz <ana@example.org>\"")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions
        @Option(name: .shortAndLong, help: "What changed and why.") var message: String
        @Option(help: "The author as 'Name <email>' (default: GIT_AUTHOR_NAME/EMAIL, then git config).") var author: String?

        struct Saved: Encodable {
            let commit: String
            let branch: String
            let summary: String
        }

        func run() throws {
            let workspace = try repository.workspace()
            let signature = try Author.resolve(author, repository: workspace.repository)
            let commit = try Drafts(workspace).save(message: message, author: signature)
            let branch = try workspace.repository.headBranch() ?? ""
            if output.json { return try Terminal.json(Saved(commit: commit.id.hex, branch: branch, summary: commit.summary)) }
            Terminal.say("Saved \(commit.id.short) on \(branch.replacingOccurrences(of: "refs/heads/", with: "")): \(commit.summary)")
        }
    }

    struct ListDrafts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the drafts; * marks the current one.", discussion: "Example:  sop draft list")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let drafts = try Drafts(repository.workspace()).list()
            if output.json { return try Terminal.json(drafts) }
            if drafts.isEmpty { return Terminal.say("no drafts; start one with `sop draft start NAME`") }
            Terminal.table(
                ["", "DRAFT", "HEAD", "SAVED", "LAST SAVE"],
                drafts.map { [$0.current ? "*" : "", $0.name, String($0.head.prefix(10)), Terminal.date($0.date), $0.summary] })
        }
    }

    struct Switch: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "switch",
            abstract: "Switch the work tree to another draft (or main); refused if unsaved edits would be lost.",
            discussion: "Example:  sop draft switch maritime-2027")
        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The draft's name, or main.") var name: String

        func run() throws {
            let draft = try Drafts(repository.workspace()).switchTo(name)
            Terminal.say("Switched to \(draft.name == "" ? "main" : draft.name) (\(draft.head.prefix(10)))")
        }
    }
}
