import Foundation
import Git

/// One version of a procedure as an adopted set brought it into force, and how its time in
/// force ended (as far as the sets adopted by then say).
public struct ProcedureVersion: Sendable, Equatable {
    /// How a version stopped being in force.
    public enum End: Sendable, Equatable {
        /// A later set changed the procedure: `version` took effect that day.
        case replaced(on: Day, by: String)
        /// A later set adopted another procedure that supersedes it.
        case superseded(on: Day, by: [String])
        /// A later set no longer holds the procedure.
        case withdrawn(on: Day)

        public var day: Day {
            switch self {
            case .replaced(let day, _), .superseded(let day, _), .withdrawn(let day): return day
            }
        }
    }

    /// Where a version stands on a given day.
    public enum Currency: Sendable, Equatable {
        case inForce(since: Day)
        case pending(from: Day)
        case ended(End)
    }

    public let procedure: String
    /// The procedure's own version (`1.1`), or the set's when the record names none.
    public let version: String
    /// The set that adopted it: `2027.1`, tagged `set/2027.1` on `commit`.
    public let set: String
    public let commit: ObjectID
    /// The procedure's file in that set's tree (nil when the set does not hold it).
    public let path: String?
    public let adopted: Day
    public let effective: Day
    public internal(set) var end: End?

    public var tag: String { "set/" + set }

    /// The day before `end`: the last day the version was in force.
    public var lastDay: Day? {
        end.map { $0.day.adding(days: -1) }
    }

    /// In force on `day` (effective that day or before, not yet ended), not yet in force, or ended.
    public func currency(on day: Day) -> Currency {
        if day < effective { return .pending(from: effective) }
        if let end, end.day <= day { return .ended(end) }
        return .inForce(since: effective)
    }
}

/// The text in force on a day, from the `set/*` tags alone: which version of each procedure
/// applied, and which versions were adopted but had not yet taken effect.
///
/// A version takes effect on its effective date (inclusive) and stays in force until the
/// effective date of the next version of the same procedure, of a procedure that supersedes
/// it, or of the first set that no longer holds it (a withdrawal). Only sets adopted by the
/// day count: what a later set decided was not yet known then.
public struct InForce: Sendable {
    public let day: Day
    /// Every version of each procedure adopted by `day`, oldest first, by procedure ID.
    public let versions: [String: [ProcedureVersion]]
    /// The sets adopted by `day`, oldest first.
    let sets: [PublishedVersion]
    /// Every set that verifies, later ones included (to say when the first took effect).
    let published: [PublishedVersion]

    /// The version of each procedure in force on the day.
    public var inForce: [String: ProcedureVersion] {
        versions.compactMapValues { chain in chain.last { if case .inForce = $0.currency(on: day) { true } else { false } } }
    }

    /// Versions adopted by the day that had not yet taken effect, by procedure and set order.
    public var pending: [ProcedureVersion] {
        versions.keys.sorted().flatMap { id in versions[id, default: []].filter { $0.effective > day } }
    }

    /// The newest set whose procedures, and those of every set before it, were all in force
    /// on the day: the edition `sop publish --on` publishes. Nil when none was.
    public var edition: PublishedVersion? {
        sets.prefix { InForce.effective(of: $0) <= day }.last
    }

    /// The sets that came into force, in the order they did, or refuses a day before the first.
    public static func on(_ day: Day, versions published: [PublishedVersion], repository: Repository) throws -> InForce {
        let sets = published.filter { adopted($0) <= day }
        var chains: [String: [ProcedureVersion]] = [:]
        var held: Set<String> = []
        for set in sets {
            guard let record = set.record else { continue }
            let effective = effective(of: set)
            let files = try repository.files(under: Workspace.proceduresDirectory, inTree: try repository.commit(set.commit).tree)
            var paths: [String: String] = [:]
            for path in files.keys.sorted() where path.hasSuffix(".md") && !Translation.isTranslationPath(path) {
                if let id = Procedure.idPrefix(ofFile: path), paths[id] == nil { paths[id] = path }
            }
            let present = Set(paths.keys)
            for adopted in record.procedures {
                let version = ProcedureVersion(
                    procedure: adopted.id, version: adopted.version ?? set.version, set: set.version, commit: set.commit, path: paths[adopted.id],
                    adopted: InForce.adopted(set), effective: adopted.effective ?? effective)
                close(&chains, adopted.id, .replaced(on: version.effective, by: version.version))
                chains[adopted.id, default: []].append(version)
            }
            let superseded = (record.body["superseded"]?.array ?? []).compactMap(\.string)
            for id in superseded { close(&chains, id, .superseded(on: effective, by: record.procedures.map(\.id))) }
            for id in held.subtracting(present) { close(&chains, id, .withdrawn(on: effective)) }
            held = present
        }
        return InForce(day: day, versions: chains, sets: sets, published: published)
    }

    /// Ends the open version of a procedure, when it has one.
    private static func close(_ chains: inout [String: [ProcedureVersion]], _ id: String, _ end: ProcedureVersion.End) {
        guard var chain = chains[id], var last = chain.popLast() else { return }
        if last.end == nil { last.end = end }
        chain.append(last)
        chains[id] = chain
    }

    /// The day a set's procedures took effect: the record's, or the day it was adopted.
    static func effective(of set: PublishedVersion) -> Day {
        set.record?.procedures.compactMap(\.effective).min() ?? adopted(set)
    }

    static func adopted(_ set: PublishedVersion) -> Day {
        set.record?.adopted.map(Day.init) ?? Day(Date(timeIntervalSince1970: 0))
    }

    /// The refusal of a day on which nothing was in force yet.
    public func nothingInForce() -> SOPError {
        guard let first = published.min(by: { InForce.effective(of: $0) < InForce.effective(of: $1) }) else {
            return SOPError(
                .notFound, "nothing was in force on \(day): no set has been adopted",
                hint: "`sop adopt` adopts a set; `git tag -l 'set/*'` lists those there are")
        }
        return SOPError(
            .notFound, "nothing was in force on \(day); the first set, \(first.version), took effect on \(InForce.effective(of: first))",
            hint: "give a day on or after \(InForce.effective(of: first)) to --on")
    }

    /// A day as `--on` takes it, or a refusal naming the form expected.
    public static func day(_ text: String) throws -> Day {
        guard let day = Day(text) else {
            throw SOPError(
                .invalidArgument, "'\(text)' is not a date that exists",
                hint: "write the day as YYYY-MM-DD, e.g. --on 2027-06-01")
        }
        return day
    }
}

extension InForce {
    /// A procedure's text as it was in force on a day, read from the set that adopted it.
    public struct Text: Sendable {
        public let day: Day
        public let version: ProcedureVersion
        public let path: String
        public let text: String
        /// A later version adopted by the day that had not yet taken effect.
        public let next: ProcedureVersion?
    }

    /// The text of `procedure` (an ID, or the path of its file) in force on `day`, or a
    /// refusal saying why there was none: nothing in force yet, the procedure not yet in force
    /// or no longer, or in no set at all.
    public static func text(of procedure: String, on day: Day, in workspace: Workspace) throws -> Text {
        let repository = workspace.repository
        let found = try InForce.on(day, versions: try Edition.versions(workspace), repository: repository)
        guard !found.inForce.isEmpty else { throw found.nothingInForce() }
        let id = Metadata.isProcedureID(procedure) ? procedure : Procedure.idPrefix(ofFile: procedure) ?? procedure
        let chain = found.versions[id] ?? []
        guard let version = found.inForce[id] else {
            if let pending = chain.first(where: { $0.effective > day }) {
                throw SOPError(
                    .notFound, "\(id) was not yet in force on \(day): version \(pending.version) (\(pending.tag)) takes effect on \(pending.effective)",
                    hint: "give a day on or after \(pending.effective) to --on")
            }
            if let end = chain.last?.end {
                throw SOPError(
                    .notFound, "\(id) was no longer in force on \(day): \(InForce.describe(end))",
                    hint: "give a day before \(end.day) to --on")
            }
            throw SOPError(
                .notFound, "\(id) is in no set adopted by \(day)",
                hint: "`sop list` lists the procedures; `git tag -l 'set/*'` the adopted sets")
        }
        guard let path = version.path,
            let text = try CommitSource(repository: repository, commit: version.commit, name: version.tag).text(at: path)
        else {
            throw SOPError(.notFound, "\(version.tag) does not hold \(id)'s file", hint: "`sop verify \(version.tag)` checks the set")
        }
        let next = chain.first { $0.effective > day && $0.set != version.set }
        return Text(day: day, version: version, path: path, text: text, next: next)
    }

    /// How a version's time in force ended, in a sentence of the command line.
    static func describe(_ end: ProcedureVersion.End) -> String {
        switch end {
        case .replaced(let day, let version): return "superseded on \(day) by version \(version)"
        case .superseded(let day, let procedures): return "superseded on \(day) by \(procedures.joined(separator: ", "))"
        case .withdrawn(let day): return "withdrawn on \(day)"
        }
    }
}
