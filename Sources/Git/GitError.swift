import CGit2

/// A failed libgit2 call, with the error class, code and message libgit2 reported.
///
/// `Code` is a struct rather than an enum so that new libgit2 codes never break callers that
/// switch over the ones they care about (`.modified` for a lost compare-and-swap, `.notFound`).
public struct GitError: Error, Sendable, CustomStringConvertible {
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }

        public static let generic = Code(rawValue: GIT_ERROR.rawValue)
        public static let notFound = Code(rawValue: GIT_ENOTFOUND.rawValue)
        public static let exists = Code(rawValue: GIT_EEXISTS.rawValue)
        public static let ambiguous = Code(rawValue: GIT_EAMBIGUOUS.rawValue)
        public static let unbornBranch = Code(rawValue: GIT_EUNBORNBRANCH.rawValue)
        public static let bareRepository = Code(rawValue: GIT_EBAREREPO.rawValue)
        public static let conflict = Code(rawValue: GIT_ECONFLICT.rawValue)
        public static let locked = Code(rawValue: GIT_ELOCKED.rawValue)
        /// The reference moved since it was read: the compare-and-swap lost a race.
        public static let modified = Code(rawValue: GIT_EMODIFIED.rawValue)
        public static let invalidSpec = Code(rawValue: GIT_EINVALIDSPEC.rawValue)
        public static let uncommitted = Code(rawValue: GIT_EUNCOMMITTED.rawValue)
        public static let invalid = Code(rawValue: GIT_EINVALID.rawValue)
    }

    public let code: Code
    /// libgit2's error class (`GIT_ERROR_OS`, `GIT_ERROR_REFERENCE`, …) or 0 when none was set.
    public let errorClass: Int32
    public let message: String
    /// The operation that failed, in words (`open repository at /x`).
    public let operation: String

    public init(code: Code, errorClass: Int32 = 0, message: String, operation: String) {
        self.code = code
        self.errorClass = errorClass
        self.message = message
        self.operation = operation
    }

    public var description: String { "\(operation): \(message)" }

    /// Whether retrying after re-reading the reference can succeed.
    public var isRace: Bool { code == .modified || code == .exists || code == .locked }
}

/// Throws a `GitError` for a negative libgit2 result, reading the thread's last error at once
/// because libgit2 keeps it per thread and the next call may overwrite it.
@discardableResult
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    guard result < 0 else { return result }
    var message = "libgit2 error \(result)"
    var errorClass: Int32 = 0
    if let last = git_error_last(), let text = last.pointee.message {
        message = String(cString: text)
        errorClass = last.pointee.klass
    }
    throw GitError(code: .init(rawValue: result), errorClass: errorClass, message: message, operation: operation())
}

/// Makes sure `git_libgit2_init` ran once in this process before any other call.
enum LibGit2 {
    static let ready: Bool = git_libgit2_init() > 0
}
