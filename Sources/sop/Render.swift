import ArgumentParser
import Foundation
import Markdown
import SOPKit

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a procedure (or any Markdown) to a safe HTML fragment.",
        discussion: """
            Headings get their {#id} as the HTML id; raw HTML and javascript: links are never emitted.
            With --stdin, renders standard input exactly as `cmark-gfm -e table -e strikethrough
            -e autolink -e tagfilter -e tasklist` does, with footnotes on.

            Examples:  sop render SOP-002 > sop-002.html
                       echo '| a | b |' | sop render --stdin
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A procedure ID or a Markdown file path.")
    var procedure: String?

    @Flag(help: "Read Markdown from standard input instead.")
    var stdin = false

    @Flag(help: "With --stdin: turn {#id} at the end of headings into anchors, as for procedures.")
    var anchors = false

    @Option(help: "Read the file at a revision instead of the work tree.")
    var ref: String?

    func validate() throws {
        if stdin == (procedure != nil) {
            throw ValidationError("give either a procedure (ID or path) or --stdin")
        }
    }

    func run() throws {
        if stdin {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            let text = try TextFile.decode(data, path: "<stdin>")
            print(MarkdownDocument(text).html(headingAnchors: anchors), terminator: "")
            return
        }
        let workspace = try repository.workspace()
        let source = try workspace.source(at: ref)
        let path = try workspace.path(for: procedure!, in: source)
        guard let text = try source.text(at: path) else {
            throw SOPError(.notFound, "no file \(path) in \(source.name)")
        }
        print(Rendering.fragment(text, path: path), terminator: "")
    }
}
