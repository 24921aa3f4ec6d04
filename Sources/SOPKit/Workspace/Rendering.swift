import Foundation
import Markdown

/// Turning workspace Markdown into safe HTML.
public enum Rendering {
    /// The HTML of a file's body: front matter (if any) is left out, headings get anchors.
    public static func fragment(_ text: String, path: String) -> String {
        let split = (try? FrontMatter.split(text, path: path)) ?? nil
        return MarkdownDocument(split?.body ?? text, firstLine: split?.bodyFirstLine ?? 1).html()
    }

    /// A folder to write rendered files into, created if missing; refused when it is a file.
    public static func outputFolder(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SOPError(.invalidArgument, "\(path) is a file, not a folder", hint: "choose a folder for --out")
        }
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw SOPError(.io, "cannot create \(path): \(error.localizedDescription)")
        }
        return url
    }
}
