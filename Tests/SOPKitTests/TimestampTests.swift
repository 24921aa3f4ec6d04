import Foundation
import Testing
@testable import SOPKit

@Suite struct TimestampTests {
    /// Written without Calendar, read back the same, and as Foundation's ISO 8601 formatter
    /// writes them, across leap days, century years and the epoch.
    @Test func writesWhatFoundationWrites() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var seconds = -86_400 * 366 * 3
        while seconds < 86_400 * 366 * 140 {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let text = Timestamp.string(date)
            #expect(text == formatter.string(from: date))
            #expect(Timestamp.parse(text) == date)
            seconds += 86_400 * 13 + 3_607
        }
        for text in ["2000-02-29T23:59:59Z", "2100-03-01T00:00:00Z", "1970-01-01T00:00:00Z", "2027-12-31T12:30:05Z"] {
            #expect(Timestamp.string(Timestamp.parse(text)!) == text)
        }
    }
}
