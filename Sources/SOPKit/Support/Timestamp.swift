import Foundation

/// UTC instants as events and the CLI write them: `2027-02-01T17:00:00Z`.
public enum Timestamp {
    /// Parses `YYYY-MM-DDTHH:MM[:SS]Z` (UTC only, so a deadline means the same everywhere).
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 17 || bytes.count == 20, bytes.last == UInt8(ascii: "Z"), bytes[10] == UInt8(ascii: "T") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[13] == UInt8(ascii: ":"),
            bytes.count == 17 || bytes[16] == UInt8(ascii: ":"),
            let day = Day(String(decoding: bytes[0..<10], as: UTF8.self)),
            let hour = number(11..<13), let minute = number(14..<16), hour < 24, minute < 60
        else { return nil }
        let second = bytes.count == 20 ? number(17..<19) : 0
        guard let second, second < 60 else { return nil }
        let days = daysFromCivil(day.year, day.month, day.day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm),
    /// so parsing needs no Calendar.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let (year, month, day) = civilFromDays(days)
        let time = seconds - days * 86_400
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(year)
        return String(repeating: "0", count: max(0, 4 - yearText.count)) + yearText + "-" + two(month) + "-" + two(day) + "T"
            + two(time / 3_600) + ":" + two(time % 3_600 / 60) + ":" + two(time % 60) + "Z"
    }

    /// The date of a day number, the inverse of ``daysFromCivil(_:_:_:)``: formatting a time
    /// through Calendar costs more than rendering the page it appears on.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `date` in UTC by a fixed `pattern` (`yyyy-MM-dd HH:mm`), in the POSIX locale: for
    /// machine-shaped dates (a terminal column, a mail header), never a reader's language.
    public static func formatted(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }

    /// The current time, or `SOP_NOW` when set (for reproducible demos and tests of deadlines).
    /// An invalid `SOP_NOW` never gets here from `sop`, which refuses it at start-up
    /// (``fixedNow(_:)``).
    public static func now() -> Date {
        if let fixed = try? fixedNow() { return fixed }
        return Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    }

    /// The time `SOP_NOW` fixes the clock at; nil when it is unset or empty.
    ///
    /// A value that does not parse is an error naming it, not the system clock in silence: a
    /// typo would otherwise record real times and judge real deadlines where a fixed clock was
    /// meant. `sop` asks once, before any command (the portal's included) runs.
    public static func fixedNow(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Date? {
        guard let text = environment["SOP_NOW"], !text.isEmpty else { return nil }
        guard let date = parse(text) else {
            throw SOPError(
                .invalidArgument, "SOP_NOW='\(text)' is not a time in UTC",
                hint: "write it as YYYY-MM-DDTHH:MM[:SS]Z, e.g. SOP_NOW=2027-01-10T12:00Z, or unset it to use the system clock")
        }
        return date
    }
}
