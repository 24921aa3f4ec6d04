import Foundation

/// UTC instants as events and the CLI write them: `2027-02-01T17:00:00Z`.
public enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]Z` (UTC only, so a deadline means the same everywhere).
    public static func parse(_ text: String) -> Date? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$"#
        guard let match = text.range(of: pattern, options: .regularExpression), match == text.startIndex..<text.endIndex else {
            return nil
        }
        let digits = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 5, let day = Day(String(text.prefix(10))),
            (0...23).contains(digits[3]), (0...59).contains(digits[4]), digits.count == 5 || (0...59).contains(digits[5])
        else { return nil }
        var components = DateComponents()
        components.timeZone = TimeZone(identifier: "UTC")
        (components.year, components.month, components.day) = (day.year, day.month, day.day)
        (components.hour, components.minute, components.second) = (digits[3], digits[4], digits.count > 5 ? digits[5] : 0)
        return calendar.date(from: components)
    }

    public static func string(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
            parts.second!)
    }

    /// The current time, or `SOP_NOW` when set (for reproducible demos and tests of deadlines).
    public static func now() -> Date {
        if let fixed = ProcessInfo.processInfo.environment["SOP_NOW"], let date = parse(fixed) { return date }
        return Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
