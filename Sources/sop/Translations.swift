import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

/// A language code of the set, checked when the command runs against set.yaml.
struct LanguageCode: ExpressibleByArgument, Sendable {
    let code: String

    init?(argument: String) {
        let code = argument.lowercased()
        guard code.count == 2, code.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        self.code = code
    }
}

extension Translation.Status: ExpressibleByArgument {}

struct TranslationsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translations",
        abstract: "List every procedure's language versions: current, behind (which sections), missing or invalid.",
        discussion: """
            For each procedure and each language of set.yaml, compares the source text at the
            revision a translation names (its source-revision) with the source now, section by
            section, and prints the old and new source words of every section that changed.
            Exits 1 when a translation is invalid.

            Examples:  sop translations
                       sop translations --lang es --json
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Only this language (es, fr, nl).")
    var lang: LanguageCode?

    @Flag(help: "Only list the states, without the old and new words.")
    var brief = false

    func run() throws {
        let workspace = try repository.workspace()
        let snapshot = try Snapshot.load(from: try workspace.source(at: nil))
        var report = try workspace.translationReport(snapshot)
        if let lang {
            guard report.languages.contains(lang.code) || report.translations.contains(where: { $0.language == lang.code }) else {
                throw SOPError(
                    .invalidArgument, "'\(lang.code)' is not a language the set translates into; its languages are \(report.languages.joined(separator: ", "))",
                    hint: report.sourceLanguage == lang.code ? "\(lang.code) is the language of the procedures themselves" : "add it to 'languages' in set.yaml")
            }
            report = report.only(lang.code)
        }
        let invalid = report.translations.filter { $0.state == .invalid }.count
        if output.json {
            try Terminal.json(report)
        } else {
            print(report)
        }
        if invalid > 0 { throw ExitCode(1) }
    }

    private func print(_ report: TranslationReport) {
        Terminal.table(
            ["ID", "LANG", "STATUS", "STATE", "TRANSLATES", "SECTIONS BEHIND"],
            report.translations.map { entry in
                [
                    entry.procedure, entry.language, entry.status?.rawValue ?? "-", entry.state.rawValue,
                    entry.translatedFrom.map { "\(entry.sourceRevision?.prefix(10) ?? "") \($0)" } ?? "-",
                    entry.sections.isEmpty ? "-" : entry.sections.map { $0.number ?? $0.id }.joined(separator: ", "),
                ]
            })
        for entry in report.translations where entry.state == .invalid {
            Terminal.say()
            Terminal.say(Terminal.bold("\(entry.path): invalid"))
            entry.problems.forEach { Terminal.say($0.description) }
        }
        guard !brief else { return }
        for entry in report.translations where !entry.sections.isEmpty {
            Terminal.say()
            Terminal.say(
                Terminal.bold(
                    "\(entry.path): \(entry.sections.count) section\(entry.sections.count == 1 ? "" : "s") behind the \(report.sourceLanguage) text"
                        + (entry.sourceDate.map { " of \($0)" } ?? "")))
            for section in entry.sections {
                let sign = section.change == .added ? "+" : section.change == .removed ? "-" : "~"
                Terminal.say("\(sign) \(section.number.map { $0 + " " } ?? "")\(section.title) {#\(section.id)}: \(section.change.rawValue)")
                switch section.change {
                case .changed:
                    for line in WordDiff(section.old ?? "", section.new ?? "").changedLines { Terminal.say("    " + Styled(line)) }
                case .added:
                    Terminal.say(indented(section.new))
                case .removed:
                    Terminal.say(indented(section.old))
                }
            }
        }
    }

    private func indented(_ text: String?) -> String {
        (text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
    }
}

struct TranslateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate",
        abstract: "Start a language version of a procedure, or record that it caught up with its source.",
        subcommands: [New.self, Done.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Write Procedures/LANG/<file> from the committed source, to translate in place.",
            discussion: """
                The new file has the source's sections and IDs, and front matter naming the
                language, the status and the source revision it starts from. Translate each
                section's words in place; keep every {#id}.

                Example:  sop translate new SOP-004 --lang es --status official
                """)

        @OptionGroup var repository: RepositoryOptions

        @Argument(help: "The procedure ID.")
        var procedure: String

        @Option(help: "The language (es, fr, nl).")
        var lang: LanguageCode

        @Option(help: "authentic, official or working (default: working; authentic when set.yaml says so).")
        var status: Translation.Status = .working

        func run() throws {
            let path = try repository.workspace().startTranslation(of: procedure, language: lang.code, status: status)
            Terminal.say("Wrote \(path): translate its sections in place, then `sop lint` and `sop draft save`")
        }
    }

    struct Done: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "done",
            abstract: "Set a translation's source-revision to the source as committed, once every section is translated again.",
            discussion: """
                Run it after translating the sections `sop translations` lists as behind; the
                translation then counts as current until the source changes again.

                Example:  sop translate done SOP-002 --lang fr
                """)

        @OptionGroup var repository: RepositoryOptions

        @Argument(help: "The procedure ID.")
        var procedure: String

        @Option(help: "The language (es, fr, nl).")
        var lang: LanguageCode

        func run() throws {
            let (path, caughtUp) = try repository.workspace().finishTranslation(of: procedure, language: lang.code)
            let sections = caughtUp.map { $0.number ?? $0.id }.joined(separator: ", ")
            Terminal.say("\(path) now translates the committed source" + (caughtUp.isEmpty ? "" : " (it was behind in \(sections))"))
        }
    }
}
