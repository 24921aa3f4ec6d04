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
            With no argument, verifies the key registry, every set/* tag and every round. Exits 1 on
            any failure. Works offline with no private keys: every key is checked against the signed
            key registry from its root (a set/* tag carries the registry it was sealed under, and
            today's registry says whether its sealing key was revoked since). On a plain git clone,
            first run `git fetch origin 'refs/sop/*:refs/sop/*'`, and pass --root with the root ID
            the secretariat published: a clone that never synced trusts no root.

            Examples:  sop verify set/2027.1
                       sop verify maritime-2027-1
                       sop verify registry --root 3f9a0c…
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "registry, set/VERSION or a round ID.") var target: String?
    @Option(help: "The root fingerprint (at least 16 hex digits) the registry must start from.") var root: String?

    func run() throws {
        let verification = Verification(try repository.workspace())
        if let root, root.count < 16 || !root.allSatisfy(\.isHexDigit) {
            throw SOPError(.invalidArgument, "'\(root)' is not a root fingerprint", hint: "give at least 16 hex digits, as `sop key list` prints them")
        }
        let reports = try target.map { [try verification.target($0, root: root)] } ?? verification.all(root: root)
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
