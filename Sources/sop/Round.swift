import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct RoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "round",
        abstract: "Consultation rounds: the secretariat opens, revises, extends, pauses and closes them.",
        discussion: """
            Example:  sop round open maritime-2027 --participants all --closes 2027-02-01T17:00Z --as secretariat
                      sop round status maritime-2027-1
            """,
        subcommands: [Open.self, ListRounds.self, Status.self, Log.self, Revise.self, Extend.self, Pause.self, Resume.self, Close.self, Checkpoint.self])

    struct Open: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "open",
            abstract: "Open a round on a draft's current head (revision 1) and print its ID.",
            discussion: "Example:  sop round open maritime-2027 --participants BZ,TT,JM --closes 2027-02-01T17:00Z --rule silence --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The draft's name (the branch draft/NAME).") var draft: String
        @Option(help: "'all', or participant codes separated by commas.") var participants: String = "all"
        @Option(help: "Closing time in UTC, e.g. 2027-02-01T17:00Z.") var closes: String
        @Option(help: "consensus, silence, majority or qualified (default: set.yaml's default-rule).") var rule: String?
        @Option(help: "A title for the round.") var title: String?

        func run() throws {
            let workspace = try repository.workspace()
            let deadline = try parseTimestamp(closes)
            var decision: DecisionRule?
            if let rule {
                guard let parsed = DecisionRule(rawValue: rule) else {
                    throw SOPError(.invalidArgument, "unknown rule '\(rule)'; use consensus, silence, majority or qualified")
                }
                decision = parsed
            }
            let round = try Consultation(workspace).open(
                draft: draft, invitation: .init(participants), closes: deadline, rule: decision, title: title,
                as: try actor.actor(workspace, at: "refs/heads/draft/\(draft)"), now: Timestamp.now())
            Terminal.say(round.id)
        }
    }

    struct ListRounds: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the rounds.", discussion: "Example:  sop round list --json")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let consultation = Consultation(try repository.workspace())
            let now = Timestamp.now()
            let reports = try consultation.log.rounds().map { RoundReport($0, set: $0.registry?.set, now: now) }
            Terminal.warn(unreadable: consultation.log.unreadableRounds)
            if output.json { return try Terminal.json(reports) }
            if reports.isEmpty { return Terminal.say("no rounds; the secretariat opens one with `sop round open DRAFT`") }
            Terminal.table(
                ["ROUND", "DRAFT", "REV", "STATE", "CLOSES (UTC)", "COMMENTS", "OPEN"],
                reports.map {
                    [$0.id, $0.draft, String($0.revision), $0.state, Timestamp.string($0.effectiveCloses), String($0.comments), String($0.byState["open"] ?? 0)]
                })
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Who has responded, comments by type and state, open blocking comments, days left.",
            discussion: "Example:  sop round status maritime-2027-1 --json")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The round's ID.") var round: String

        func run() throws {
            let consultation = Consultation(try repository.workspace())
            let head = try consultation.log.head(of: round)
            let state = try consultation.log.round(round, at: head)
            let unreadable = try consultation.log.load(head, round: round).malformed.count
            var report = RoundReport(state, set: state.registry?.set, now: Timestamp.now(), unreadable: unreadable)
            let text = try RevisionText(workspace: consultation.workspace, commit: state.revision.commit, scope: state.procedures)
            report.languageVersions = try text.translationEntries(in: consultation.workspace.repository)
            if output.json { return try Terminal.json(report) }
            Terminal.say(Terminal.bold("\(report.id): \(report.title)"))
            Terminal.say("  draft/\(report.draft), revision \(report.revision) (\(report.commit.prefix(10))), rule \(report.rule)")
            let deadline = Timestamp.string(report.effectiveCloses)
            switch report.state {
            case "closed": Terminal.say("  closed \(report.closed.map(Timestamp.string) ?? "")")
            case "paused": Terminal.say("  PAUSED (the clock is stopped); closes \(deadline) if resumed now")
            default:
                if report.deadlinePassed {
                    Terminal.say("  deadline passed at \(deadline): no more comments are taken; the secretariat closes the round")
                } else {
                    Terminal.say("  open; closes \(deadline), \(report.daysLeft) day\(report.daysLeft == 1 ? "" : "s") left")
                }
            }
            Terminal.say("  comments: \(report.comments) (ge \(report.byType["ge"] ?? 0), te \(report.byType["te"] ?? 0), ed \(report.byType["ed"] ?? 0)); "
                + ["open", "accepted", "modified", "rejected", "noted"].map { "\($0) \(report.byState[$0] ?? 0)" }.joined(separator: ", "))
            for blocking in report.openBlocking {
                Terminal.say("  blocking: \(blocking.number) from \(blocking.participant) on \(blocking.anchor) (\(blocking.state == "open" ? "not disposed of" : "disposed, not cleared"))")
            }
            if report.refusedEvents > 0 { Terminal.say("  \(report.refusedEvents) event(s) in the record were refused by the rules") }
            if report.unreadableEvents > 0 { Terminal.say("  \(report.unreadableEvents) event file(s) cannot be read (changed after they were written); run `sop verify \(report.id)`") }
            for version in report.languageVersions ?? [] {
                let behind = version.sections.map(\.id)
                let standing = version.state == .behind ? "\(behind.count) section\(behind.count == 1 ? "" : "s") behind (\(behind.joined(separator: ", ")))" : version.state.rawValue
                Terminal.say("  \(version.language) version of \(version.procedure): \(version.status?.rawValue ?? "no status"), \(standing)")
            }
            Terminal.say("  outcome (\(report.outcome.rule)): \(report.outcome.result.rawValue) — \(report.outcome.summary)")
            Terminal.say("")
            Terminal.table(
                ["", "PARTICIPANT", "KIND", "COMMENTS", "POSITION"],
                report.participants.map {
                    let reserved = $0.reservations.isEmpty ? "" : " (reserves \($0.reservations.flatMap(\.sections).joined(separator: ", ")))"
                    return [$0.commented ? "✓" : "·", "\($0.code) \($0.name)", $0.kind, String($0.comments), ($0.position ?? "—") + reserved]
                })
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "Every event of the round in order: who did what, when, through which channel; refused ones marked.",
            discussion: "Example:  sop round log maritime-2027-1 --participant TT --json")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "Only what this participant (a code, or secretariat) did.") var participant: String?

        func run() throws {
            let log = try Consultation(try repository.workspace()).log.activity(round)
            let entries = try participant.map(log.entries(of:)) ?? log.entries
            if output.json { return try Terminal.json(entries) }
            Terminal.table(
                ["WHEN (UTC)", "CLOCK", "WHO", "CHANNEL", "WHAT"],
                entries.map { entry in
                    [Terminal.date(entry.at) + "Z", "#\(entry.clock)", entry.participant, entry.channel.rawValue,
                        entry.summary + (entry.refused.map { " — REFUSED: \($0.reason)" } ?? "")]
                })
        }
    }

    struct Revise: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revise",
            abstract: "Consult on the draft's new head as the next revision.",
            discussion: "Example:  sop round revise maritime-2027-1 --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String

        func run() throws {
            let workspace = try repository.workspace()
            let revised = try Consultation(workspace).revise(round, as: try actor.actor(workspace), now: Timestamp.now())
            let text = try RevisionText(workspace: workspace, commit: revised.revision.commit, scope: revised.procedures)
            let unplaced = revised.comments.filter { !text.isPlaced($0) }
            Terminal.say("\(revised.id) is now at revision \(revised.revision.number) (\(revised.revision.commit.prefix(10)))")
            Terminal.say("\(revised.comments.count - unplaced.count) comment(s) placed on the new text, \(unplaced.count) unplaced")
            Terminal.say("\(revised.currentPositions.count) position(s) carried over, \(revised.stalePositions.count) stale until stated again")
        }
    }

    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "extend", abstract: "Move the closing time.", discussion: "Example:  sop round extend maritime-2027-1 --closes 2027-03-01T17:00Z --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "New closing time in UTC.") var closes: String

        func run() throws {
            let workspace = try repository.workspace()
            let deadline = try parseTimestamp(closes)
            let extended = try Consultation(workspace).extend(round, closes: deadline, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(extended.id) now closes \(Timestamp.string(extended.closes))")
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop the clock (a declared emergency).", discussion: "Example:  sop round pause maritime-2027-1 --reason \"Hurricane warning\" --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "Why the round is paused.") var reason: String

        func run() throws {
            let workspace = try repository.workspace()
            let paused = try Consultation(workspace).pause(round, reason: reason, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(paused.id) is paused; the clock is stopped")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "resume", abstract: "Start the clock again after a pause.", discussion: "Example:  sop round resume maritime-2027-1 --reason \"Warning lifted\" --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "Why the round resumes.") var reason: String

        func run() throws {
            let workspace = try repository.workspace()
            let resumed = try Consultation(workspace).resume(round, reason: reason, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(resumed.id) resumed; it now closes \(Timestamp.string(resumed.effectiveCloses(now: Timestamp.now())))")
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "close", abstract: "Close the round.", discussion: "Example:  sop round close maritime-2027-1 --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let closed = try consultation.close(round, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(closed.id) is closed with \(closed.comments.count) comment(s), \(closed.undisposed().count) not disposed of")
            Terminal.say("outcome: \(closed.recordedOutcome?["result"]?.string ?? "?") — \(closed.recordedOutcome?["summary"]?.string ?? "")")
        }
    }
}

extension RoundCommand {
    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign a checkpoint of the round: every event it holds keeps counting, whatever key is revoked later.",
            discussion: """
                Run it before a participant rotates or revokes its own key, and after syncing: a checkpoint made on a \
                clone that has not seen a revocation yet would vouch for what the revoked key signed after it.
                Example:  sop round checkpoint maritime-2027-1 --as secretariat
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String

        func run() throws {
            let workspace = try repository.workspace()
            let state = try Consultation(workspace).checkpoint(round, as: try actor.actor(workspace), now: Timestamp.now(), always: true)
            Terminal.say("\(state.id): checkpointed \(state.applied.count) event(s)")
        }
    }
}

func parseTimestamp(_ text: String) throws -> Date {
    guard let date = Timestamp.parse(text) else {
        throw SOPError(.invalidArgument, "'\(text)' is not a UTC time", hint: "write it as 2027-02-01T17:00Z")
    }
    return date
}
