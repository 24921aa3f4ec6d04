import ArgumentParser
import SOPCommandLine
import SOPKit

struct PositionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "position",
        abstract: "State your country's position on the round's current revision (signed with your key).",
        discussion: """
            The position names the revision and the fingerprints of its sections; a revision that
            changes words makes it stale until it is stated again. The last position counts.
            With --revision N (the revision you read, as `sop round status` shows it), nothing
            is recorded if the secretariat has put up another revision since.

            Examples:  sop position maritime-2027-1 --as TT approve
                       sop position maritime-2027-1 --as JM object --reason "5.1 is not achievable at night"
                       sop position maritime-2027-1 --as BZ approve --reserve SOP-004#boarding --statement "Belize applies 5.4 subject to its Maritime Areas Act"
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var actor: ActorOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "The round's ID.") var round: String
    @Argument(help: "approve, approve-with-comments, object or abstain.") var stance: String
    @Option(help: "Why (required to object).") var reason: String?
    @Option(parsing: .upToNextOption, help: "Sections you do not join (ID or PROCEDURE#ID).") var reserve: [String] = []
    @Option(help: "The statement published as a footnote to the reserved sections.") var statement: String?
    @Option(help: "The revision you read: refuse if the round has moved on since.") var revision: Int?

    func run() throws {
        guard let parsed = Position.Stance(rawValue: stance) else {
            throw SOPError(.invalidArgument, "unknown position '\(stance)'; use approve, approve-with-comments, object or abstain")
        }
        let workspace = try repository.workspace()
        let consultation = Consultation(workspace)
        let state = try consultation.log.round(round)
        let seen = try revision.map { number -> SeenText in
            guard number >= 1, number <= state.revisions.count else {
                throw SOPError(.invalidArgument, "round \(round) has no revision \(number) (it is at revision \(state.revision.number))")
            }
            let read = state.revisions[number - 1].commit
            return SeenText(try RevisionText(workspace: workspace, commit: read, scope: state.procedures))
        }
        let position = try consultation.state(
            parsed, round: round, reason: reason, reservations: reserve, statement: statement,
            as: try actor.actor(workspace, at: state.revision.commit), now: Timestamp.now(), seen: seen)
        if output.json { return try Terminal.json(position) }
        Terminal.say("\(position.participant): \(position.stance.rawValue) on revision \(position.revision) of \(round) (signed with \(position.key.prefix(20))…)")
    }
}
