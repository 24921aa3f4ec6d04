import Foundation

/// The one rule for characters that make words look other than they are: invisible ones, with
/// which two comments differ only to the machine, and bidirectional controls, with which
/// "we do not" displays as something else.
///
/// Participants' words meet it three times: when written here (a reordering control is
/// refused), when compared (invisible characters are dropped) and when shown, whatever a
/// replica brought (a reordering control is replaced by a visible marker).
///
/// Refusing the controls on the way in costs right-to-left text nothing: the Unicode
/// bidirectional algorithm orders Arabic or Hebrew words by itself, and the marks that settle
/// the rare ambiguous case (U+200E, U+200F, U+061C) stay allowed. Only the embeddings,
/// overrides and isolates that reorder whole runs of text are refused.
public enum DisplayText {
    /// Whether `scalar` is an embedding, override or isolate control (U+202A–U+202E,
    /// U+2066–U+2069): the characters that change the order in which text around them shows.
    public static func isReordering(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Whether `scalar` shows nothing: zero-width spaces, joiners and direction marks, the word
    /// joiner and invisible operators, the byte-order mark, the soft hyphen and the reordering
    /// controls. A fixed list rather than a Unicode property, so that every replica drops the
    /// same characters whatever Unicode tables its Swift carries.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00AD, 0x061C, 0x200B...0x200F, 0x2060...0x2064, 0xFEFF: true
        default: isReordering(scalar)
        }
    }

    /// The words as two texts are compared: invisible characters dropped, composed to NFC (an
    /// "é" typed as one character or as "e" and an accent is the same), whitespace collapsed as
    /// ``Anchor/normalized(_:)`` does. ASCII text skips the first two steps: the fold runs
    /// this for every comment.
    public static func comparable(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Anchor.normalized(text) }
        let visible = String(String.UnicodeScalarView(text.unicodeScalars.filter { !isInvisible($0) }))
        return Anchor.normalized(visible.precomposedStringWithCanonicalMapping)
    }

    /// The words as a person is shown them: each reordering control replaced by its code point
    /// in brackets (`[U+202E]`), so that it turns nothing around and the reader sees that it
    /// was there. For every text a replica may have brought, in the portal, the CLI, CSV files
    /// and the published set.
    public static func shown(_ text: String) -> String { replacingReordering(in: text, with: marker) }

    /// JSON text with each reordering control written as its escape (`\u202E`): the same
    /// value to a program that reads it, and no reordered words in a terminal that shows it.
    public static func escapedInJSON(_ json: String) -> String {
        replacingReordering(in: json) { "\\u" + String($0.value, radix: 16, uppercase: true) }
    }

    /// `text` with each reordering control replaced by what `replacement` makes of it.
    private static func replacingReordering(in text: String, with replacement: (Unicode.Scalar) -> String) -> String {
        guard text.unicodeScalars.contains(where: isReordering) else { return text }
        var replaced = ""
        for scalar in text.unicodeScalars {
            if isReordering(scalar) { replaced += replacement(scalar) } else { replaced.unicodeScalars.append(scalar) }
        }
        return replaced
    }

    /// Refuses words about to be recorded that hold a reordering control: every reader would
    /// see them in another order than they were written. `fields` name each text as the
    /// person writing it knows it ("comment text", "reason").
    public static func checkWritten(_ fields: KeyValuePairs<String, String?>) throws {
        for (name, value) in fields {
            guard let control = value?.unicodeScalars.first(where: isReordering) else { continue }
            let what = control.properties.name.map { " (\($0.lowercased()))" } ?? ""
            throw SOPError(
                .invalidArgument,
                "the \(name) contains \(marker(control))\(what), a control character that changes the order in which the words around it are displayed",
                hint: "remove it (text copied from a document can bring it along); right-to-left words display in their order without it")
        }
    }

    /// `[U+202E]`: a control character named so that it shows.
    static func marker(_ scalar: Unicode.Scalar) -> String {
        "[U+" + String(scalar.value, radix: 16, uppercase: true) + "]"
    }
}
