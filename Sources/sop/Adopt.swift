import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

extension Day: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}

struct AdoptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Bring an adopted round's revision into force on main and seal the record in the tag set/VERSION.",
        discussion: """
            The approved text goes onto main unchanged (fast-forward or merge commit); only front
            matter changes: status, version and effective date, and 'superseded' on the procedures
            it replaces. Refused when main changed the same sections since the draft left it, while
            a comment of the round has no disposition (--allow-undisposed adopts anyway and the
            sealed record names them), and when the text to be put in force fails lint.

            Adoption cannot be undone. --dry-run prints what would go into force and changes
            nothing. On a terminal, sop adopt prints that preview and asks you to type the version
            to confirm; --yes skips the question. Scripts and pipes are never asked.

            Examples:  sop adopt maritime-2027-1 --version 2027.1 --effective 2027-03-01 --as secretariat --dry-run
                       sop adopt maritime-2027-1 --version 2027.1 --effective 2027-03-01 --as secretariat
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The closed, adopted round.") var round: String
    @Option(help: "The set version (default: YEAR.N, the next free one).") var version: String?
    @Option(help: ArgumentHelp("The day the set comes into force: the adoption day or later.", valueName: "YYYY-MM-DD")) var effective: Day
    @Flag(help: "Adopt although comments have no disposition; the sealed record names them.") var allowUndisposed = false
    @Option(help: ArgumentHelp("How long participants have to acknowledge having read it, from the effective date (default: set.yaml's acknowledgement-period, 30d).", valueName: "PERIOD"))
    var acknowledgeWithin: Period?
    @Flag(help: "An editorial change: participants need not acknowledge it again; their acknowledgements of the version before count.")
    var noAcknowledgement = false
    @Flag(help: "Print what would go into force (with --json: as JSON) and change nothing; exit 1 when adoption would be refused.") var dryRun = false
    @Flag(help: "Adopt without asking for the version on a terminal.") var yes = false

    func validate() throws {
        if output.json, !dryRun { throw ValidationError("--json prints the preview: use it with --dry-run") }
        if noAcknowledgement, acknowledgeWithin != nil { throw ValidationError("--no-acknowledgement asks for none: leave out --acknowledge-within") }
    }

    func run() throws {
        let workspace = try repository.workspace()
        let adoption = Adoption(Consultation(workspace))
        let secretariat = try actor.actor(workspace, at: "refs/heads/main")
        let now = Timestamp.now()
        let terms = noAcknowledgement ? AcknowledgementTerms(required: false, within: .acknowledgement) : acknowledgeWithin.map { AcknowledgementTerms(required: true, within: $0) }
        let asking = !yes && !dryRun && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        var previewed: Adoption.Preview?
        if dryRun || asking {
            let preview = try adoption.preview(
                round, version: version, effective: effective, allowUndisposed: allowUndisposed, acknowledgement: terms, as: secretariat, now: now)
            if dryRun, output.json {
                try Terminal.json(preview)
            } else {
                Self.show(preview)
            }
            if let refusal = preview.refusal { throw refusal }
            if dryRun { return output.json ? () : Terminal.say("dry run: nothing was changed") }
            Terminal.say("Adopt this as \(preview.tag), in force from \(Catalogue.format(date: preview.effective.start, language: "en"))? Type the version to confirm: ", terminator: "")
            fflush(nil)
            let answer = readLine()?.trimmingCharacters(in: .whitespaces) ?? ""
            guard answer == preview.version else {
                throw SOPError(
                    .invalidArgument, "not confirmed: \(answer.isEmpty ? "nothing was typed" : "'\(answer)' is not \(preview.version)"); nothing was adopted",
                    hint: "run it again and type \(preview.version) to adopt, or pass --yes where nobody can be asked")
            }
            previewed = preview
        }
        let result = try adoption.adopt(
            round, version: previewed?.version ?? version, effective: effective, allowUndisposed: allowUndisposed, acknowledgement: terms,
            previewed: previewed?.basis,
            as: secretariat, now: now)
        Terminal.say("adopted \(round) as \(result.tag) on main (\(result.commit.short)); check it with `sop verify \(result.tag)`")
    }

    /// The preview as a person reads it before an irreversible step.
    static func show(_ preview: Adoption.Preview) {
        let outcome = preview.outcome
        Terminal.say(Terminal.bold("Adopting round \(preview.round) (revision \(preview.revision), \(preview.commit.prefix(10))) as \(preview.tag)"))
        Terminal.say("in force from: \(Catalogue.format(date: preview.effective.start, language: "en")) (\(preview.effective))")
        Terminal.say("outcome: \(outcome.result.rawValue) under the \(outcome.rule) rule — \(outcome.summary)")
        Terminal.say("procedures:")
        for procedure in preview.procedures {
            let before = procedure.oldVersion.map { "\($0) (\(procedure.oldStatus ?? "?"))" } ?? "new"
            Terminal.say("  \(procedure.id) \(procedure.title): \(before) → \(procedure.newVersion) (\(procedure.newStatus))")
        }
        Terminal.say("superseded: \(preview.superseded.isEmpty ? "none" : preview.superseded.joined(separator: ", "))")
        Terminal.say("positions: " + (preview.positions.isEmpty ? "none" : preview.positions.map { stated in
            stated.participant + " " + stated.stance.rawValue
                + stated.reservations.map { " (reservation on \($0.sections.joined(separator: ", ")): \"\($0.statement)\")" }.joined()
        }.joined(separator: ", ")))
        let undisposed = Adoption.Preview.listed(preview.undisposed)
        Terminal.say(
            "comments without a disposition: "
                + (preview.undisposed.isEmpty
                    ? "none" : preview.allowUndisposed ? "\(undisposed) (the record will name them: --allow-undisposed)" : "\(undisposed) (adoption is refused while they have none)"))
        Terminal.say("acknowledgement: " + preview.acknowledgement.sentence)
        Terminal.say("lint: " + (preview.lint.isEmpty ? "no problems" : "\(preview.lint.count) problem\(preview.lint.count == 1 ? "" : "s")"))
        for diagnostic in preview.lint { Terminal.say("  \(diagnostic)") }
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
