import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct Lint: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check procedures: front matter, required sections, section IDs, cross-references.",
        discussion: """
            Prints compiler-style messages (Procedures/SOP-003-….md:41:5: error: …) and exits 1 when
            any error is found. With no arguments, checks every procedure, every translation in
            Procedures/LANG/ (warning at each section behind its source) and set.yaml.

            Examples:  sop lint
                       sop lint SOP-004 --fix
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Procedure IDs or Markdown file paths (default: all procedures).")
    var procedures: [String] = []

    @Flag(help: "Add a {#id} made from the title to every heading that has none.")
    var fix = false

    struct Report: Encodable {
        let diagnostics: [Diagnostic]
        let errors: Int
        let warnings: Int
        let files: Int
    }

    func run() throws {
        let workspace = try repository.workspace()
        let source = try workspace.source(at: nil)
        let paths = try procedures.map { try workspace.path(for: $0, in: source) }
        if fix {
            let tree = try workspace.worktree()
            let targets = paths.isEmpty ? try tree.files(in: Workspace.proceduresDirectory).filter { $0.hasSuffix(".md") } : paths
            for path in targets {
                guard let text = try tree.text(at: path) else { continue }
                let (fixed, added) = try SectionFixer.addMissingIDs(to: text, path: path)
                guard added > 0 else { continue }
                try Data(fixed.utf8).write(to: tree.root.appendingPathComponent(path), options: .atomic)
                Terminal.error("\(path): added \(added) section ID\(added == 1 ? "" : "s")")
            }
        }
        // Translations are judged against their source, not as procedures of their own.
        let translated = paths.filter(Translation.isTranslationPath)
        let snapshot = try Snapshot.load(from: source, including: paths.filter { !translated.contains($0) })
        var diagnostics = Linter.lint(snapshot, paths: paths.isEmpty ? nil : Set(paths), today: Day(Timestamp.now()))
        let ids = Set(snapshot.procedures.filter { paths.contains($0.path) }.map(\.id))
        diagnostics += try workspace.translationReport(snapshot).diagnostics.filter { diagnostic in
            paths.isEmpty || translated.contains(diagnostic.location.path)
                || ids.contains { id in diagnostic.location.path.hasPrefix(Workspace.proceduresDirectory + "/") && Procedure.idPrefix(ofFile: diagnostic.location.path) == id }
        }
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.filter { $0.severity == .warning }.count
        let files = paths.isEmpty ? snapshot.procedures.count + snapshot.translations.count + snapshot.unreadable.count : paths.count
        if output.json {
            try Terminal.json(Report(diagnostics: diagnostics, errors: errors, warnings: warnings, files: files))
        } else {
            diagnostics.forEach { Terminal.say($0.description) }
            Terminal.say("\(files) file\(files == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}
