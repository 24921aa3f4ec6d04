import Foundation

/// The time zone a country keeps, from the system's time zone database (`zone.tab` of
/// Debian's tzdata), so that an official sees a deadline in their own time without setting
/// anything. Only a country with one zone has an answer: for one with several, which is
/// theirs is the account's to say.
public enum CountryTimeZone {
    /// The zone of an ISO 3166 country code (`TT` → America/Port_of_Spain), or nil.
    public static func zone(of country: String) -> TimeZone? {
        guard let identifiers = table[country.uppercased()], identifiers.count == 1 else { return nil }
        return TimeZone(identifier: identifiers[0])
    }

    /// Whether `identifier` names a zone of the database (`America/Port_of_Spain`).
    public static func isZone(_ identifier: String) -> Bool {
        identifier.contains("/") && TimeZone(identifier: identifier) != nil
    }

    private static let table: [String: [String]] = {
        guard let text = try? String(contentsOfFile: "/usr/share/zoneinfo/zone.tab", encoding: .utf8) else { return [:] }
        var table: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            if fields.count >= 3 { table[String(fields[0]), default: []].append(String(fields[2])) }
        }
        return table
    }()
}
