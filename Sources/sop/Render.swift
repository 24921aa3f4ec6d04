import ArgumentParser
import Foundation
import Markdown
import SOPCommandLine
import SOPKit

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a procedure (or any Markdown) to a safe HTML fragment.",
        discussion: """
            Headings get their {#id} as the HTML id; raw HTML and javascript: links are never emitted.
            With --stdin, renders standard input exactly as `cmark-gfm -e table -e strikethrough
            -e autolink -e tagfilter -e tasklist` does, with footnotes on.

            Examples:  sop render SOP-002 > sop-002.html
                       sop render SOP-001 SOP-004 --out html/
                       echo '| a | b |' | sop render --stdin
            """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "Procedure IDs or Markdown file paths.")
    var procedures: [String] = []

    @Flag(help: "Read Markdown from standard input instead.")
    var stdin = false

    @Flag(help: "With --stdin: turn {#id} at the end of headings into anchors, as for procedures.")
    var anchors = false

    @Option(help: "Read the file at a revision instead of the work tree.")
    var ref: String?

    @Option(help: "Write one NAME.html per file into this folder instead of printing.")
    var out: String?

    func validate() throws {
        if stdin == !procedures.isEmpty {
            throw ValidationError("give either procedures (IDs or paths) or --stdin")
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
        let paths = try procedures.map { try workspace.path(for: $0, in: source) }
        let folder = try out.map(Rendering.outputFolder)
        for path in paths {
            guard let text = try source.text(at: path) else {
                throw SOPError(.notFound, "no file \(path) in \(source.name)")
            }
            let html = Rendering.fragment(text, path: path)
            guard let folder else {
                print(html, terminator: "")
                continue
            }
            let name = (path as NSString).lastPathComponent.replacingOccurrences(of: ".md", with: "") + ".html"
            try Data(html.utf8).write(to: folder.appendingPathComponent(name))
        }
    }
}
