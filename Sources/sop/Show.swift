import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a procedure's metadata and its outline with section IDs.",
        discussion: """
            With --on DAY, prints the procedure's text as it was in force that day, from the
            adopted sets (set/* tags) and their effective dates, with the set and the day it took
            effect (and a later version adopted but not yet in force by then).

            Examples:  sop show SOP-004   (or a path: sop show Procedures/SOP-004-maritime-interception.md)
                       sop show SOP-004 --on 2027-06-01
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "A procedure ID (SOP-004) or the path of its Markdown file.")
    var procedure: String

    @Option(help: "Read the procedure at a revision (branch, tag or commit) instead of the work tree.")
    var ref: String?

    @Option(help: "Print the text in force on this day, YYYY-MM-DD (from the adopted sets; not with --ref).")
    var on: String?

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
        /// With --on: the version in force that day, and its text.
        let inForce: InForceOutput?
        let text: String?
    }

    struct InForceOutput: Encodable {
        let on: String
        let set: String
        let version: String
        let since: String
        let until: String?
        let next: Next?

        struct Next: Encodable {
            let set: String
            let version: String
            let effective: String
        }
    }

    func validate() throws {
        if on != nil, ref != nil { throw ValidationError("--on finds the revision itself; give --on or --ref, not both") }
    }

    func run() throws {
        let workspace = try repository.workspace()
        let day = try on.map(InForce.day)
        let found = try day.map { try InForce.text(of: procedure, on: $0, in: workspace) }
        let source = try found.map { try workspace.commitSource($0.version.commit.hex) } ?? workspace.source(at: ref)
        let path = try found?.path ?? workspace.path(for: procedure, in: source)
        guard let text = try found?.text ?? source.text(at: path) else {
            throw SOPError(.notFound, "no file \(path) in \(source.name)")
        }
        let parsed = try Procedure.parse(path: path, text: text)
        let outline = parsed.document.headings.map {
            Outline(level: $0.level, number: $0.number, title: $0.title, id: $0.id, line: $0.line)
        }
        let inForce = found.map { found in
            InForceOutput(
                on: found.day.description, set: found.version.tag, version: found.version.version, since: found.version.effective.description,
                until: found.version.lastDay?.description,
                next: found.next.map { .init(set: $0.tag, version: $0.version, effective: $0.effective.description) })
        }
        if output.json {
            return try Terminal.json(Report(path: path, metadata: parsed.metadata, outline: outline, inForce: inForce, text: found?.text))
        }
        if let found {
            let version = found.version
            let until = version.lastDay.map { " until \($0)" } ?? ""
            Terminal.say(Terminal.bold("\(parsed.id) version \(version.version), in force on \(found.day): set \(version.set) (\(version.tag)), in force since \(version.effective)\(until)"))
            if let next = found.next {
                Terminal.say("  version \(next.version) (\(next.tag)) was adopted on \(next.adopted) and takes effect on \(next.effective)")
            }
            Terminal.say("")
            Terminal.say(text, terminator: "")
            return
        }
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
