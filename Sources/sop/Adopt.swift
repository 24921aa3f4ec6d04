import ArgumentParser
import Foundation
import SOPKit

struct AdoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Bring an adopted round's revision into force on main and seal the record in the tag set/VERSION.",
        discussion: """
            The approved text goes onto main unchanged (fast-forward or merge commit); only front
            matter changes: status, version and effective date, and 'superseded' on the procedures
            it replaces. Refused when main changed the same sections since the draft left it.

            Example:  sop adopt maritime-2027-1 --version 2027.1 --effective 2027-03-01 --as secretariat
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The closed, adopted round.") var round: String
    @Option(help: "The set version (default: YEAR.N, the next free one).") var version: String?
    @Option(help: "The effective date, YYYY-MM-DD (default: today).") var effective: String?

    func run() throws {
        let workspace = try repository.workspace()
        var day: Day?
        if let effective {
            guard let parsed = Day(effective) else { throw SOPError(.invalidArgument, "'\(effective)' is not a date; write YYYY-MM-DD") }
            day = parsed
        }
        let result = try Adoption(Consultation(workspace)).adopt(
            round, version: version, effective: day, as: try actor.actor(workspace, at: "refs/heads/main"), now: Timestamp.now())
        Terminal.say("adopted \(round) as \(result.tag) on main (\(result.commit.short)); check it with `sop verify \(result.tag)`")
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute signatures, positions, outcomes and the approved text from the repository alone.",
        discussion: """
            With no argument, verifies every set/* tag and every round. Exits 1 on any failure.
            Works on a fresh clone with no network and no keys but the public ones in set.yaml.

            Examples:  sop verify set/2027.1
                       sop verify maritime-2027-1
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "set/VERSION or a round ID.") var target: String?

    func run() throws {
        let verification = Verification(try repository.workspace())
        let reports = try target.map { [try verification.target($0)] } ?? verification.all()
        if output.json {
            try Terminal.json(reports)
        } else {
            if reports.isEmpty { Terminal.say("nothing to verify: no set/* tags and no rounds") }
            for report in reports {
                Terminal.say("\(report.target): \(report.ok ? "verified" : "FAILED")")
                for check in report.checks { Terminal.say("  \(check.ok ? "✓" : "✗") \(check.what)") }
            }
        }
        if !reports.allSatisfy(\.ok) { throw ExitCode(1) }
    }
}
