import Markdown

/// The rules every heading of a procedure follows: a stable, well-formed, unique `{#id}`.
public enum SectionRules {
    /// Lowercase ASCII letters, digits and hyphens, starting with a letter: safe as an HTML
    /// anchor, a URL fragment and a file name, and stable when sections are renumbered.
    public static func isValidID(_ id: String) -> Bool {
        guard let first = id.first, first.isASCII, first.isLetter, first.isLowercase, id.count <= 64 else { return false }
        return id.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
            && !id.hasSuffix("-") && !id.contains("--")
    }

    /// A section ID made from a heading title: `Interview of intercepted persons` → `interview-of-intercepted-persons`.
    public static func slug(_ title: String, maxLength: Int = 40) -> String {
        var slug = ""
        for character in title.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased() {
            if character.isASCII, character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        if slug.count > maxLength {
            slug = String(slug.prefix(maxLength + 1))
            if let cut = slug.lastIndex(of: "-") { slug = String(slug[..<cut]) } else { slug = String(slug.prefix(maxLength)) }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        if let first = slug.first, !first.isLetter { slug = "s-" + slug }
        return slug.isEmpty ? "section" : slug
    }

    static func check(_ document: MarkdownDocument, path: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for heading in document.headings {
            let location = Location(path, line: heading.line, column: heading.column)
            guard let id = heading.id else {
                diagnostics.append(
                    Diagnostic(
                        .error, "heading '\(heading.title)' has no section ID; end it with {#\(slug(heading.title))} or run `sop lint --fix`",
                        at: location, check: "section-id"))
                continue
            }
            if !isValidID(id) {
                diagnostics.append(
                    Diagnostic(
                        .error, "malformed section ID '{#\(id)}'; use lowercase letters, digits and single hyphens, starting with a letter (e.g. {#\(slug(id.isEmpty ? heading.title : id))})",
                        at: location, check: "section-id"))
            } else if let first = seen[id] {
                diagnostics.append(
                    Diagnostic(.error, "duplicate section ID '\(id)' (first used on line \(first))", at: location, check: "section-id"))
            } else {
                seen[id] = heading.line
            }
            if heading.number == nil, heading.level > 1 {
                diagnostics.append(
                    Diagnostic(.warning, "heading '\(heading.title)' has no section number", at: location, check: "numbering"))
            }
        }
        return diagnostics
    }
}
