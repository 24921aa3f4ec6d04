import Foundation

/// How long a procedure stays in force before it must be reviewed again: set.yaml's
/// `review-period`, written `2y`, `18m` or `90d`. A review that finds nothing to change moves
/// `review-by` on by it.
public struct ReviewPeriod: Sendable, Equatable, CustomStringConvertible {
    public enum Unit: String, Sendable { case years = "y", months = "m", days = "d" }
    public let count: Int
    public let unit: Unit

    /// Two years, ISO 9001's and most document-control systems' default.
    public static let standard = ReviewPeriod(count: 2, unit: .years)

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// `2y`, `18m`, `90d`: a whole number from 1 to 3650 and its unit.
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let last = trimmed.last, let unit = Unit(rawValue: String(last)), let count = Int(trimmed.dropLast()), (1...3_650).contains(count)
        else { return nil }
        self.init(count: count, unit: unit)
    }

    public var description: String { "\(count)\(unit.rawValue)" }

    /// How many days the period spans from `day`.
    public func days(from day: Day) -> Int { day.days(until: after(day)) }

    /// The day `self` after `day`; the 29th to 31st of a shorter month become its last day.
    public func after(_ day: Day) -> Day {
        switch unit {
        case .days:
            return day.adding(days: count)
        case .months, .years:
            let months = day.month - 1 + (unit == .years ? 12 * count : count)
            let year = day.year + months / 12
            let month = months % 12 + 1
            for last in stride(from: day.day, through: min(day.day, 28), by: -1) {
                if let found = Day(String(format: "%04d-%02d-%02d", year, month, last)) { return found }
            }
            return day
        }
    }
}
