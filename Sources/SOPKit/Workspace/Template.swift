import Foundation
import Markdown

/// `Templates/NAME.md`: the skeleton `sop new` fills (what lint asks of it is ``TemplateRules``).
public enum Template {
    public static let defaultName = "procedure"

    public static func path(_ name: String) throws -> String {
        guard SectionRules.isValidID(name) else {
            throw SOPError(.invalidArgument, "'\(name)' is not a template name; use lowercase letters, digits and hyphens")
        }
        return "\(Workspace.templatesDirectory)/\(name).md"
    }

    /// Fills the placeholders `{{id}}`, `{{title}}`, `{{owner}}` and `{{date}}`. A placeholder
    /// that stands as a bare YAML value is written as a quoted YAML string, so a title with a
    /// colon or a quote cannot break the front matter.
    static func fill(_ template: String, values: [String: String]) -> String {
        let lines = Lines.split(template)
        var inFrontMatter = false
        return lines.enumerated().map { index, line -> String in
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                inFrontMatter = index == 0
                return String(line)
            }
            if inFrontMatter, let colon = line.range(of: ": ") {
                var value = line[colon.upperBound...].trimmingCharacters(in: .whitespaces)
                if value.count >= 2, let quote = value.first, "\"'".contains(quote), value.last == quote {
                    value = String(value.dropFirst().dropLast())
                }
                if value.hasPrefix("{{"), value.hasSuffix("}}"),
                    let filled = values[value.dropFirst(2).dropLast(2).trimmingCharacters(in: .whitespaces)]
                {
                    return line[..<colon.lowerBound] + ": " + yamlQuoted(filled)
                }
            }
            var text = String(line)
            for (name, value) in values { text = text.replacingOccurrences(of: "{{\(name)}}", with: value) }
            return text
        }.joined(separator: "\n")
    }

    static func yamlQuoted(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
