import Foundation
import Git

/// A published version of the set: an annotated `set/YEAR.N` tag and the record it seals.
public struct PublishedVersion: Sendable {
    /// `set/2027.1`.
    public let tag: String
    /// `2027.1`.
    public let version: String
    public let commit: ObjectID
    /// Nil when the tag holds no readable record (it is then listed but shows no approvals).
    public let record: Record?

    /// Orders versions by year, then sequence number (2027.10 after 2027.9).
    var order: (Int, Int) {
        let parts = version.split(separator: ".").map { Int($0) ?? 0 }
        return (parts.first ?? 0, parts.dropFirst().first ?? 0)
    }

    /// The adopted procedures the record names (read once: every page asks).
    let procedures: [String]

    init(tag: String, version: String, commit: ObjectID, record: Record?) {
        self.tag = tag
        self.version = version
        self.commit = commit
        self.record = record
        procedures = record?.procedures.map(\.id) ?? []
    }
}

/// What one `sop publish` renders: a revision of the set, read through libgit2, with the
/// published versions that lead to it.
public struct Edition {
    /// The `--ref` as given, or the default it stood for.
    public let ref: String
    /// What the pages call this edition: `2027.1` for a tag, else the ref.
    public let label: String
    public let source: CommitSource
    public var commit: ObjectID { source.commit }
    /// The version this edition is, when it is a `set/*` tag.
    public let current: PublishedVersion?
    /// The newest version published before this edition: what "what changed" and redlines
    /// compare with.
    public let previous: PublishedVersion?
    /// Every published version in this edition's history, oldest first (itself included).
    public let history: [PublishedVersion]
    /// What "what changed" and redlines compare with: the previous version's commit, or for
    /// the first version, main's text in force just before its adoption (its commit's parent),
    /// so that the first adopted version shows what its adoption changed.
    public let baseline: ObjectID?
    /// Every set that verifies, later ones than this edition included: what the pages' currency
    /// banners read (a version this edition holds may have been replaced since).
    public let published: [PublishedVersion]

    /// The day the edition is published as in force on (`--on`), when one was given.
    public let on: Day?
    /// The day the currency banners speak of: `on`, or today, but never before the last
    /// adoption (a fixed clock in a demo may lag behind the sets it adopted).
    public let day: Day

    /// Every `set/*` tag that verifies, oldest first. Only tags that verify are versions: a tag
    /// a replica forged (off main, without a record, or with one that does not hold) is never
    /// published, listed or compared with, and naming it (`requested`) is refused.
    public static func versions(_ workspace: Workspace, requested: String? = nil) throws -> [PublishedVersion] {
        let repository = workspace.repository
        let verification = Verification(workspace)
        var versions: [PublishedVersion] = []
        for (name, _) in try repository.references(matching: "refs/tags/set/*") {
            let tagName = String(name.dropFirst("refs/tags/".count))
            guard let tag = try repository.tag(tagName) else { continue }
            let verified = try verification.tag(tagName)
            guard verified.ok else {
                if requested == tagName || requested == name {
                    let failed = verified.checks.first { !$0.ok }?.what ?? "it does not verify"
                    throw SOPError(
                        .invalidArgument, "\(tagName) is not a publication that verifies: \(failed)",
                        hint: "`sop verify \(tagName)` shows every check; publish a version that verifies, or main")
                }
                continue
            }
            versions.append(
                PublishedVersion(
                    tag: tagName, version: String(tagName.dropFirst("set/".count)), commit: tag.target,
                    record: try? Record.parse(tag.message)))
        }
        return versions.sorted { $0.order < $1.order }
    }

    /// Resolves `--ref`: by default the newest `set/*` tag that verifies, or `main` when there
    /// is none. With `on`, the set as it was in force that day (``InForce/edition``), or a
    /// refusal when nothing was.
    public static func resolve(_ workspace: Workspace, ref requested: String?, on day: Day? = nil) throws -> Edition {
        let repository = workspace.repository
        let versions = try versions(workspace, requested: requested)
        var requested = requested
        var inForce: InForce?
        if let day {
            let found = try InForce.on(day, versions: versions, repository: repository)
            guard let edition = found.edition else { throw found.nothingInForce() }
            requested = edition.tag
            inForce = found
        }
        let ref: String
        if let requested {
            ref = requested
        } else if let newest = versions.last {
            ref = newest.tag
        } else if try repository.reference("refs/heads/main") != nil {
            ref = "main"
        } else {
            throw SOPError(.notFound, "there is nothing to publish: no set/* tag and no main branch", hint: "commit the set on main first")
        }
        let source: CommitSource
        do {
            source = try workspace.commitSource(ref)
        } catch is SOPError {
            throw SOPError(
                .notFound, "unknown --ref '\(ref)': no such tag, branch or commit",
                hint: "publish a version (set/2027.1), main or a draft (draft/NAME); `git tag -l 'set/*'` lists the versions")
        }
        let current = versions.first { $0.tag == ref || "refs/tags/" + $0.tag == ref }
        let history = try versions.filter { try $0.commit == source.commit || repository.isAncestor($0.commit, of: source.commit) }
        let previous: PublishedVersion?
        if let current {
            previous = history.last { $0.order < current.order }
        } else {
            previous = history.last
        }
        let before = try current.flatMap { try repository.commit($0.commit).parents.first }
        return Edition(
            ref: ref, label: current?.version ?? ref, source: source, current: current, previous: previous,
            history: current.map { current in history.filter { $0.order <= current.order } } ?? history,
            baseline: previous?.commit ?? before, published: versions, on: inForce?.day,
            day: inForce?.day ?? max(Day(Timestamp.now()), versions.map(InForce.adopted).max() ?? Day(Timestamp.now())))
    }

    /// The version whose record adopted `procedure` most recently within this edition.
    func adoption(of procedure: String) -> PublishedVersion? {
        history.last { $0.procedures.contains(procedure) }
    }
}
