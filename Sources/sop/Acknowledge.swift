import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct AcknowledgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledge",
        abstract: "Acknowledge, for a participant, having read the version of a procedure in force: a signed record in the tag ack/ID/VERSION/CC.",
        discussion: """
            Signs with the participant's registered key (`sop key new --as TT`), bound to the exact
            text that the adoption brought into force. The version is the one in force today, or the
            one adopted next when none is yet; a superseded or withdrawn version is refused. --unit
            records a national unit's reading (a border post, a coast guard station) beside the
            focal point's.

            Examples:  sop acknowledge SOP-004 --as TT
                       sop acknowledge SOP-004 --as TT --unit "Piarco International Airport"
            """)
    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The procedure read.") var procedure: String
    @Option(help: "The version read (default: the one in force today).") var version: String?
    @Option(help: "The national unit that read it, when not the focal point.") var unit: String?
    @Flag(name: .long, help: "Print JSON (keys: tag, procedure, version, set, participant, unit, acknowledged, by, via, account, commit, text).") var json = false

    func run() throws {
        let workspace = try repository.workspace()
        let acknowledgement = try Acknowledgements(Consultation(workspace)).record(
            procedure, version: version, unit: unit, as: try actor.actor(workspace, at: "refs/heads/main"), now: Timestamp.now())
        if json { return try Terminal.json(acknowledgement) }
        Terminal.say(
            "recorded \(acknowledgement.tag): \(acknowledgement.participant)\(acknowledgement.unit.map { " (\($0))" } ?? "") read \(acknowledgement.procedure) \(acknowledgement.version); share it with `sop sync`, check it with `sop verify \(acknowledgement.tag)`")
    }
}

struct AcknowledgementsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acknowledgements",
        abstract: "Show who has acknowledged the versions in force, and who has not by when.",
        discussion: """
            Lists the version of each procedure in force today (and any adopted to take effect
            later) with every member's and territory's standing: acknowledged, outstanding, or
            overdue once the due date (the effective date plus the adoption's period, 30 days by
            default) has passed. An adoption that required no new acknowledgement (an editorial
            change) counts those given for the version before. Only acknowledgements that verify
            count. Exits 0 whatever it finds.

            Examples:  sop acknowledgements
                       sop acknowledgements SOP-004 --overdue --json
            """)
    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "Only this procedure.") var procedure: String?
    @Flag(help: "Only the participants overdue.") var overdue = false
    @Flag(
        name: .long,
        help: "Print JSON (an array; keys: procedure, version, set, effective, since, due, participants: [{participant, name, state, acknowledgement, units}]).")
    var json = false

    func run() throws {
        let today = Day(Timestamp.now())
        let owed = try Acknowledgements(Consultation(try repository.workspace())).owed(procedure, today: today).compactMap { owed -> Acknowledgements.Owed? in
            guard overdue else { return owed }
            return owed.overdue.isEmpty ? nil : owed.keeping(owed.overdue)
        }
        if json { return try Terminal.json(owed) }
        if owed.isEmpty { return Terminal.say(overdue ? "no acknowledgement is overdue" : "no version in force asks for acknowledgement") }
        for item in owed {
            let counts = Dictionary(grouping: item.participants, by: \.state).mapValues(\.count)
            let detail =
                " (set \(item.set), in force from \(item.effective)); due \(item.due)"
                + (item.since == item.version ? "" : ", counting acknowledgements since \(item.since)")
                + (overdue ? "" : ": \(counts[.acknowledged] ?? 0) acknowledged, \(counts[.outstanding] ?? 0) outstanding, \(counts[.overdue] ?? 0) overdue")
            Terminal.say(Terminal.bold("\(item.procedure) \(item.version)") + Styled(detail))
            Terminal.table(
                ["PARTICIPANT", "STATE", "ACKNOWLEDGED", "BY", "UNITS"],
                item.participants.map { standing in
                    [
                        "\(standing.participant) \(standing.name)", standing.state.rawValue,
                        standing.acknowledgement?.acknowledged.map { Day($0).description } ?? "",
                        standing.acknowledgement.map { $0.by + ($0.via == nil ? "" : " (portal)") } ?? "",
                        standing.units.compactMap(\.unit).joined(separator: "; "),
                    ]
                })
        }
    }
}
