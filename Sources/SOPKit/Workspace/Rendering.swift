import Markdown

/// Turning workspace Markdown into safe HTML.
public enum Rendering {
    /// The HTML of a file's body: front matter (if any) is left out, headings get anchors.
    public static func fragment(_ text: String, path: String) -> String {
        let split = (try? FrontMatter.split(text, path: path)) ?? nil
        return MarkdownDocument(split?.body ?? text, firstLine: split?.bodyFirstLine ?? 1).html()
    }
}
