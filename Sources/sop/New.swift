import ArgumentParser
import SOPCommandLine
import SOPKit

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create the next procedure from a template.",
        discussion: """
            Takes the next free SOP number, fills Templates/NAME.md and writes
            Procedures/SOP-NNN-<slug>.md with section IDs on every heading. `sop lint` reports
            the template's instructions and example headings until you replace them.

            Example:  sop new --title "Return and Readmission of Smuggled Migrants" --owner JM
            """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "The procedure's title.")
    var title: String

    @Option(help: "The template in Templates/ to start from.")
    var template: String = Template.defaultName

    @Option(help: "The owner: 'secretariat' or a participant code from set.yaml.")
    var owner: String = "secretariat"

    func run() throws {
        let path = try repository.workspace().newProcedure(title: title, template: template, owner: owner)
        Terminal.say(path)
    }
}
