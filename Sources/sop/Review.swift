import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

extension ReviewVerdict: ExpressibleByArgument {}

extension Period: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Periodic review of the procedures in force: which are due, and the secretariat's signed verdicts.",
        subcommands: [Due.self, RecordReview.self, ListReviews.self])

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "due",
            abstract: "List the procedures in force whose review-by date falls within a window (overdue ones first).",
            discussion: "Example:  sop review due --within 90d")
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "How far ahead to look: days, months or years (90d, 6m, 1y).") var within = Period(count: 90, unit: .days)
        @Flag(name: .long, help: "Print JSON (an array; keys: id, title, version, status, reviewBy, daysLeft, overdue, lastReview).") var json = false

        func run() throws {
            let today = Day(Timestamp.now())
            let due = try Reviews(Consultation(try repository.workspace())).due(within: within.days(from: today), today: today)
            if json { return try Terminal.json(due) }
            if due.isEmpty { return Terminal.say("no procedure in force is due for review within \(within)") }
            Terminal.table(
                ["ID", "VERSION", "REVIEW BY", "DUE", "LAST REVIEW", "TITLE"],
                due.map { item in
                    [
                        item.id, item.version ?? "", item.reviewBy.description,
                        item.overdue ? "overdue by \(-item.daysLeft) d" : "in \(item.daysLeft) d",
                        item.lastReview.map { "\($0.reviewed.map { Day($0).description } ?? "?") \($0.verdict?.rawValue ?? "?")" } ?? "none",
                        item.title,
                    ]
                })
        }
    }

    struct RecordReview: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record the secretariat's signed review of a procedure in force, sealed in the tag review/ID/DATE.",
            discussion: """
                no-change moves review-by on by set.yaml's review-period (default 2y) from today, in a
                commit on main that changes nothing else; revise and withdraw change no text (both
                go through a round) and leave the review due.

                Example:  sop review record SOP-004 --verdict no-change --reason "Checked against the 2027 maritime code" --as secretariat
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The procedure reviewed.") var procedure: String
        @Option(help: "no-change, revise or withdraw.") var verdict: ReviewVerdict
        @Option(help: "Why: what was checked, and against what.") var reason: String
        @Flag(name: .long, help: "Print JSON (keys: tag, procedure, version, verdict, reason, reviewed, reviewByBefore, reviewByAfter, commit, text).") var json = false

        func run() throws {
            let workspace = try repository.workspace()
            let review = try Reviews(Consultation(workspace)).record(
                procedure, verdict: verdict, reason: reason, as: try actor.actor(workspace, at: "refs/heads/main"), now: Timestamp.now())
            if json { return try Terminal.json(review) }
            let next = review.reviewByAfter.map { "; next review by \($0)" } ?? ""
            Terminal.say("recorded \(review.tag): \(review.verdict?.rawValue ?? "") on \(review.procedure) \(review.version ?? "")\(next); check it with `sop verify \(review.tag)`")
        }
    }

    struct ListReviews: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the recorded reviews, oldest first.", discussion: "Example:  sop review list SOP-004")
        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "Only this procedure's reviews.") var procedure: String?
        @Flag(name: .long, help: "Print JSON (an array; keys as `sop review record --json`).") var json = false

        func run() throws {
            let reviews = try Reviews(Consultation(try repository.workspace())).all().filter { procedure == nil || $0.procedure == procedure }
            if json { return try Terminal.json(reviews) }
            if reviews.isEmpty { return Terminal.say("no review recorded") }
            Terminal.table(
                ["TAG", "VERDICT", "REVIEW BY", "REASON"],
                reviews.map { [$0.tag, $0.verdict?.rawValue ?? "?", $0.reviewByAfter?.description ?? "", $0.reason] })
        }
    }
}
