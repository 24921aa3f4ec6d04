import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Publish the set as a static website and a print edition (and PDF).",
        discussion: """
            Renders the set at --ref, read from git (not the work tree): by default the newest
            set/* tag that verifies (`sop verify`), or main when there is none; a set/* tag that
            does not verify is refused. Writes index.html, one page per procedure,
            redlines against the previous published version, a view per member state,
            print.html and, with --pdf, print.pdf (needs WeasyPrint). The look comes from
            Templates/site/ at that revision (or --templates DIR). A re-publish renders only
            what changed; files in --out that sop did not write are never overwritten or deleted.

            With --on DAY, publishes the set as it was in force that day (the newest set that,
            with every set before it, had taken effect by then): every page says "As in force
            on …". Every page says where its text stands (in force since, adopted and taking
            effect on, superseded on); each procedure's page lists its versions, each with a page
            of its own (procedures/SOP-004/2027.1.html) and a word-by-word comparison with every
            other (procedures/SOP-004/compare-2027.1-2027.2.html).

            Examples:  sop publish --pdf
                       sop publish --on 2027-06-01 --out site-2027-06-01
                       sop publish --ref main --out preview/ --base-url https://cmc.example.org/sop
                       sop publish --check
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "The revision to publish: a version tag (set/2027.1), main or draft/NAME.")
    var ref: String?

    @Option(help: "Publish the set as in force on this day, YYYY-MM-DD (not with --ref).")
    var on: String?

    @Option(help: "The folder to write the site into.")
    var out = "_site"

    @Flag(help: "Also make print.pdf from the print edition with WeasyPrint.")
    var pdf = false

    @Option(name: .customLong("base-url"), help: "Where the site will be served, for the print edition's footer.")
    var baseURL: String?

    @Flag(help: "Publish nothing; fail with the list of broken links and anchors, lint problems and missing procedures.")
    var check = false

    @Flag(name: .customLong("keep-going"), help: "Publish the other procedures when some fail lint (they are left out and listed).")
    var keepGoing = false

    @Flag(help: "Render every page again, ignoring the cache (files of earlier publishes that are no longer part of the site are removed, as always).")
    var clean = false

    @Option(help: "Use the templates in this folder instead of the revision's Templates/site/ (to try a new look before committing it).")
    var templates: String?

    @Flag(help: "Also print where the time went: CPU time per phase, summed over all threads.")
    var timings = false

    func validate() throws {
        if check, pdf || clean || keepGoing || timings || out != "_site" {
            throw ValidationError("--check publishes nothing; it takes only --ref, --base-url and --templates")
        }
        if on != nil, ref != nil || check { throw ValidationError("--on finds the revision itself; give --on or --ref, not both, and not with --check") }
    }

    func run() throws {
        let day = try on.map(InForce.day)
        let workspace = try repository.workspace()
        var publisher = Publisher(workspace)
        if check {
            let (report, problems) = try publisher.check(ref: ref, baseURL: baseURL, templates: templates)
            if output.json {
                try Terminal.json(CheckOutput(ref: report.ref, edition: report.edition, ok: problems.isEmpty, problems: problems))
            } else {
                problems.forEach { Terminal.say($0.description) }
                Terminal.say(problems.isEmpty
                    ? "\(report.edition): \(report.published.count) procedures, every link and anchor resolves"
                    : "\(report.edition): \(problems.count) problem(s)")
            }
            if !problems.isEmpty { throw ExitCode(1) }
            return
        }
        if !output.json, isatty(STDERR_FILENO) == 1 {
            publisher.progress = ProgressBar.show
        }
        defer { ProgressBar.finish() }
        let report = try publisher.publish(ref: ref, options: .init(out: out, baseURL: baseURL, pdf: pdf, keepGoing: keepGoing, clean: clean, templates: templates, on: day))
        ProgressBar.finish()
        if output.json {
            try Terminal.json(report)
            return
        }
        for problem in report.left { Terminal.error("warning: left out: \(problem)") }
        if !report.foreign.isEmpty {
            Terminal.error("note: \(report.foreign.count) file(s) in \(report.out) were not written by sop and were left as they are")
        }
        Terminal.say("Published \(report.edition)\(report.on.map { " as in force on \($0)" } ?? "") (\(report.published.count) procedures, \(report.rendered.count) rendered, \(report.written) files written, \(report.kept) unchanged, \(report.removed) removed) into \(report.out)")
        Terminal.say("Open \(report.index)")
        if let pdf = report.pdf { Terminal.say("PDF: \(pdf)") }
        if timings, let spent = report.timings { Terminal.say(PublishCommand.describe(spent)) }
    }

    /// The `--timings` table. Phases run on all cores at once, so their CPU times may add up
    /// to more than the wall time.
    static func describe(_ spent: Publisher.Report.Timings) -> String {
        let phases: [(name: String, value: Double, what: String)] = [
            ("reading", spent.reading, "procedure files read through libgit2"),
            ("parsing", spent.parsing, "front matter and Markdown parse (cmark-gfm)"),
            ("lint", spent.lint, "lint and the facts links and the index need"),
            ("html", spent.html, "Markdown to HTML (cmark-gfm), anchors, cross-references"),
            ("templates", spent.templates, "Mustache renders (swift-mustache)"),
            ("writing", spent.writing, "files and manifest written"),
        ]
        let other = max(0, spent.cpu - phases.map(\.value).reduce(0, +))
        let rows = [("wall", spent.wall, "the publish, start to end"), ("cpu", spent.cpu, "the whole process, all threads, start-up included")]
            + phases + [("other", other, "start-up, history, records, page contexts, hashes, print edition body")]
        return "Time (ms; CPU time summed over all threads):\n"
            + rows.map { name, value, what in
                "  " + name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%9.1f", value) + "  " + what
            }.joined(separator: "\n")
    }

    struct CheckOutput: Encodable {
        let ref: String
        let edition: String
        let ok: Bool
        let problems: [Diagnostic]
    }
}
