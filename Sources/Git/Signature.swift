import CGit2
import Foundation

/// Who made a commit and when, as git records it.
public struct Signature: Sendable, Equatable, Codable {
    public var name: String
    public var email: String
    public var date: Date
    /// Minutes east of UTC.
    public var offsetMinutes: Int

    public init(name: String, email: String, date: Date = Date(), offsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.date = date
        self.offsetMinutes = offsetMinutes
    }

    init(_ sig: UnsafePointer<git_signature>) {
        name = String(cString: sig.pointee.name)
        email = String(cString: sig.pointee.email)
        date = Date(timeIntervalSince1970: TimeInterval(sig.pointee.when.time))
        offsetMinutes = Int(sig.pointee.when.offset)
    }

    /// A libgit2 signature that lives for the duration of `body`.
    func withGitSignature<T>(_ body: (UnsafeMutablePointer<git_signature>) throws -> T) throws -> T {
        var sig: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&sig, name, email, git_time_t(date.timeIntervalSince1970), Int32(offsetMinutes)),
            "make signature for \(name) <\(email)>")
        defer { git_signature_free(sig) }
        return try body(sig!)
    }
}
