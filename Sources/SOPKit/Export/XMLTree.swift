/// A piece of an XML document as the exporters build it: an element with attributes in the
/// order given, or text. Writing escapes every value, so no caller assembles markup by hand.
indirect enum XMLTree {
    case element(String, [(String, String)], [XMLTree])
    case text(String)

    /// An element; attributes with a nil value are left out.
    static func node(_ name: String, _ attributes: [(String, String?)] = [], _ children: [XMLTree] = []) -> XMLTree {
        .element(name, attributes.compactMap { key, value in value.map { (key, $0) } }, children)
    }

    /// The tree as XML. An element holding only elements puts each on a line of its own,
    /// indented; one that holds running text (``inline``) is written on one line, since
    /// whitespace there would become part of the text.
    func serialized(depth: Int = 0) -> String {
        let indent = String(repeating: "  ", count: depth)
        switch self {
        case .text(let text):
            return XMLTree.escape(text, quotes: false)
        case .element(let name, let attributes, let children):
            let open = name + attributes.map { " \($0.0)=\"\(XMLTree.escape($0.1, quotes: true))\"" }.joined()
            guard !children.isEmpty else { return indent + "<\(open)/>" }
            let onLines = !XMLTree.inline.contains(name) && children.allSatisfy { if case .element = $0 { true } else { false } }
            guard onLines else { return indent + "<\(open)>" + children.map { $0.serialized() }.joined() + "</\(name)>" }
            return indent + "<\(open)>\n" + children.map { $0.serialized(depth: depth + 1) }.joined(separator: "\n") + "\n\(indent)</\(name)>"
        }
    }

    /// Elements that hold running text: their children are never indented.
    private static let inline: Set<String> = ["p", "li", "num", "heading", "i", "b", "del", "span", "ref", "sup", "th", "td"]

    /// Text made safe for XML content, or for a double-quoted attribute with `quotes`.
    /// Characters XML 1.0 cannot carry at all are dropped rather than written.
    static func escape(_ text: String, quotes: Bool) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "\n" where quotes: out += "&#10;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar == "\u{FFFE}" || scalar == "\u{FFFF}": continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
