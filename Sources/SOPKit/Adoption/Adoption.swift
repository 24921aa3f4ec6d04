import Foundation
import Git

/// Bringing an adopted revision into force: onto `main`, with front matter updated and the
/// sealed record in an annotated tag `set/<version>`.
public struct Adoption {
    public let consultation: Consultation
    var repository: Repository { consultation.workspace.repository }

    public init(_ consultation: Consultation) { self.consultation = consultation }

    public struct Result: Sendable {
        public let tag: String
        public let commit: ObjectID
        public let record: Record
    }

    /// What adopting round `id` would do, changing nothing (no ref, no tag; only objects no
    /// ref reaches): see ``Preview``. Refused, as adoption is, when the round is not closed and
    /// adopted, already adopted, the version is taken or malformed, the effective date is
    /// before the adoption day, or main changed the approved text.
    public func preview(
        _ id: String, version: String?, effective: Day, allowUndisposed: Bool = false, acknowledgement: AcknowledgementTerms? = nil, as actor: Actor, now: Date
    ) throws -> Preview {
        try plan(id, version: version, effective: effective, allowUndisposed: allowUndisposed, acknowledgement: acknowledgement, as: actor, now: now).preview
    }

    /// Adopts round `id` as set `version` (the next free `YEAR.N` when nil), in force from
    /// `effective`, asking participants to acknowledge it on the terms given (by default within
    /// set.yaml's `acknowledgement-period`). Refused with nothing changed for what
    /// ``preview(_:version:effective:allowUndisposed:acknowledgement:as:now:)``
    /// refuses, for its obstacles (comments without a disposition, unless `allowUndisposed`,
    /// and lint errors), and, when `previewed` names the ``Preview/basis`` a person confirmed,
    /// when the repository no longer gives that preview.
    public func adopt(
        _ id: String, version requested: String?, effective: Day, allowUndisposed: Bool = false, acknowledgement: AcknowledgementTerms? = nil,
        previewed: String? = nil, as actor: Actor, now: Date
    ) throws -> Result {
        try Adoption.authorize(actor)
        if let finished = try finishInterrupted(), finished.record.round == id { return finished }
        let plan = try plan(
            id, version: requested, effective: effective, allowUndisposed: allowUndisposed, acknowledgement: acknowledgement, as: actor, now: now)
        if let previewed, previewed != plan.preview.basis {
            throw SOPError(
                .conflict, "main, round \(id) or the terms changed since the preview that was confirmed; nothing was adopted",
                hint: "look at the preview again (`sop adopt \(id) … --dry-run`) and confirm what it shows now", reason: .init(.previewChanged, ["round": id]))
        }
        if let refusal = plan.preview.refusal { throw refusal }
        guard let key = try consultation.ownKey(of: actor, now: now) else {
            throw SOPError(
                .notFound, "the secretariat's registered key is needed to seal the record",
                hint: "create it with `sop key new --as secretariat --name \"Full Name\" --register` on main")
        }
        let round = plan.round
        let preview = plan.preview
        let set = round.registry?.set
        let text = try RevisionText(workspace: consultation.workspace, commit: round.revision.commit, scope: round.procedures)
        let head = try repository.reference(Round.reference(id))!
        let events = try consultation.log.load(head).events.values
        let procedures: [JSONValue] = preview.procedures.map {
            .object(["id": .string($0.id), "version": .string($0.newVersion), "status": .string($0.newStatus), "effective": .string(effective.description)])
        }
        var body: [String: JSONValue] = [
            "format": .int(Record.format), "set": .string(set?.title ?? ""), "version": .string(preview.version), "round": .string(id),
            "draft": .string(round.draft), "rule": .string(round.rule.rawValue),
            "revision": .object(["number": .int(round.revision.number), "commit": .string(round.revision.commit)]),
            "participants": .array(round.participants.map(JSONValue.string)),
            "outcome": .object(["result": .string(plan.outcome.result.rawValue), "summary": .string(plan.outcome.summary)]),
            "closed": .string(Timestamp.string(plan.closed)), "closes": .string(Timestamp.string(round.effectiveCloses(now: plan.closed))),
            "adopted": .string(Timestamp.string(now)), "commit": .string(plan.commit.hex),
            "procedures": .array(procedures), "superseded": .array(preview.superseded.map(JSONValue.string)),
            "fingerprints": .object(text.fingerprints().mapValues(JSONValue.string)),
            "positions": .array(plan.counted.compactMap { position in events.first { $0.id == position.id }.map { .object($0.body) } }),
            "undisposed": .array(preview.undisposed.map(JSONValue.string)),
            "acknowledgement": preview.acknowledgement.body,
        ]
        // The registry the secretariat seals under (its whole chain, so a clone with the tag
        // alone can check every key as it stood then), and where each counted position was
        // checkpointed.
        body["registry"] = Record.registryBody(consultation.log.registry?.keys ?? Registry())
        body["checkpoint"] = round.closing.map(JSONValue.string)
        body["checkpointed"] = .object(Dictionary(uniqueKeysWithValues: plan.counted.compactMap { position in
            round.checkpointed[position.id].map { (position.id, JSONValue.int($0)) }
        }))
        body["carried"] = .object(Dictionary(uniqueKeysWithValues: plan.counted.compactMap { position in
            position.commit == round.revision.commit ? nil : (position.id, JSONValue.string(round.revision.commit))
        }))
        let reservations = plan.counted.flatMap { position in
            position.reservations.map { "\(position.participant) on \($0.sections.joined(separator: ", ")): \"\(DisplayText.shown($0.statement))\"" }
        }
        let summary = """
            \(set?.title ?? "Protocol set") \(preview.version)

            Adopted from round \(id) (revision \(round.revision.number), \(round.revision.commit.prefix(10))) under the \(round.rule.rawValue) rule: \(plan.outcome.summary).
            Procedures: \(preview.procedures.map { "\($0.id) \($0.newVersion) (\($0.newStatus))" }.joined(separator: ", "))
            Positions: \(plan.counted.map { "\($0.participant) \($0.stance.rawValue)" }.joined(separator: ", "))
            """ + (reservations.isEmpty ? "" : "\nReservations: " + reservations.joined(separator: "; "))
            + (preview.undisposed.isEmpty ? "" : "\nAdopted with comments the secretariat had not answered: " + preview.undisposed.joined(separator: ", "))
            + "\n" + preview.acknowledgement.sentence
        body["summary"] = .string(summary)
        let record = try Record(body: body).signed(with: key)

        try bringIntoForce(plan.commit, over: plan.main, tag: preview.tag, record: record, tagger: actor.author, message: "sop adopt \(id)")
        return Result(tag: preview.tag, commit: plan.commit, record: record)
    }

    /// Only the secretariat adopts, and previews what it would adopt.
    static func authorize(_ actor: Actor) throws {
        guard actor.isSecretariat else { throw SOPError(.invalidArgument, "only the secretariat adopts", hint: "run it with --as secretariat") }
    }

    /// Everything an adoption reads and builds before it seals: the checks that refuse it
    /// outright, the adoption commit (made, on no ref), and the preview of it.
    struct Plan {
        let preview: Preview
        let round: Round
        let outcome: Outcome
        let closed: Date
        let main: ObjectID
        let commit: ObjectID
        /// The positions that count, as the record carries them.
        let counted: [Position]
    }

    func plan(
        _ id: String, version requested: String?, effective: Day, allowUndisposed: Bool, acknowledgement: AcknowledgementTerms?, as actor: Actor, now: Date
    ) throws -> Plan {
        try Adoption.authorize(actor)
        let round = try consultation.log.round(id)
        guard let closed = round.closed else {
            throw SOPError(.invalidArgument, "round \(id) is not closed", hint: "close it with `sop round close \(id) --as secretariat` first")
        }
        let outcome = Decision.evaluate(round, set: round.registry?.set, now: closed)
        guard outcome.result == .adopted, round.recordedOutcome?["result"]?.string == Outcome.Result.adopted.rawValue else {
            throw SOPError(.invalidArgument, "round \(id) was not adopted: \(outcome.summary)")
        }
        for (tag, _) in try repository.references(matching: "refs/tags/set/*") {
            let name = String(tag.dropFirst("refs/tags/".count))
            if let message = try repository.tag(name)?.message, (try? Record.parse(message))?.round == id {
                throw SOPError(.exists, "round \(id) is already adopted as \(name)")
            }
        }
        let version = try requested ?? nextVersion(now)
        guard Adoption.isVersion(version) else {
            throw SOPError(.invalidArgument, "'\(version)' is not a set version; use YEAR.N such as 2027.1")
        }
        let today = Day(now)
        // A set in force before it was adopted would bind states to text before they agreed it.
        guard effective >= today else {
            throw SOPError(
                .invalidArgument, "the effective date \(effective) is before the adoption day (\(today)): a set cannot come into force before it is adopted",
                hint: "give --effective \(today) or a later day", reason: .init(.effectiveBeforeAdoption, ["effective": effective.description, "today": today.description]))
        }
        guard try repository.tag("set/\(version)") == nil, try repository.reference("refs/tags/set/\(version)") == nil else {
            throw SOPError(.exists, "set/\(version) already exists", hint: "choose another --version")
        }
        guard let main = try repository.reference("refs/heads/main") else { throw SOPError(.notFound, "there is no main branch") }
        let approved = try repository.resolveCommit(round.revision.commit)
        let tree = try mergedTree(main: main, approved: approved, scope: round.procedures)
        let (finalTree, procedures, superseded) = try updateFrontMatter(tree, scope: round.procedures, main: main, effective: effective, today: today)
        let merged = try approved == main || repository.isAncestor(approved, of: main)
        let commit = try repository.createCommit(
            tree: finalTree, parents: merged ? [main] : [main, approved],
            message: "Adopt round \(id) as set \(version)\n\nOutcome: \(outcome.summary)", author: actor.author)
        // Whatever happened on main, the text that goes into force is the text approved.
        let approvedPrints = try RevisionText(workspace: consultation.workspace, commit: approved.hex, scope: round.procedures).fingerprints()
        let finalPrints = try RevisionText(workspace: consultation.workspace, commit: commit.hex, scope: round.procedures).fingerprints()
        let differing = RevisionText.differences(approvedPrints, finalPrints)
        guard differing.isEmpty else {
            throw SOPError(.conflict, "main's text would differ from the approved text in: \(differing.joined(separator: ", "))", hint: "bring main's changes into the draft, revise the round, and decide again")
        }

        let snapshot = try Snapshot.load(from: CommitSource(repository: repository, commit: commit, name: "set/\(version)"))
        let lint = Linter.lint(snapshot, paths: Set(procedures.map(\.path))).filter { $0.severity != .note }
        let undisposed = round.undisposed(at: now).map(\.number)
        var obstacles: [Preview.Obstacle] = []
        if !undisposed.isEmpty, !allowUndisposed { obstacles.append(.undisposed) }
        if lint.contains(where: { $0.severity == .error }) { obstacles.append(.lint) }
        let current = round.currentPositions
        let counted = round.positions.filter { current[$0.participant]?.id == $0.id }
        let head = try repository.reference(Round.reference(id))?.hex ?? ""
        let terms = try acknowledgement ?? AcknowledgementTerms(required: true, within: consultation.protocolSet(at: main.hex).acknowledgementPeriod)
        let basis = ContentHash.of(
            [
                main.hex, head, version, effective.description, allowUndisposed ? "allow-undisposed" : "", try repository.commit(commit).tree.hex,
                terms.sentence,
            ].joined(separator: "\u{0}"))
        let preview = Preview(
            tag: "set/\(version)", version: version, round: id, revision: round.revision.number, commit: round.revision.commit, effective: effective,
            procedures: procedures, superseded: superseded, outcome: outcome,
            positions: counted.map { Preview.Stated(participant: $0.participant, stance: $0.stance, reason: $0.reason, reservations: $0.reservations) },
            undisposed: undisposed, allowUndisposed: allowUndisposed, acknowledgement: terms, lint: lint, obstacles: obstacles, basis: basis)
        return Plan(preview: preview, round: round, outcome: outcome, closed: closed, main: main, commit: commit, counted: counted)
    }

    /// Moves main to the adoption commit and creates its tag: both, or (when anything fails)
    /// neither.
    ///
    /// Git moves one reference at a time, so the order makes every interruption harmless:
    /// 1. The work tree, when main is checked out, goes first: the checkout refuses, changing
    ///    nothing, when unsaved edits are in the way, and run again it finds the files there.
    /// 2. The annotated tag is made on the new commit, which main does not contain yet, so the
    ///    record exists before main changes.
    /// 3. Main moves by compare-and-swap. When that fails, the tag is deleted and the work tree
    ///    put back, so nothing was adopted.
    /// A process killed between 2 and 3 leaves a sealed tag on a commit whose first parent is
    /// main's head; ``finishInterrupted()`` moves main forward to it at the next adoption.
    func bringIntoForce(_ commit: ObjectID, over main: ObjectID, tag: String, record: Record, tagger: Signature, message: String) throws {
        let checkedOut = try repository.headBranch() == "refs/heads/main" && consultation.workspace.root != nil
        if checkedOut { try checkout(commit) }
        do {
            let tagObject: ObjectID
            do {
                tagObject = try repository.createTag(tag, on: commit, message: record.message, tagger: tagger)
            } catch let error as GitError where error.code == .exists {
                throw SOPError(.exists, "\(tag) was created while adopting; nothing was changed", hint: "choose another --version")
            }
            do {
                try repository.setReference("refs/heads/main", to: commit, expecting: main, message: message)
            } catch {
                // Best effort: a tag that cannot be deleted now is not on main, which `sop verify` reports.
                try? repository.deleteReference("refs/tags/" + tag, expecting: tagObject)
                throw error
            }
        } catch {
            if checkedOut { try? repository.checkout(try repository.reference("refs/heads/main") ?? main, from: commit) }
            if let error = error as? GitError, error.isRace {
                throw SOPError(.conflict, "main moved while adopting; nothing was changed", hint: "run `sop adopt` again")
            }
            throw error
        }
    }

    /// Finishes an adoption killed after its tag was made and before main moved (see
    /// ``bringIntoForce(_:over:tag:record:tagger:message:)``); returns the adoption it finished.
    ///
    /// Such a tag is on a commit whose first parent is main's head. Only a record sealed for
    /// exactly that commit by a registered, unrevoked key of the secretariat counts, so a tag
    /// that came from another replica cannot move main. `sop verify` never calls this: it
    /// reports the state without changing it.
    @discardableResult
    public func finishInterrupted() throws -> Result? {
        guard let main = try repository.reference("refs/heads/main"), let registry = consultation.log.registry else { return nil }
        for (reference, _) in try repository.references(matching: "refs/tags/set/*") {
            let name = String(reference.dropFirst("refs/tags/".count))
            guard let tag = try repository.tag(name), tag.target != main, try repository.commit(tag.target).parents.first == main,
                let record = try? Record.parse(tag.message), record.body["commit"]?.string == tag.target.hex, record.isSealed(by: registry),
                (try? Verification(consultation.workspace).tag(name, pending: true))?.ok == true
            else { continue }
            if try repository.headBranch() == "refs/heads/main", consultation.workspace.root != nil { try checkout(tag.target) }
            do {
                try repository.setReference("refs/heads/main", to: tag.target, expecting: main, message: "sop adopt: finish \(name)")
            } catch let error as GitError where error.isRace {
                throw SOPError(.conflict, "main moved while finishing the interrupted adoption \(name)", hint: "run `sop adopt` again")
            }
            return Result(tag: name, commit: tag.target, record: record)
        }
        return nil
    }

    /// Checks out a commit of main, refused with nothing changed when unsaved edits are in the way.
    private func checkout(_ commit: ObjectID) throws {
        do {
            try repository.checkout(commit)
        } catch let error as GitError where error.code == .conflict {
            throw SOPError(.conflict, "the work tree has unsaved changes on main: \(error.message)", hint: "save or undo them, then adopt again")
        }
    }

    /// `main`'s tree with the approved revision's procedures in scope, and nothing else of the
    /// draft (set.yaml, templates and other files were not consulted on). Refused when main
    /// changed the same procedures since the draft left it, naming the sections both changed.
    func mergedTree(main: ObjectID, approved: ObjectID, scope: [String]) throws -> ObjectID {
        let approvedTree = try repository.commit(approved).tree
        let mainTree = try repository.commit(main).tree
        let base = try repository.mergeBase(main, approved)
        let baseTree = try base.map { try repository.commit($0).tree }
        func inScope(_ path: String) -> Bool { Procedure.idPrefix(ofFile: path).map(scope.contains) ?? false }
        let onDraft = try repository.diff(from: baseTree, to: approvedTree).filter { inScope($0.newPath) || inScope($0.oldPath) }
        let onMain = try repository.diff(from: baseTree, to: mainTree).filter { inScope($0.newPath) || inScope($0.oldPath) }
        let both = Set(onMain.map(\.newPath)).intersection(onDraft.map(\.newPath)).filter { path in
            (try? repository.entry(at: path, inTree: mainTree)?.id) != (try? repository.entry(at: path, inTree: approvedTree)?.id)
        }
        if !both.isEmpty, let base {
            let ids = both.compactMap(Procedure.idPrefix(ofFile:)).sorted()
            let workspace = consultation.workspace
            let before = try RevisionText(workspace: workspace, commit: base.hex, scope: ids).fingerprints()
            let mainPrints = try RevisionText(workspace: workspace, commit: main.hex, scope: ids).fingerprints()
            let draftPrints = try RevisionText(workspace: workspace, commit: approved.hex, scope: ids).fingerprints()
            let sections = Set(before.keys).union(mainPrints.keys).union(draftPrints.keys).filter {
                before[$0] != mainPrints[$0] && before[$0] != draftPrints[$0]
            }.sorted().map(RevisionText.describe)
            let onMainOnly = RevisionText.differences(before, mainPrints)
            // The text put in force must be exactly the text approved, section by section, so
            // main's own changes to these procedures must first go through the draft.
            throw SOPError(
                .conflict,
                sections.isEmpty
                    ? "main has changed \(onMainOnly.joined(separator: ", ")) since the draft left it; those sections were not part of what was approved"
                    : "main has changed since the draft left it, in the same sections: \(sections.joined(separator: ", "))",
                hint: "bring main's changes into the draft, revise the round, and decide again")
        }
        var changes: [TreeChange] = []
        for delta in onDraft {
            if delta.status == .deleted {
                changes.append(.remove(path: delta.oldPath))
            } else {
                changes.append(.write(path: delta.newPath, blob: delta.newID))
                if delta.status == .renamed { changes.append(.remove(path: delta.oldPath)) }
            }
        }
        // A procedure in scope whose approved text main lacks entirely (e.g. main moved back).
        for (path, entry) in try repository.files(under: Workspace.proceduresDirectory, inTree: approvedTree) where inScope(path) {
            if try repository.entry(at: path, inTree: mainTree)?.id != entry.id, !changes.contains(where: { $0.path == path }) {
                changes.append(.write(path: path, blob: entry.id))
            }
        }
        return try repository.updateTree(mainTree, applying: changes)
    }

    /// Sets status, version and effective date of the adopted procedures and marks the ones
    /// they supersede; front matter only, so every section's fingerprint stays as approved.
    func updateFrontMatter(
        _ tree: ObjectID, scope: [String], main: ObjectID, effective: Day, today: Day
    ) throws -> (ObjectID, [Preview.Procedure], [String]) {
        let files = try repository.files(under: Workspace.proceduresDirectory, inTree: tree)
        let mainTree = try repository.commit(main).tree
        var changes: [TreeChange] = []
        var procedures: [Preview.Procedure] = []
        var supersededIDs: [String] = []
        let status = effective <= today ? Status.effective : Status.adopted
        for (path, entry) in files.sorted(by: { $0.key < $1.key }) {
            guard !Translation.isTranslationPath(path), let id = Procedure.idPrefix(ofFile: path), scope.contains(id) else { continue }
            var text = String(decoding: try repository.blob(entry.id), as: UTF8.self)
            let procedure = try Procedure.parse(path: path, text: text)
            var version = procedure.metadata.version ?? "1.0"
            let previous = try repository.entry(at: path, inTree: mainTree).flatMap { old in
                try? Procedure.parse(path: path, text: String(decoding: try repository.blob(old.id), as: UTF8.self))
            }
            if previous?.metadata.version == version { version = FrontMatterEdit.nextMinor(version) }
            text = FrontMatterEdit.setting("version", to: "\"\(version)\"", in: text)
            text = FrontMatterEdit.setting("status", to: status.rawValue, in: text)
            text = FrontMatterEdit.setting("effective", to: effective.description, in: text)
            changes.append(.write(path: path, blob: try repository.writeBlob(Data(text.utf8))))
            procedures.append(
                Preview.Procedure(
                    id: id, title: procedure.metadata.title ?? id, path: path, oldVersion: previous?.metadata.version,
                    oldStatus: previous?.metadata.status?.rawValue, newVersion: version, newStatus: status.rawValue))
            supersededIDs += procedure.metadata.supersedes
        }
        for (path, entry) in files where supersededIDs.contains(Procedure.idPrefix(ofFile: path) ?? "") {
            let text = String(decoding: try repository.blob(entry.id), as: UTF8.self)
            changes.append(.write(path: path, blob: try repository.writeBlob(Data(FrontMatterEdit.setting("status", to: Status.superseded.rawValue, in: text).utf8))))
        }
        return (try repository.updateTree(tree, applying: changes), procedures, supersededIDs.sorted())
    }

    func nextVersion(_ now: Date) throws -> String {
        let year = Day(now).year
        let used = try repository.references(matching: "refs/tags/set/\(year).*").compactMap { Int($0.name.split(separator: ".").last ?? "") }
        return "\(year).\((used.max() ?? 0) + 1)"
    }

    /// `YEAR.N`: the year of adoption and a sequence number (2027.1).
    static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0].count == 4 && (1...4).contains(parts[1].count)
            && parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } } && parts[1].first != "0"
    }
}
