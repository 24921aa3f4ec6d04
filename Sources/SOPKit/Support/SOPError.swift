import Foundation

/// What went wrong, where, and what to do about it.
///
/// `Code` is an open set of string constants so that new failures never break callers that
/// check the ones they know.
public struct SOPError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let notAWorkspace = Code(rawValue: "not-a-workspace")
        public static let notFound = Code(rawValue: "not-found")
        public static let invalidArgument = Code(rawValue: "invalid-argument")
        public static let invalidFile = Code(rawValue: "invalid-file")
        public static let tooLarge = Code(rawValue: "too-large")
        public static let outsideWorkspace = Code(rawValue: "outside-workspace")
        public static let nothingToSave = Code(rawValue: "nothing-to-save")
        public static let conflict = Code(rawValue: "conflict")
        /// The text the writer read is no longer the round's: a new revision came in between.
        public static let textChanged = Code(rawValue: "text-changed")
        /// The writer may not do this (another participant's name, a signature that does not count).
        public static let forbidden = Code(rawValue: "forbidden")
        public static let exists = Code(rawValue: "exists")
        public static let lintFailed = Code(rawValue: "lint-failed")
        public static let git = Code(rawValue: "git")
        public static let io = Code(rawValue: "io")
    }

    public var code: Code
    public var message: String
    /// `file:line:column`, when the problem is inside a file.
    public var location: Location?
    /// What the user can do next.
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: Location? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    public var description: String {
        var text = location.map { "\($0): error: \(message)" } ?? "error: \(message)"
        if let hint { text += "\nhint: \(hint)" }
        return text
    }
}

/// A place in a workspace file, printed the way compilers do (`Procedures/SOP-003.md:41:5`).
public struct Location: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var path: String
    public var line: Int?
    public var column: Int?

    public init(_ path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public var description: String {
        switch (line, column) {
        case let (line?, column?): return "\(path):\(line):\(column)"
        case let (line?, nil): return "\(path):\(line)"
        default: return path
        }
    }

    public static func < (a: Location, b: Location) -> Bool {
        (a.path, a.line ?? 0, a.column ?? 0) < (b.path, b.line ?? 0, b.column ?? 0)
    }
}
