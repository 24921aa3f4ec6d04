/// A top-level heading and the source lines that belong to it.
public struct Section: Sendable, Equatable {
    public let heading: Heading
    /// The heading line up to the line before the next heading of any level.
    public let lines: ClosedRange<Int>
    /// The heading line up to the line before the next heading of the same or a higher level,
    /// so it takes in the subsections.
    public let subtree: ClosedRange<Int>
    /// The source of `lines`, heading included.
    public let text: String
}

/// A link or image in a document, with where it was written.
public struct Link: Sendable, Equatable {
    public let destination: String
    public let isImage: Bool
    public let line: Int
    public let column: Int
}
