import Testing
@testable import SOPKit

/// The next review day: a year or a month on keeps the day of the month, or takes the last
/// day of a shorter month, as calendars do.
@Suite struct ReviewPeriodTests {
    @Test(arguments: [
        ("2y", "2027-11-01", "2029-11-01"), ("2y", "2028-02-29", "2030-02-28"), ("1m", "2027-01-31", "2027-02-28"),
        ("18m", "2027-08-31", "2029-02-28"), ("90d", "2027-12-15", "2028-03-14"), ("12m", "2027-12-31", "2028-12-31"),
    ])
    func theNextReviewDay(_ period: String, _ from: String, _ expected: String) throws {
        let period = try #require(Period(period))
        #expect(period.after(try #require(Day(from))).description == expected)
    }

    @Test(arguments: ["", "2", "y", "0y", "-1m", "2w", "3651d", "two years"])
    func whatIsNoPeriod(_ text: String) {
        #expect(Period(text) == nil)
    }
}
