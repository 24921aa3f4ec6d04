import Foundation
import SOPKit

/// The portal's catalogue in the language of one request: what its pages and refusals say,
/// and how they write dates and numbers.
struct Words: Sendable {
    let catalogue: Catalogue
    let language: String
    /// The reader's clock, when known: dates then give its time beside UTC.
    var zone: TimeZone? = nil

    /// The text of `key` with its placeholders filled.
    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalogue.text(key, language, values) }

    /// A refusal's words, with their values.
    func text(_ message: PortalError.Message) -> String { catalogue.text(message.key, language, message.values) }

    /// A moment in UTC, saying so: "1 February 2027 at 17:00 UTC".
    func dateTime(_ date: Date) -> String { Catalogue.format(dateTime: date, language: language) }

    /// A deadline, in UTC and on the reader's clock when it is another: "1 February 2027 at
    /// 17:00 UTC (13:00 Atlantic Standard Time)", so an official in Belize or Port-au-Prince
    /// does not have to work out when a round closes for them.
    func deadline(_ date: Date) -> String {
        let utc = Catalogue.format(dateTime: date, language: language)
        guard let zone, zone.secondsFromGMT(for: date) != 0 else { return utc }
        let name = zone.localizedName(for: .generic, locale: Catalogue.locale(language)) ?? zone.identifier
        return text("time.local", ["utc": utc, "local": Catalogue.format(localTime: date, language: language, zone: zone), "zone": name])
    }

    /// The name of a language in this one ("anglais" for `en` in French), from CLDR.
    func languageName(_ code: String) -> String { Locale(identifier: language).localizedString(forLanguageCode: code) ?? code }

    /// A count with the language's grouping of digits.
    func number(_ number: Int) -> String { Catalogue.format(number: number, language: language) }

    /// The singular or plural text of a count (`one` for 1, `many` otherwise), with `{count}`
    /// written in the language's digits.
    func count(_ number: Int, one: String, many: String, _ values: [String: String] = [:]) -> String {
        text(number == 1 ? one : many, values.merging(["count": self.number(number)]) { _, new in new })
    }
}
