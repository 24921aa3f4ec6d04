/// Why the rules refuse an event: the one answer the fold, the CLI, sync, the portal and
/// `sop verify` all get from ``Round/violation(_:)``.
///
/// `Code` is an open set of constants, so a new kind of refusal never breaks a caller that
/// maps the ones it knows (the portal answers 403 for `.notAllowed`, 409 for `.notNow` and
/// `.duplicate`, 413 for `.overLimit`, 400 for the rest).
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The writer may not say this: wrong participant, not invited, an observer, a
        /// signature that does not count.
        public static let notAllowed = Code(rawValue: "not-allowed")
        /// Not in the round's present state: closed, paused, not opened, a stale revision.
        public static let notNow = Code(rawValue: "not-now")
        /// Already recorded.
        public static let duplicate = Code(rawValue: "duplicate")
        /// The event itself is wrong: a missing or malformed field, an unknown target, too long.
        public static let malformed = Code(rawValue: "malformed")
        /// Beyond what the set's `limits:` allow one participant in a round.
        public static let overLimit = Code(rawValue: "over-limit")
    }

    public let code: Code
    /// What was wrong, in words an official can act on.
    public let reason: String

    public init(_ code: Code, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { reason }
}

extension SOPError {
    /// The rules' refusal as the error a command or the portal reports.
    public init(_ refusal: Refusal) {
        switch refusal.code {
        case .notAllowed: self.init(.forbidden, refusal.reason)
        case .notNow, .duplicate: self.init(.conflict, refusal.reason)
        case .overLimit: self.init(.tooLarge, refusal.reason)
        default: self.init(.invalidArgument, refusal.reason)
        }
    }
}
