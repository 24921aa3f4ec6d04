import Foundation
import Testing

/// What a person sees in a real terminal (a pseudo-terminal, through util-linux's `script`):
/// bold headings and a coloured word diff, while control characters that came with the text
/// are shown, never obeyed; in a pipe the same diff is plain `[-…-]{+…+}` text.
@Suite struct TerminalCLITests {
    @Test func aTerminalShowsStylesAndTheTextsOwnEscapesAsVisibleMarks() throws {
        let box = try Sandbox()
        try box.sampleWorkspace()
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour\u{1B}[2J\u{1B}[9mstruck"))
        // The sandbox sets NO_COLOR for every other test; a person's terminal does not.
        let command = "env -u NO_COLOR \(Sandbox.binary.path) diff SOP-004"
        let terminal = try box.run(URL(fileURLWithPath: "/usr/bin/script"), ["-qec", command, "/dev/null"], in: "ws", stdin: nil)
        #expect(terminal.status == 0, "\(terminal.output)")
        let shown = terminal.stdout
        #expect(shown.contains("\u{1B}[1mSOP-004: HEAD → work tree\u{1B}[0m"), "a bold heading: \(shown.debugDescription)")
        #expect(shown.contains("\u{1B}[31m\u{1B}[9mtwo hours\u{1B}[0m") && shown.contains("\u{1B}[32m\u{1B}[4mone hour"), "the deletion red and struck, the insertion green")
        #expect(!shown.contains("\u{FFFD}[1m") && !shown.contains("\u{FFFD}[0m"), "sop's own styles are not mangled")
        #expect(shown.contains("\u{FFFD}[2J\u{FFFD}[9mstruck"), "the text's escapes are shown as marks")
        #expect(!shown.contains("\u{1B}[2J") && !shown.contains("\u{1B}[9mstruck"), "and never reach the terminal")
        let piped = try box.sop("diff", "SOP-004")
        #expect(piped.stdout.contains("[-two hours-]{+one hour\u{FFFD}[2J\u{FFFD}[9mstruck+}") && !piped.stdout.contains("\u{1B}"), "\(piped.stdout)")
    }
}
