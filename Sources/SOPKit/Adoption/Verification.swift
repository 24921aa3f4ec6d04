import Foundation
import Git

/// `sop verify`: everything recomputed from the repository alone, with the public keys in it.
public struct Verification {
    public let workspace: Workspace
    var repository: Repository { workspace.repository }

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// How a position was signed, for the record's reader: the portal signs for whoever is
    /// signed in to it, so a position given there names the account.
    static func channel(_ event: Event) -> String {
        event.via == KeyRegistry.portal ? " (through the portal, account \(event.account ?? "?"))" : " (with its own key)"
    }

    /// One check and whether it held.
    public struct Check: Sendable, Codable {
        public let ok: Bool
        public let what: String
    }

    public struct Report: Sendable, Codable {
        public let target: String
        public var checks: [Check] = [] {
            didSet { ok = checks.allSatisfy(\.ok) }
        }
        public private(set) var ok = true

        init(target: String) { self.target = target }

        mutating func check(_ condition: Bool, _ what: String) { checks.append(Check(ok: condition, what: what)) }
    }

    /// Verifies the key registry, every `set/*` tag and every round. A round ref that does not
    /// read as a round (a blob, a tree, a commit without a valid opening) is a failed report of
    /// its own, and every other round is still verified: one junk ref does not stop the check,
    /// and a tampered round never passes for a junk one that could be left out.
    public func all(root: String? = nil) throws -> [Report] {
        let tags = try repository.references(matching: "refs/tags/set/*").map { String($0.name.dropFirst("refs/tags/".count)) }
        let reviews = try repository.references(matching: "refs/tags/\(Review.tagPrefix)*").map { String($0.name.dropFirst("refs/tags/".count)) }
        let acknowledgements = try repository.references(matching: "refs/tags/\(Acknowledgement.tagPrefix)*").map { String($0.name.dropFirst("refs/tags/".count)) }
        let rounds = try EventLog(repository: repository).roundIDs()
        return try [registry(root: root)] + tags.map { try tag($0, root: root) } + reviews.map { try review($0, root: root) }
            + acknowledgements.map { try acknowledgement($0, root: root) } + rounds.map(round)
    }

    public func target(_ name: String, root: String? = nil) throws -> Report {
        if name == "registry" { return try registry(root: root) }
        if name.hasPrefix("set/") { return try tag(name, root: root) }
        if name.hasPrefix(Review.tagPrefix) { return try review(name, root: root) }
        if name.hasPrefix(Acknowledgement.tagPrefix) { return try acknowledgement(name, root: root) }
        return try round(name)
    }

    /// The key registry: every entry from the root, each signed by a key the chain trusted for
    /// that change, and the root against the one this clone pinned (or the one given).
    public func registry(root expected: String? = nil) throws -> Report {
        var report = Report(target: "registry")
        let store = RegistryStore(repository)
        let loaded = try store.read()
        let registry = loaded.registry
        guard let root = registry.rootID else {
            let published = try !repository.references(matching: "refs/tags/set/*").isEmpty
            report.check(
                loaded.refusal == nil && !published,
                loaded.refusal.map { "the key registry's first entry is refused: \($0)" }
                    ?? (published ? "no key registry here, but there are published versions: sync, or fetch refs/sop/registry, to check them against it" : "no key registry yet: nothing signed can count"))
            return report
        }
        report.check(
            loaded.refusal == nil,
            loaded.refusal.map { "the key registry is valid only up to entry \(registry.sequence): \($0)" }
                ?? "key registry: \(registry.sequence) entries from the root, each signed by a key the registry trusted for that change")
        let pinned = store.pinnedRoot()
        if let expected {
            report.check(root.hasPrefix(expected.lowercased()) && expected.count >= 16 && expected.allSatisfy(\.isHexDigit), root.hasPrefix(expected.lowercased()) ? "the root is \(root), the one given" : "the root is \(root), not the one given (\(expected)): this is not the registry the secretariat published")
        } else if let pinned {
            report.check(pinned == root, pinned == root ? "the root \(root) is the one this clone pinned" : "the root \(root) is not the one this clone pinned (\(pinned))")
        } else {
            report.check(true, "the root is \(root); compare it with the fingerprint the secretariat published, or pass --root")
        }
        return report
    }

    /// A round: every event's hash and signature, the rules, and the outcome it recorded.
    public func round(_ id: String) throws -> Report {
        guard try repository.reference(Round.reference(id)) != nil else {
            throw SOPError(.notFound, "round '\(id)' is not in this repository", hint: "a clone gets rounds with `git fetch origin 'refs/sop/*:refs/sop/*'` or `sop sync`")
        }
        do {
            return try readableRound(id)
        } catch let error as UnreadableRound {
            var report = Report(target: id)
            report.check(false, "\(Round.reference(id)) does not read as a round: \(error.reason)")
            return report
        }
    }

    /// The report of a round, or ``UnreadableRound`` when its ref does not read as one.
    private func readableRound(_ id: String) throws -> Report {
        var report = Report(target: id)
        let log = EventLog(repository: repository, cached: false)
        guard let head = try repository.reference(Round.reference(id)) else { throw UnreadableRound(round: id, reason: "round '\(id)' is gone") }
        let round = try log.readRound(id, at: head)
        let loaded = try log.load(head)
        report.check(loaded.malformed.isEmpty, "\(loaded.events.count) events read, each matching its hash" + (loaded.malformed.isEmpty ? "" : "; unreadable: " + loaded.malformed.map { "\($0.key) (\($0.value))" }.sorted().joined(separator: ", ")))
        report.check(round.refused.isEmpty, round.refused.isEmpty ? "every event keeps the rules" : "refused by the rules: " + round.refused.map { "\($0.event.id.prefix(12)) (\($0.reason))" }.joined(separator: ", "))
        if let closed = round.closed {
            let outcome = Decision.evaluate(round, set: round.registry?.set, now: closed)
            let recorded = round.recordedOutcome?["result"]?.string
            report.check(recorded == outcome.result.rawValue, "recorded outcome '\(recorded ?? "none")' recomputes as '\(outcome.result.rawValue)': \(outcome.summary)")
        }
        return report
    }

    /// The checks every sealed record's tag gets, an adoption's (`set/*`), a review's
    /// (`review/*`) or an acknowledgement's (`ack/*`): its record reads, its tagged commit is
    /// on main, it was sealed under a key registry from the root this clone trusts by a key of
    /// `signer` (the secretariat, unless said) that counted then and still counts, it names the
    /// tagged commit, and the tag's summary is the signed one. A participant's record may be
    /// sealed by the portal's key instead, when it names the account signed in.
    /// Returns the record and the registry as it stood when the record was sealed, or nil when
    /// the rest cannot be checked.
    func sealed(
        _ tag: AnnotatedTag, into report: inout Report, root expected: String?, pending: Bool, signer holder: String = Round.secretariat
    ) throws -> (Record, KeyRegistry)? {
        let record: Record
        do {
            record = try Record.parse(tag.message)
        } catch let error as SOPError {
            report.check(false, error.message)
            return nil
        }
        let format = record.body["format"]?.int
        if !Record.readableFormats.contains(format ?? 0) {
            report.check(false, "the record is format \(format.map(String.init) ?? "none"); this sop reads formats \(Record.readableFormats.map(String.init).joined(separator: " and "))")
        }
        // In a fresh clone whose default branch is not main, main is origin's.
        let main = try repository.reference("refs/heads/main") ?? repository.reference("refs/remotes/origin/main")
        let onMain = try main.map { try $0 == tag.target || repository.isAncestor(tag.target, of: $0) } ?? false
        if !pending { report.check(onMain, onMain ? "the tagged commit \(tag.target.short) is on main" : "the tagged commit \(tag.target.short) is not on main") }
        guard let current = KeyRegistry.at(repository, commit: tag.target) else {
            report.check(false, "no readable set.yaml at the tagged commit")
            return nil
        }
        // Keys as the registry stood when the record was sealed, from the chain the record
        // carries: what was revoked later does not change the verdict on an earlier decision.
        // The chain must start from the root this clone trusts and agree with its registry.
        let carried: Registry
        do {
            let (chain, refusal) = Registry.verify(try record.registryEntries())
            if let refusal { throw SOPError(.invalidFile, refusal.reason) }
            carried = chain
        } catch let error as SOPError {
            report.check(false, "the key registry in the record does not verify: \(error.message)")
            return nil
        }
        guard let named = record.registry, named.sequence == carried.sequence, named.head == carried.head, let root = carried.rootID else {
            report.check(false, "the record names no key registry, or not the one it carries")
            return nil
        }
        // A root given must be long enough to mean something; without one, the pinned root or
        // this clone's registry decides, and a clone with neither trusts nothing.
        let given = expected.flatMap { $0.count >= 16 ? $0.lowercased() : nil }
        let trusted = given.map { root.hasPrefix($0) ? root : $0 } ?? RegistryStore(repository).pinnedRoot()
        let agrees = current.keys.sequence == 0 || current.keys.entries.indices.contains(named.sequence - 1) && current.keys.entries[named.sequence - 1].id == named.head
        report.check(
            trusted == root && agrees,
            trusted == nil
                ? "the record's key registry starts from root \(root); this clone trusts no root yet: pass --root with the ID the secretariat published, or sync first"
                : trusted != root
                    ? "the record's key registry starts from root \(root.prefix(16))…, not from the root this clone trusts"
                    : agrees
                        ? "the record was sealed under entry \(named.sequence) of the key registry (root \(root.prefix(16))…)"
                            + (current.keys.sequence == 0 ? "" : ", which this clone holds unchanged")
                        : "the record was sealed under registry entry \(named.sequence), which this clone's key registry does not hold as it was")
        let throughPortal = holder != Round.secretariat && record.body["via"]?.string == KeyRegistry.portal
        if throughPortal {
            report.check(record.body["account"]?.string?.isEmpty == false, "the record, given through the portal, names the account signed in")
        }
        let holders: Set<String> = [throughPortal ? KeyRegistry.portal : holder]
        let whose = throughPortal ? "the portal" : holder == Round.secretariat ? "the secretariat" : holder
        // Whether the sealing key was revoked since can only be told from a registry of today.
        report.check(
            current.keys.sequence > 0 && record.isSealed(by: current, holders: holders),
            current.keys.sequence == 0
                ? "this clone has no key registry, so it cannot tell whether the sealing key was revoked since: sync, or fetch refs/sop/registry"
                : record.isSealed(by: current, holders: holders)
                    ? "the sealing key counts in this clone's key registry"
                    : "the sealing key does not count in this clone's key registry: it was revoked, and the revocation does not keep this record")
        let registry = KeyRegistry(set: current.set, keys: carried)
        let signature = record.body["signature"]?.object
        let signer = signature?["key"]?.string ?? ""
        let signingKey = holders.lazy.compactMap { registry.keys(for: $0).first { $0.key == signer } }.first
        let sealed = signature?["value"]?.string.map { KeyPair.isValid(signature: $0, of: record.signedContent, by: signer) } ?? false
        report.check(
            sealed && signingKey?.isValid == true,
            "the record is signed by a key of \(whose) that was registered and not revoked when it was sealed")
        let commitNamed = record.body["commit"]?.string ?? ""
        report.check(commitNamed == tag.target.hex, commitNamed == tag.target.hex ? "the record names the tagged commit" : "the record names commit \(commitNamed.prefix(10)), but the tag is on \(tag.target.short)")
        let summary = record.body["summary"]?.string ?? ""
        report.check(!summary.isEmpty && tag.message.hasPrefix(summary + "\n"), "the tag's summary is the signed one")
        return (record, registry)
    }

    /// A publication: the tag is on main, the record's signature, every counted position
    /// (hash, signature, bound to the approved text), the rule's outcome, the tagged text, and,
    /// when the round is here, that the record says what the round says.
    /// `pending` leaves out the check that the tag is on main, for an adoption that was
    /// interrupted between its tag and main (``Adoption/finishInterrupted()``): everything else
    /// must hold before main moves to it.
    public func tag(_ name: String, root expected: String? = nil, pending: Bool = false) throws -> Report {
        var report = Report(target: name)
        guard let tag = try repository.tag(name) else {
            throw SOPError(.notFound, "no annotated tag \(name)", hint: "`git tag -l 'set/*'` lists the published versions")
        }
        guard let (record, registry) = try sealed(tag, into: &report, root: expected, pending: pending) else { return report }

        var positions: [String: Position] = [:]
        var valid = true
        for body in record.positions {
            guard let event = Event(checked: body), Event.hash(body) == event.id else {
                report.check(false, "a position in the record does not match its hash")
                valid = false
                continue
            }
            var problems: [String] = []
            if let problem = registry.problem(with: event, checkpointed: record.checkpointed[event.id]) { problems.append(problem) }
            if event.round != record.round { problems.append("it belongs to round \(event.round)") }
            let prints = (event.payload["fingerprints"]?.object ?? [:]).compactMapValues(\.string)
            if prints != record.fingerprints { problems.append("it was given on other text than the approved text") }
            if registry.set.participant(event.participant)?.kind == .observer { problems.append("\(event.participant) is an observer") }
            if !record.participants.contains(event.participant) { problems.append("\(event.participant) was not invited") }
            if let closed = record.closed, event.at > closed { problems.append("it was given after the round closed") }
            report.check(problems.isEmpty, "position of \(event.participant) (\(event.payload["position"]?.string ?? "?"))" + (problems.isEmpty ? ": signature valid, on the approved text" + Verification.channel(event) : ": " + problems.joined(separator: "; ")))
            if problems.isEmpty, let position = Position(event: event, revision: 0) {
                if positions[event.participant].map({ ($0.at, $0.id) < (position.at, position.id) }) ?? true { positions[event.participant] = position }
            } else {
                valid = false
            }
        }
        if let rule = record.rule, let closed = record.closed, let closes = record.closes {
            let outcome = Decision.decide(
                rule: rule, members: Decision.members(record.participants, set: registry.set),
                voters: Decision.voters(record.participants, set: registry.set), positions: positions, holding: [], final: true,
                deadlineReached: closed >= closes, deadline: closes)
            report.check(
                valid && outcome.result == .adopted && record.outcome == "adopted",
                "the \(rule.rawValue) rule on the counted positions gives '\(outcome.result.rawValue)': \(outcome.summary)")
        } else {
            report.check(false, "the record names no known decision rule, closing time or deadline")
        }

        let procedures = record.procedures.map(\.id)
        let tagged = try RevisionText(workspace: workspace, commit: tag.target.hex, scope: procedures).fingerprints()
        let changed = RevisionText.differences(record.fingerprints, tagged)
        report.check(changed.isEmpty && !tagged.isEmpty, changed.isEmpty ? "the tagged text of \(procedures.joined(separator: ", ")) is the approved text (whole files and \(tagged.keys.filter { $0.contains("#") }.count) sections)" : "the tagged text differs from the approved text in: \(changed.joined(separator: ", "))")
        if (try? repository.resolveCommit(record.revision)) != nil {
            let approved = try RevisionText(workspace: workspace, commit: record.revision, scope: procedures).fingerprints()
            report.check(approved == record.fingerprints, "the approved revision \(record.revision.prefix(10)) has the recorded fingerprints")
        }
        if try repository.reference(Round.reference(record.round)) != nil {
            let log = EventLog(repository: repository, cached: false)
            let round: Round
            do {
                round = try log.round(record.round)
            } catch let error as SOPError {
                report.check(false, "round \(record.round): \(error.message)")
                return report
            }
            let counted = Set(round.currentPositions.values.map(\.id))
            let sealed = Set(record.positions.compactMap { $0["id"]?.string })
            report.check(
                round.rule == record.rule && round.participants == record.participants && round.revision.commit == record.revision
                    && round.recordedOutcome?["result"]?.string == "adopted" && counted == sealed,
                "the record agrees with round \(record.round): rule, participants, revision, adopted outcome and counted positions")
            // Comments left unanswered must be on the record: a record that hides them fails,
            // by the same rule adoption applied, at the time it was sealed.
            let unanswered = round.undisposed(at: record.adopted).map(\.number)
            report.check(
                record.undisposed.sorted() == unanswered.sorted(),
                record.undisposed.sorted() == unanswered.sorted()
                    ? (unanswered.isEmpty
                        ? "every comment of round \(record.round) had a disposition when it was adopted"
                        : "the record names the \(unanswered.count) comment\(unanswered.count == 1 ? "" : "s") adopted without a disposition: \(Adoption.Preview.listed(unanswered))")
                    : "round \(record.round) had \(unanswered.isEmpty ? "no comment" : Adoption.Preview.listed(unanswered)) without a disposition when it was adopted, but the record names \(record.undisposed.isEmpty ? "none" : Adoption.Preview.listed(record.undisposed))")
            let roundReport = try self.round(record.round)
            report.checks += roundReport.checks.map { Check(ok: $0.ok, what: "round \(record.round): \($0.what)") }
        } else {
            report.check(true, "round \(record.round) is not in this clone; the record alone was checked (fetch refs/sop/* to check it too)")
            if !record.undisposed.isEmpty {
                report.check(true, "the record says \(record.undisposed.count) comment\(record.undisposed.count == 1 ? " was" : "s were") adopted without a disposition: \(Adoption.Preview.listed(record.undisposed))")
            }
        }
        return report
    }
}

extension Verification {
    /// A periodic review: sealed as a publication is, on main; a verdict with its reason; the
    /// tagged commit holds the exact text reviewed, at the version named; and a `no-change`
    /// commit moved `review-by` by the set's review period from the review's day and changed
    /// nothing else, while the other verdicts left it where it was.
    public func review(_ name: String, root expected: String? = nil) throws -> Report {
        var report = Report(target: name)
        guard let tag = try repository.tag(name) else {
            throw SOPError(.notFound, "no annotated tag \(name)", hint: "`git tag -l 'review/*'` lists the recorded reviews")
        }
        guard let (record, _) = try sealed(tag, into: &report, root: expected, pending: false) else { return report }
        let review = Review(tag: name, record: record)
        report.check(
            record.body["kind"]?.string == "review" && review.verdict != nil && !review.reason.isEmpty,
            "the record is a review with a verdict (\(record.body["verdict"]?.string ?? "none")) and its reason")
        let day = review.reviewed.map { Day($0).description } ?? "?"
        let named = "\(Review.tagPrefix)\(review.procedure)/\(day)"
        report.check(name == named || name.hasPrefix(named + "-"), "the tag's name names the procedure reviewed and the day of the review, \(named)")
        let path = record.body["path"]?.string ?? ""
        let commit = try repository.commit(tag.target)
        let entry = try repository.entry(at: path, inTree: commit.tree)
        let text = try entry.map { String(decoding: try repository.blob($0.id), as: UTF8.self) }
        report.check(
            entry?.id.hex == review.text,
            entry?.id.hex == review.text ? "the tagged commit holds the reviewed text of \(path)" : "the tagged commit does not hold the reviewed text of \(path)")
        let procedure = text.flatMap { try? Procedure.parse(path: path, text: $0) }
        report.check(
            procedure?.id == review.procedure && procedure?.metadata.version == review.version && procedure?.metadata.reviewBy == review.reviewByAfter,
            "the reviewed text is \(review.procedure) \(review.version ?? "") with review-by \(review.reviewByAfter.map(\.description) ?? "none")")
        report.check(
            [.effective, .adopted].contains(procedure?.metadata.status),
            "the reviewed procedure is in force (\(procedure?.metadata.status?.rawValue ?? "no status"))")
        guard review.verdict == .noChange else {
            report.check(review.reviewByBefore == review.reviewByAfter, "a '\(review.verdict?.rawValue ?? "?")' verdict leaves review-by where it was")
            return report
        }
        let period = record.body["review-period"]?.string.flatMap(Period.init)
        let expectedNext = period.flatMap { period in review.reviewed.map { period.after(Day($0)) } }
        report.check(
            expectedNext != nil && expectedNext == review.reviewByAfter,
            "review-by moved to \(review.reviewByAfter.map(\.description) ?? "?"), the review period \(period?.description ?? "?") after the review")
        let setPeriod = KeyRegistry.at(repository, commit: tag.target)?.set.reviewPeriod
        report.check(setPeriod == period, "the review period is set.yaml's (\(setPeriod?.description ?? "none"))")
        // The review's own commit changes that one line and nothing else.
        let parent = try commit.parents.first.map { try repository.commit($0).tree }
        let deltas = try repository.diff(from: parent, to: commit.tree)
        let before = try parent.flatMap { try repository.entry(at: path, inTree: $0) }.map { String(decoding: try repository.blob($0.id), as: UTF8.self) }
        let restored = text.map { text in
            review.reviewByBefore.map { FrontMatterEdit.setting("review-by", to: $0.description, in: text) } ?? text
        }
        report.check(
            deltas.map(\.newPath) == [path] && before != nil && restored == before,
            "the review's commit changes only review-by in \(path)")
        return report
    }
}

extension KeyRegistry {
    /// set.yaml at a commit, with the key registry of this clone.
    static func at(_ repository: Repository, commit: ObjectID) -> KeyRegistry? {
        guard let data = try? repository.file(at: ProtocolSet.path, inCommit: commit),
            let set = try? ProtocolSet.parse(String(decoding: data, as: UTF8.self))
        else { return nil }
        let current = KeyRegistry.current(repository)
        return KeyRegistry(set: set, keys: current?.keys ?? Registry(), problem: current?.problem)
    }
}
