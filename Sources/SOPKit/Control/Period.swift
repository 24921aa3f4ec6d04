import Foundation

/// A span of years, months or days as set.yaml and the command line write it: `2y`, `18m`,
/// `30d`. set.yaml's `review-period` (how long a procedure stays in force before its next
/// review) and `acknowledgement-period` (how long participants have to acknowledge a version
/// that took effect) are periods.
public struct Period: Sendable, Equatable, CustomStringConvertible, Codable {
    public enum Unit: String, Sendable { case years = "y", months = "m", days = "d" }
    public let count: Int
    public let unit: Unit

    /// Two years between reviews, ISO 9001's and most document-control systems' default.
    public static let standard = Period(count: 2, unit: .years)
    /// Thirty days to acknowledge a version once it takes effect.
    public static let acknowledgement = Period(count: 30, unit: .days)

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

    /// JSON writes a period as set.yaml does: `"30d"`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = Period(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "'\(text)' is not a period such as 2y, 18m or 30d"))
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

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
