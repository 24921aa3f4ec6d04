import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

/// `sop export`: the set in formats other systems read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export an adopted set in a format other systems read.", subcommands: [ExportAkn.self])
}

struct ExportAkn: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "akn",
        abstract: "Write each procedure of an adopted set as an Akoma Ntoso 3.0 document.",
        discussion: """
            Reads the set at --ref from git (by default the newest set/* tag that verifies) and
            writes one <doc name="sop"> per procedure and language version that exists at that
            tag: DIR/SOP-004.en.xml, DIR/SOP-004.fr.xml, … Each carries its FRBR work,
            expression and manifestation IRIs (/akn/cmc/doc/sop/YEAR/SOP-004/eng@DATE), the
            adoption and entry into force, the approval record (each participant's position,
            the secretariat's seal) and the text with its sections as <section eId="sec_ID">.
            A ref without a sealed adoption record (main, a draft) is refused.

            Examples:  sop export akn
                       sop export akn --ref set/2027.1 -o akn/ --json
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The adopted version to export (a set/* tag).")
    var ref: String?

    @Option(name: [.short, .customLong("out")], help: "The folder to write the documents into (made if missing).")
    var out = "akn"

    func run() throws {
        let report = try AkomaNtosoExport(try repository.workspace()).export(ref: ref, out: out)
        if output.json {
            try Terminal.json(report)
        } else {
            Terminal.say("Exported \(report.version): \(report.files.count) Akoma Ntoso documents in \(report.out)")
        }
    }
}
