import ArgumentParser
import SOPCommandLine
import SOPKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed in a procedure between two revisions, section by section.",
        discussion: """
            FROM defaults to HEAD and TO to the work tree. Sections are matched by their {#id}:
            added, removed, moved, renamed and changed sections are listed, changes word by word.

            Examples:  sop diff SOP-004                  (HEAD → work tree)
                       sop diff SOP-004 main draft/maritime-2027
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A procedure ID or a file path.")
    var procedure: String

    @Argument(help: "The older revision (default HEAD).")
    var from: String?

    @Argument(help: "The newer revision (default: the work tree).")
    var to: String?

    func run() throws {
        let diff = try repository.workspace().diff(procedure, from: from, to: to, comparing: .source)
        if output.json { return try Terminal.json(diff) }
        Terminal.say(Terminal.bold("\(diff.procedure): \(diff.from) → \(diff.to)"))
        if diff.isEmpty { return Terminal.say("no changes") }
        for field in diff.metadata {
            Terminal.say("  \(field.field): \(field.old ?? "(none)") → \(field.new ?? "(none)")")
        }
        for section in diff.sections {
            let number = (section.newNumber ?? section.oldNumber).map { $0 + " " } ?? ""
            let title = section.newTitle ?? section.oldTitle ?? ""
            let kinds = section.kinds.map(\.rawValue).joined(separator: ", ")
            let sign = section.kinds == [.added] ? "+" : section.kinds == [.removed] ? "-" : "~"
            Terminal.say("\(sign) \(number)\(title) {#\(section.id)}: \(kinds)")
            if section.kinds.contains(.renamed), let old = section.oldTitle { Terminal.say("    was: \(old)") }
            if section.kinds.contains(.moved), let old = section.oldNumber, old != section.newNumber {
                Terminal.say("    was numbered \(old)")
            }
            if section.kinds.contains(.changed), let words = section.words {
                for line in words.changedLines { Terminal.say("    " + Styled(line)) }
            }
        }
    }
}
