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

    /// A refusal an official can meet in the portal, named for the front ends that speak
    /// other languages than the library's English: they look up `key` in their own catalogue
    /// (`refusal.<key>`) and fill its placeholders from `values`.
    public struct Reason: Sendable, Equatable {
        public struct Key: RawRepresentable, Hashable, Sendable {
            public let rawValue: String
            public init(rawValue: String) { self.rawValue = rawValue }

            public static let emptyComment = Key(rawValue: "emptyComment")
            public static let emptyReply = Key(rawValue: "emptyReply")
            /// `quote` (as typed, shortened), `section` (`SOP-004#detection`).
            public static let quoteNotFound = Key(rawValue: "quoteNotFound")
            /// `count` (its characters), `maximum`.
            public static let quoteTooLong = Key(rawValue: "quoteTooLong")
            public static let objectionNeedsReasons = Key(rawValue: "objectionNeedsReasons")
            public static let statementNeedsReservation = Key(rawValue: "statementNeedsReservation")
            public static let reservationNeedsStatement = Key(rawValue: "reservationNeedsStatement")
            public static let rejectionNeedsReason = Key(rawValue: "rejectionNeedsReason")
            /// `round`.
            public static let roundClosed = Key(rawValue: "roundClosed")
            /// `round`, `reason` (the secretariat's words).
            public static let roundPaused = Key(rawValue: "roundPaused")

            /// `number`: a comment without quoted words or a proposed change, applied.
            public static let notASuggestion = Key(rawValue: "notASuggestion")
            /// `number`, `quote`: its words are no longer in the draft's section.
            public static let suggestionNotFound = Key(rawValue: "suggestionNotFound")
            /// `number`, `quote`: its words are in the draft's section more than once.
            public static let suggestionAmbiguous = Key(rawValue: "suggestionAmbiguous")
            /// `first`, `second`: two suggestions on the same words.
            public static let suggestionsOverlap = Key(rawValue: "suggestionsOverlap")
            /// `number`: proposed words over several lines, or that would change headings or front matter.
            public static let suggestionChangesStructure = Key(rawValue: "suggestionChangesStructure")
            /// `number`, `commit`: a suggestion applied already.
            public static let suggestionApplied = Key(rawValue: "suggestionApplied")

            /// `effective`, `today`: an adoption dated to come into force before it was made.
            public static let effectiveBeforeAdoption = Key(rawValue: "effectiveBeforeAdoption")
            /// `round`: main or the round moved between the preview and its confirmation.
            public static let previewChanged = Key(rawValue: "previewChanged")

            /// Every key, for the test that each front end's catalogue has them all.
            public static let all: [Key] = [
                .emptyComment, .emptyReply, .quoteNotFound, .quoteTooLong, .objectionNeedsReasons, .statementNeedsReservation,
                .reservationNeedsStatement, .rejectionNeedsReason, .roundClosed, .roundPaused, .notASuggestion, .suggestionNotFound,
                .suggestionAmbiguous, .suggestionsOverlap, .suggestionChangesStructure, .suggestionApplied, .effectiveBeforeAdoption, .previewChanged,
            ]
        }

        public let key: Key
        public let values: [String: String]

        public init(_ key: Key, _ values: [String: String] = [:]) {
            self.key = key
            self.values = values
        }
    }

    public var code: Code
    public var message: String
    /// The refusal by name, where an official may meet it.
    public var reason: Reason?
    /// `file:line:column`, when the problem is inside a file.
    public var location: Location?
    /// What the user can do next.
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: Location? = nil, hint: String? = nil, reason: Reason? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
        self.reason = reason
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
