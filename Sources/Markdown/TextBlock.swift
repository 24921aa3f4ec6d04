/// A paragraph or a table cell: the words a reader sees in it and where it starts.
///
/// Lets a check find sentences whatever their line wrapping or inline markup (a template's
/// instructions are italic; a drafter may drop the italics and keep the words).
public struct TextBlock: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case paragraph, tableCell }

    public let kind: Kind
    /// Its inline text, soft and hard breaks as spaces (as a heading's text is read).
    public let text: String
    /// Whether all of it is one emphasis (`*Describe the first stage.*`), as a template writes
    /// the words it means to be replaced.
    public let isEmphasized: Bool
    public let line: Int
    public let column: Int
}
