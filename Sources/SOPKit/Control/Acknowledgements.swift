import Foundation
import Git

/// Read-and-acknowledge: participants' signed statements that they read the versions in force,
/// each sealed in a tag `ack/<ID>/<VERSION>/<CC>` on the adoption's commit, and who still owes
/// one. Only acknowledgements that verify count, so a tag forged in a clone or pushed by a
/// replica never marks a participant as having read anything.
public struct Acknowledgements {
    let consultation: Consultation
    var workspace: Workspace { consultation.workspace }
    var repository: Repository { workspace.repository }

    public init(_ consultation: Consultation) { self.consultation = consultation }

    /// Where one participant stands on one version.
    public struct Standing: Sendable, Codable {
        public enum State: String, Sendable, Codable {
            case acknowledged
            /// Not yet acknowledged, and not yet due.
            case outstanding
            case overdue
        }

        public let participant: String
        public let name: String
        public let state: State
        /// The focal point's acknowledgement that counts (of this version, or of one since the
        /// last that required acknowledgement).
        public let acknowledgement: Acknowledgement?
        /// Acknowledgements of the participant's named national units.
        public let units: [Acknowledgement]
    }

    /// A version in force (or adopted, not yet in force) whose reading participants owe.
    public struct Owed: Sendable, Codable {
        public let procedure: String
        /// The procedure's title in that version.
        public let title: String
        public let version: String
        public let set: String
        public let effective: Day
        /// The version acknowledgements count from: this one, or the last before it whose
        /// adoption required acknowledgement (when this one's, an editorial change, did not).
        public let since: String
        public let due: Day
        public let participants: [Standing]

        public var overdue: [Standing] { participants.filter { $0.state == .overdue } }

        /// The same version with only `participants` (`--overdue` keeps the overdue).
        public func keeping(_ participants: [Standing]) -> Owed {
            Owed(procedure: procedure, title: title, version: version, set: set, effective: effective, since: since, due: due, participants: participants)
        }
    }

    /// For each procedure (or only `procedure`) the version in force today and any adopted
    /// after it, with every member's and territory's standing. Observers are not asked.
    public func owed(_ procedure: String? = nil, today: Day) throws -> [Owed] {
        let found = try InForce.on(today, versions: try Edition.versions(workspace), repository: repository)
        let given = try verified()
        let set = try consultation.protocolSet(at: "refs/heads/main")
        let asked = set.participants.filter { $0.kind != .observer }
        return try found.versions.keys.sorted().filter { procedure == nil || $0 == procedure }.flatMap { id -> [Owed] in
            let chain = found.versions[id] ?? []
            return try chain.indices.compactMap { index -> Owed? in
                if case .ended = chain[index].currency(on: today) { return nil }
                guard let since = chain[...index].lastIndex(where: { terms(of: $0, in: found).required }) else { return nil }
                let counted = Set(chain[since...index].map(\.version))
                let due = terms(of: chain[since], in: found).within.after(chain[since].effective)
                let standings = asked.map { participant -> Standing in
                    let theirs = given.filter { $0.procedure == id && $0.participant == participant.code && counted.contains($0.version) }
                    let own = theirs.filter { $0.unit == nil }.min { ($0.acknowledged ?? .distantFuture) < ($1.acknowledged ?? .distantFuture) }
                    let state: Standing.State = own != nil ? .acknowledged : today > due ? .overdue : .outstanding
                    return Standing(
                        participant: participant.code, name: participant.name, state: state, acknowledgement: own,
                        units: theirs.filter { $0.unit != nil }.sorted { $0.tag < $1.tag })
                }
                let version = chain[index]
                let text = try version.path.flatMap { try CommitSource(repository: repository, commit: version.commit, name: version.tag).text(at: $0) }
                let title = text.flatMap { text in version.path.flatMap { try? Procedure.parse(path: $0, text: text).title } } ?? id
                return Owed(
                    procedure: id, title: title, version: version.version, set: version.set, effective: version.effective, since: chain[since].version, due: due,
                    participants: standings)
            }
        }
    }

    /// The terms of the adoption that brought `version` into force.
    private func terms(of version: ProcedureVersion, in found: InForce) -> AcknowledgementTerms {
        found.published.first { $0.version == version.set }?.record?.acknowledgement ?? .standard
    }

    /// Every acknowledgement whose tag verifies, oldest first. Verifying one takes tens of
    /// milliseconds and the portal's dashboard asks on every load, so the answer is kept for
    /// as long as nothing it depends on moved: the `ack/*` and `set/*` tags, main, the key
    /// registry and the root this clone trusts.
    public func verified() throws -> [Acknowledgement] {
        let tags = try repository.references(matching: "refs/tags/\(Acknowledgement.tagPrefix)*")
        let inputs = try tags + repository.references(matching: "refs/tags/set/*")
            + ["refs/heads/main", "refs/remotes/origin/main", RegistryStore.reference].compactMap { name in try repository.reference(name).map { (name, $0) } }
        let key = ([repository.gitDirectory, RegistryStore(repository).pinnedRoot() ?? ""] + inputs.map { "\($0.name)=\($0.target.hex)" }).joined(separator: "\n")
        if let known = VerifiedAcknowledgements.shared.acknowledgements(for: key) { return known }
        let verification = Verification(workspace)
        let verified = try tags.compactMap { reference -> Acknowledgement? in
            let name = String(reference.name.dropFirst("refs/tags/".count))
            guard try verification.acknowledgement(name).ok, let message = try repository.tag(name)?.message, let record = try? Record.parse(message)
            else { return nil }
            return Acknowledgement(tag: name, record: record)
        }.sorted { ($0.acknowledged ?? .distantPast, $0.tag) < ($1.acknowledged ?? .distantPast, $1.tag) }
        VerifiedAcknowledgements.shared.remember(verified, for: key)
        return verified
    }

    /// Records that `actor`'s participant (or one of its national units) read `procedure` at
    /// `version` (by default the version in force today, or the one adopted next when none is
    /// yet): a record signed with the participant's registered key, or with the portal's key
    /// naming `account`, sealed in a new tag on the adoption's commit. Refused for the
    /// secretariat and observers, for a version superseded or withdrawn by today, and for one
    /// already acknowledged.
    public func record(_ procedure: String, version requested: String? = nil, unit: String? = nil, as actor: Actor, account: String? = nil, now: Date) throws
        -> Acknowledgement
    {
        let set = try consultation.protocolSet(at: "refs/heads/main")
        guard !actor.isSecretariat, let participant = set.participant(actor.participant) else {
            throw SOPError(.invalidArgument, "participants acknowledge what they read; the secretariat does not", hint: "run it with --as and a participant's code")
        }
        guard participant.kind != .observer else {
            throw SOPError(.invalidArgument, "\(participant.name) (\(participant.code)) is an observer: observers are not asked to acknowledge procedures")
        }
        let unit = unit?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let unit, unit.isEmpty || unit.count > 200 || Acknowledgement.slug(unit).isEmpty {
            throw SOPError(.invalidArgument, "a unit needs a name of 1 to 200 characters with letters or digits", hint: "e.g. --unit \"Piarco International Airport\"")
        }
        let today = Day(now)
        let found = try InForce.on(today, versions: try Edition.versions(workspace), repository: repository)
        let chain = found.versions[procedure] ?? []
        guard !chain.isEmpty else {
            throw SOPError(.notFound, "\(procedure) is in no adopted set", hint: "`sop acknowledgements` lists what is owed")
        }
        let chosen: ProcedureVersion
        if let requested {
            guard let named = chain.last(where: { $0.version == requested }) else {
                throw SOPError(
                    .notFound, "\(procedure) has no adopted version \(requested)",
                    hint: "its adopted versions are \(chain.map(\.version).joined(separator: ", "))")
            }
            chosen = named
        } else if let current = found.inForce[procedure] ?? chain.first(where: { $0.effective > today }) {
            chosen = current
        } else {
            throw SOPError(.invalidArgument, "\(procedure) is no longer in force: \(chain.last?.end.map(InForce.describe) ?? "ended")")
        }
        if case .ended(let end) = chosen.currency(on: today) {
            let current = found.inForce[procedure]
            throw SOPError(
                .invalidArgument, "\(procedure) \(chosen.version) is not in force: it was \(InForce.describe(end)); what was read then is no longer what applies",
                hint: current.map { "acknowledge the version in force, \($0.version): `sop acknowledge \(procedure) --as \(actor.participant)`" }
                    ?? "`sop acknowledgements \(procedure)` shows what is owed")
        }
        let tag = Acknowledgement.tagName(procedure: procedure, version: chosen.version, participant: participant.code, unit: unit)
        if let existing = try repository.tag(tag), let record = try? Record.parse(existing.message) {
            let earlier = Acknowledgement(tag: tag, record: record)
            throw SOPError(
                .exists, "\(participant.code)\(unit.map { " (\($0))" } ?? "") already acknowledged \(procedure) \(chosen.version) on \(earlier.acknowledged.map { Day($0).description } ?? "?") (\(tag))")
        }
        let key: KeyPair
        if let portalKey = consultation.portalKey {
            guard let account, !account.isEmpty else { throw SOPError(.invalidArgument, "an acknowledgement given through the portal must name its account") }
            key = try consultation.registered(portalKey, now: now)
        } else if let own = try consultation.ownKey(of: actor, now: now) {
            key = own
        } else {
            throw SOPError(
                .notFound, "\(participant.code)'s registered key is needed to sign the acknowledgement",
                hint: "create it with `sop key new --as \(participant.code) --name \"Full Name\"`; the secretariat registers it; or acknowledge through the portal")
        }
        guard let path = chosen.path, let blob = try repository.entry(at: path, inTree: try repository.commit(chosen.commit).tree)?.id else {
            throw SOPError(.notFound, "\(chosen.tag) does not hold \(procedure)'s file", hint: "`sop verify \(chosen.tag)` checks the set")
        }
        var body: [String: JSONValue] = [
            "format": .int(Record.format), "kind": "acknowledgement", "procedure": .string(procedure), "procedure-version": .string(chosen.version),
            "set": .string(chosen.set), "path": .string(path), "commit": .string(chosen.commit.hex), "text": .string(blob.hex),
            "participant": .string(participant.code), "acknowledged": .string(Timestamp.string(now)), "by": .string(actor.authorText),
            "registry": Record.registryBody(consultation.log.registry?.keys ?? Registry()),
        ]
        body["unit"] = unit.map(JSONValue.string)
        if consultation.portalKey != nil {
            body["via"] = .string(KeyRegistry.portal)
            body["account"] = account.map(JSONValue.string)
        }
        body["summary"] = .string(
            "\(participant.name) (\(participant.code))\(unit.map { ", \(DisplayText.shown($0)),"} ?? "") acknowledges having read \(procedure) \(chosen.version)"
                + " (set \(chosen.set), in force from \(chosen.effective)) on \(today)")
        let record = try Record(body: body).signed(with: key)
        do {
            _ = try repository.createTag(tag, on: chosen.commit, message: record.message, tagger: actor.author)
        } catch let error as GitError where error.code == .exists {
            throw SOPError(.exists, "\(tag) was created meanwhile: \(participant.code) has acknowledged \(procedure) \(chosen.version)")
        }
        return Acknowledgement(tag: tag, record: record)
    }
}

/// The last answer of ``Acknowledgements/verified()`` in this process, under the refs and
/// root it was found from.
private final class VerifiedAcknowledgements: @unchecked Sendable {
    static let shared = VerifiedAcknowledgements()
    private let lock = NSLock()
    private var last: (key: String, acknowledgements: [Acknowledgement])?

    func acknowledgements(for key: String) -> [Acknowledgement]? {
        lock.lock()
        defer { lock.unlock() }
        return last?.key == key ? last?.acknowledgements : nil
    }

    func remember(_ acknowledgements: [Acknowledgement], for key: String) {
        lock.lock()
        defer { lock.unlock() }
        last = (key, acknowledgements)
    }
}
