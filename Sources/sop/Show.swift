import ArgumentParser
import Foundation
import SOPKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a procedure's metadata and its outline with section IDs.",
        discussion: "Example:  sop show SOP-004   (or a path: sop show Procedures/SOP-004-maritime-interception.md)")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A procedure ID (SOP-004) or the path of its Markdown file.")
    var procedure: String

    @Option(help: "Read the procedure at a revision (branch, tag or commit) instead of the work tree.")
    var ref: String?

    struct Outline: Encodable {
        let level: Int
        let number: String?
        let title: String
        let id: String?
        let line: Int
    }

    struct Report: Encodable {
        let path: String
        let metadata: Metadata
        let outline: [Outline]
    }

    func run() throws {
        let workspace = try repository.workspace()
        let source = try workspace.source(at: ref)
        let path = try workspace.path(for: procedure, in: source)
        guard let text = try source.text(at: path) else {
            throw SOPError(.notFound, "no file \(path) in \(source.name)")
        }
        let parsed = try Procedure.parse(path: path, text: text)
        let outline = parsed.document.headings.map {
            Outline(level: $0.level, number: $0.number, title: $0.title, id: $0.id, line: $0.line)
        }
        if output.json { return try Terminal.json(Report(path: path, metadata: parsed.metadata, outline: outline)) }
        let metadata = parsed.metadata
        Terminal.say(Terminal.bold("\(parsed.id)  \(parsed.title)"))
        let fields: [(String, String?)] = [
            ("path", path), ("version", metadata.version), ("status", metadata.status?.rawValue), ("owner", metadata.owner),
            ("effective", metadata.effective?.description), ("review-by", metadata.reviewBy?.description),
            ("supersedes", metadata.supersedes.isEmpty ? nil : metadata.supersedes.joined(separator: ", ")),
            ("language", metadata.language),
        ]
        for case let (name, value?) in fields { Terminal.say("  \(name.padding(toLength: 11, withPad: " ", startingAt: 0)) \(value)") }
        Terminal.say("")
        for heading in outline {
            let indent = String(repeating: "  ", count: max(heading.level - 2, 0))
            let number = heading.number.map { $0 + " " } ?? ""
            Terminal.say("\(indent)\(number)\(heading.title)  {#\(heading.id ?? "?")}  line \(heading.line)")
        }
    }
}
