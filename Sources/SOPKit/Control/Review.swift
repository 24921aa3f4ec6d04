import Foundation

/// What a periodic review of a procedure in force found.
public enum ReviewVerdict: String, Sendable, CaseIterable, Codable {
    /// Still right as it stands: `review-by` moves on by the set's review period.
    case noChange = "no-change"
    /// A revision is needed: it goes through a round; `review-by` stays, so the review stays due.
    case revise
    /// It should be withdrawn: that too is the members' decision in a round.
    case withdraw
}

/// One periodic review, as its sealed record in the annotated tag `review/<ID>/<YYYY-MM-DD>`
/// says: the secretariat's signed verdict on the exact text in force that day.
public struct Review: Sendable, Codable {
    /// Tags of reviews live here, beside the `set/` tags of adoptions.
    public static let tagPrefix = "review/"

    public let tag: String
    public let procedure: String
    public let version: String?
    public let verdict: ReviewVerdict?
    public let reason: String
    public let reviewed: Date?
    /// `review-by` before the review, and after it (moved on only by `no-change`).
    public let reviewByBefore: Day?
    public let reviewByAfter: Day?
    /// The commit whose text was reviewed (for `no-change`, the one that moved `review-by`).
    public let commit: String
    /// The Git blob of the procedure's file in that commit: the exact text reviewed.
    public let text: String

    public init(tag: String, record: Record) {
        self.tag = tag
        procedure = record.body["procedure"]?.string ?? ""
        version = record.body["procedure-version"]?.string
        verdict = record.body["verdict"]?.string.flatMap(ReviewVerdict.init(rawValue:))
        reason = record.body["reason"]?.string ?? ""
        reviewed = record.body["reviewed"]?.string.flatMap(Timestamp.parse)
        reviewByBefore = record.body["review-by"]?["before"]?.string.flatMap(Day.init)
        reviewByAfter = record.body["review-by"]?["after"]?.string.flatMap(Day.init)
        commit = record.body["commit"]?.string ?? ""
        text = record.body["text"]?.string ?? ""
    }
}
