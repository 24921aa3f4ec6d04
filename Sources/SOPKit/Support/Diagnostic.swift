/// One finding of `sop lint`, printed in compiler style so editors can jump to it.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable, Comparable {
        case error, warning, note
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.error, .warning, .note]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var location: Location
    public var severity: Severity
    public var message: String
    /// A short, stable name of the check (`section-id`, `cross-reference`), for scripts.
    public var check: String

    public init(_ severity: Severity, _ message: String, at location: Location, check: String) {
        self.severity = severity
        self.message = message
        self.location = location
        self.check = check
    }

    public var description: String { "\(location): \(severity.rawValue): \(message) [\(check)]" }
}
