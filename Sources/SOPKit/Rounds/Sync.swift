import Foundation
import Git

/// Exchanging drafts and rounds with another capital's repository by ordinary fetch and push.
///
/// Round refs that diverged are merged by the union of their event files; every arriving
/// event is checked against the rules first, and those that break them are refused (left
/// out of the merged tree) and reported.
public final class Sync {
    public let workspace: Workspace
    let log: EventLog
    var repository: Repository { workspace.repository }

    public struct Report: Sendable, Codable {
        public struct Refusal: Sendable, Codable {
            public let round: String
            public let event: String
            public let reason: String
        }

        public var remote: String
        public var url: String
        /// New events per round that arrived and were accepted.
        public var arrivedEvents: [String: Int] = [:]
        /// Draft branches (and main, and set/*, review/* and ack/* tags) created or fast-forwarded from the remote.
        public var arrivedDrafts: [String] = []
        /// Entries of the key registry that arrived and verified.
        public var arrivedKeyChanges = 0
        /// References pushed to the remote.
        public var sent: [String] = []
        public var refused: [Refusal] = []
        /// Drafts (or main, or a tag) changed on both sides; they are left for a person to reconcile.
        public var diverged: [String] = []
        /// References the remote would not take, with its reason; the next sync retries them.
        public var rejected: [String: String] = [:]
        /// This clone's round refs that do not read as rounds: neither merged into nor sent.
        public var unreadableRounds: [UnreadableRound] = []
    }

    /// The clock arriving events are checked against (`SOP_NOW` or the system's by default).
    let now: Date

    public init(_ workspace: Workspace, now: Date? = nil) {
        self.workspace = workspace
        self.now = now ?? Timestamp.now()
        log = EventLog(repository: workspace.repository)
    }

    public static func isValidRemoteName(_ name: String) -> Bool {
        (1...40).contains(name.count) && name.first?.isLetter == true
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }
    }

    public func addRemote(_ name: String, url: String) throws {
        guard Sync.isValidRemoteName(name) else {
            throw SOPError(.invalidArgument, "'\(name)' is not a remote name; use letters, digits, '-' and '_'")
        }
        guard !url.trimmingCharacters(in: .whitespaces).isEmpty else { throw SOPError(.invalidArgument, "empty URL") }
        let isPath = !url.contains("://") && !url.contains(":") || url.hasPrefix("/") || url.hasPrefix(".")
        if isPath, !FileManager.default.fileExists(atPath: url) {
            throw SOPError(.notFound, "no repository at \(url)", hint: "give the path of a git repository, or a file://, git://, https:// or ssh:// URL")
        }
        if try repository.remotes().contains(where: { $0.name == name }) {
            throw SOPError(.exists, "remote '\(name)' already exists")
        }
        try repository.addRemote(name, url: url)
    }

    public func remotes() throws -> [(name: String, url: String)] { try repository.remotes() }

    /// Fetches, merges and pushes; safe to run again after an interruption at any point.
    public func sync(_ requested: String?) throws -> Report {
        let remotes = try repository.remotes()
        guard !remotes.isEmpty else {
            throw SOPError(.notFound, "no remote configured", hint: "add one with `sop remote add NAME URL`")
        }
        let name = requested ?? (remotes.count == 1 ? remotes[0].name : "origin")
        guard let url = remotes.first(where: { $0.name == name })?.url else {
            throw SOPError(.notFound, "no remote named '\(name)'", hint: "remotes: \(remotes.map(\.name).joined(separator: ", "))")
        }
        var report = Report(remote: name, url: url)
        let incoming = try Quarantine(for: repository, remote: name, url: url)
        do {
            try incoming.fetch()
        } catch let error as GitError {
            throw SOPError(
                .notFound, "cannot fetch from \(name) (\(url)): \(error.message)",
                hint: "check that the URL names a git repository you can reach")
        }
        // Earlier versions kept what they fetched under refs/sop/remotes/, which kept a replica's
        // objects reachable here: nothing reads those refs now.
        for (stale, target) in try repository.references(matching: "refs/sop/remotes/\(name)/*") {
            try repository.deleteReference(stale, expecting: target)
        }
        try mergeRegistry(incoming, into: &report)
        log.reloadRegistry()
        try mergeBranches(incoming, into: &report)
        try mergeTags(incoming, into: &report)
        let behind = try mergeRounds(incoming, into: &report)
        try push(incoming, rounds: behind, into: &report)
        return report
    }

    /// The key registry moves only forward, and only to a chain that verifies from the root
    /// this clone trusts: anything else is refused by name and the local registry stays as it was.
    private func mergeRegistry(_ incoming: Quarantine, into report: inout Report) throws {
        guard let remoteHead = incoming.tips[RegistryStore.reference] else { return }
        let store = RegistryStore(repository)
        let local = try store.read()
        if store.pinnedRoot() == nil, local.refusal == nil, let root = local.registry.rootID { try store.pin(root) }
        func refuse(_ reason: String) { report.refused.append(.init(round: "registry", event: "*", reason: reason)) }
        let remote: RegistryStore.Loaded
        do {
            remote = try RegistryStore(incoming.repository).read(remoteHead)
        } catch {
            return refuse("the key registry from \(report.remote) cannot be read: \(error)")
        }
        // The entries up to the first refused one still count: a bad entry appended on the
        // server must not stop the good ones (a revocation) from spreading.
        if let refusal = remote.refusal {
            refuse("the key registry from \(report.remote) does not verify"
                + (remote.registry.sequence > 0 ? " after entry \(remote.registry.sequence)" : "") + ": \(refusal)")
            if remote.registry.sequence == 0 { return }
        }
        do {
            try store.checkRoot(remote.registry)
        } catch let error as SOPError {
            return refuse(error.message)
        }
        if let root = local.registry.rootID, remote.registry.rootID != root {
            return refuse("the key registry from \(report.remote) starts from another root than this clone's (\(root.prefix(16))…)")
        }
        let localEntries = local.registry.entries
        let remoteEntries = remote.registry.entries
        let shared = min(localEntries.count, remoteEntries.count)
        guard Array(localEntries.prefix(shared)) == Array(remoteEntries.prefix(shared)) else {
            let fork = zip(localEntries, remoteEntries).first { $0 != $1 }?.0.sequence ?? shared
            report.diverged.append("registry")
            return refuse("the key registry from \(report.remote) differs from this clone's at entry \(fork): one of the two rewrote it; run `sop key list` on both")
        }
        guard remoteEntries.count > localEntries.count else { return }
        if remote.refusal == nil, let problem = try incoming.admit(remoteHead) {
            return refuse("the key registry from \(report.remote) is not taken: \(problem)")
        }
        let target = try remote.refusal == nil
            ? remoteHead
            : store.write(remoteEntries, parent: local.commit, message: "sop sync: the verified entries of \(report.remote)'s registry", author: Signature(name: "sop sync", email: "sync@sop.invalid"))
        try repository.setReference(RegistryStore.reference, to: target, expecting: local.commit, message: "sop sync: \(report.remote)")
        if store.pinnedRoot() == nil, let root = remote.registry.rootID { try store.pin(root) }
        report.arrivedKeyChanges = remoteEntries.count - localEntries.count
    }

    /// Drafts and main move only forward: a branch changed on both sides is left for a person,
    /// and one whose new objects do not pass the quarantine's checks is refused.
    private func mergeBranches(_ incoming: Quarantine, into report: inout Report) throws {
        let current = try repository.headBranch()
        let drafts = incoming.tips(under: Drafts.prefix).map { ($0.target, "draft/" + $0.name, Drafts.prefix + $0.name) }
        let main = incoming.tips["refs/heads/main"].map { [($0, "main", "refs/heads/main")] } ?? []
        for (remote, draft, branch) in drafts + main {
            let local = try repository.reference(branch)
            if local == remote { continue }
            if let local, try incoming.repository.isAncestor(remote, of: local) { continue }
            if let local, try !incoming.repository.isAncestor(local, of: remote) {
                report.diverged.append(draft)
                continue
            }
            if let problem = try incoming.admit(remote) {
                report.refused.append(.init(round: draft, event: "*", reason: "\(draft) from \(report.remote) is not taken: \(problem)"))
                continue
            }
            if branch == current, workspace.root != nil {
                do {
                    try repository.checkout(remote)
                } catch let error as GitError where error.code == .conflict {
                    report.diverged.append(draft)
                    continue
                }
            }
            try repository.setReference(branch, to: remote, expecting: local, message: "sop sync: \(report.remote)")
            report.arrivedDrafts.append(draft)
        }
    }

    /// Publications arrive only when they verify here, on main as it is after the merge; a tag
    /// that differs here and there is reported, never replaced.
    private func mergeTags(_ incoming: Quarantine, into report: inout Report) throws {
        for (name, remote) in incoming.tips(under: "refs/tags/") {
            let tag = "refs/tags/" + name
            let local = try repository.reference(tag)
            if local == remote { continue }
            if local != nil {
                report.diverged.append(name)
                continue
            }
            func refuse(_ reason: String) { report.refused.append(.init(round: name, event: "*", reason: "\(name) from \(report.remote) is not taken: \(reason)")) }
            if let problem = try incoming.admit(remote) {
                refuse(problem)
                continue
            }
            try repository.setReference(tag, to: remote, expecting: nil, message: "sop sync: \(report.remote)")
            let verified: Verification.Report
            do {
                verified = try Verification(workspace).target(name)
            } catch let error as SOPError {
                try repository.deleteReference(tag, expecting: remote)
                refuse(error.message)
                continue
            }
            guard verified.ok else {
                try repository.deleteReference(tag, expecting: remote)
                refuse(verified.checks.first { !$0.ok }?.what ?? "it does not verify")
                continue
            }
            report.arrivedDrafts.append(name)
        }
    }

    /// Merges every round by the union of its events: the arriving ones that the rules, the
    /// clock and the text accept are written into a tree and a commit of our own, whose only
    /// parent is ours, so nothing else of a replica's round commit (other files, its parents)
    /// ever enters this clone. Returns the rounds whose remote copy ours should replace.
    private func mergeRounds(_ incoming: Quarantine, into report: inout Report) throws -> Set<String> {
        var texts: [String: RevisionText] = [:]
        let remoteLog = EventLog(repository: incoming.repository, cached: false)
        var behind = Set(try log.roundIDs())
        for (id, remoteHead) in incoming.tips(under: "refs/sop/rounds/") {
            guard Round.isValidID(id) else {
                report.refused.append(.init(round: id, event: "*", reason: "not a valid round name"))
                continue
            }
            let remote: EventLog.Loaded
            do {
                remote = try remoteLog.load(remoteHead)
            } catch {
                report.refused.append(.init(round: id, event: "*", reason: "the round from \(report.remote) cannot be read: \(error)"))
                continue
            }
            if let refusal = try junkRound(id, arriving: remote, into: &report) {
                report.refused.append(refusal)
                continue
            }
            var refusals: [Report.Refusal] = []
            var accepted = 0
            var known: Set<String> = []
            try repository.updateReference(Round.reference(id), message: "sop sync: merge \(id) from \(report.remote)") { localHead in
                refusals = remote.malformed.map { .init(round: id, event: $0.key, reason: $0.value) }
                accepted = 0
                let local = try localHead.map { try log.load($0, round: id) }
                known = Set(local?.events.keys.map { $0 } ?? [])
                if localHead == remoteHead { return nil }
                let localEvents = Array(local?.events.values ?? [:].values)
                let arriving = remote.events.values.filter { !known.contains($0.path) }.sorted(by: <)
                guard !arriving.isEmpty else { return nil }
                let registry = log.registry(forRound: id, localEvents + arriving)
                // Judged by a fold of everything at once, as every later fold will judge them: a
                // close that arrives with events it does not hold refuses them here too.
                let union = Round(id: id, events: localEvents + arriving, registry: registry)
                var excluded: [String: String] = [:]
                for event in arriving {
                    if let reason = try Sync.futureProblem(event, now: now) ?? sectionProblem(event, round: union, texts: &texts) {
                        excluded[event.id] = reason
                    }
                }
                let merged = excluded.isEmpty ? union : Round(id: id, events: localEvents + arriving.filter { excluded[$0.id] == nil }, registry: registry)
                let applied = Set(merged.applied)
                let reasons = Dictionary(merged.refused.map { ($0.event.id, $0.reason) }, uniquingKeysWith: { first, _ in first })
                var changes: [TreeChange] = []
                for event in arriving {
                    guard applied.contains(event.id) else {
                        refusals.append(.init(round: id, event: event.id, reason: excluded[event.id] ?? reasons[event.id] ?? "refused by the rules"))
                        continue
                    }
                    changes.append(.write(path: event.path, blob: try repository.writeBlob(event.json)))
                    accepted += 1
                }
                guard !changes.isEmpty else { return nil }
                let tree = try repository.updateTree(local?.tree, applying: changes)
                let author = Signature(name: "sop sync", email: "sync@sop.invalid")
                return try repository.createCommit(
                    tree: tree, parents: localHead.map { [$0] } ?? [], message: "Merge round \(id) from \(report.remote)", author: author)
            }
            // The remote's round is replaced when it lacks events of ours, or holds files that are
            // no events at all. Events refused only here (dated in this clock's future, on a
            // revision not here yet) stay there for the clones that can judge them.
            if known.isSubset(of: remote.events.keys), remote.malformed.isEmpty { behind.remove(id) }
            if accepted > 0 { report.arrivedEvents[id] = accepted }
            report.refused += refusals
        }
        return behind
    }

    /// Why the round `id` is not merged at all, nil when it is. A replica's round that is new
    /// here must hold a valid opening on its own, or it is refused by name (one without events
    /// would otherwise pass in silence); this clone's own round ref that does not read as a
    /// round is left as it is and reported, instead of stopping the sync. Only a round that
    /// moved is read.
    func junkRound(_ id: String, arriving remote: EventLog.Loaded, into report: inout Report) throws -> Report.Refusal? {
        guard let local = try repository.reference(Round.reference(id)) else {
            let events = Array(remote.events.values)
            guard !Round(id: id, events: events, registry: log.registry(forRound: id, events)).isOpened else { return nil }
            return Report.Refusal(round: id, event: "*", reason: "the round from \(report.remote) has no valid opening event: it does not read as a round")
        }
        guard local != remote.commit, try isJunkRound(Round.reference(id), at: local, into: &report) else { return nil }
        return Report.Refusal(round: id, event: "*", reason: "this clone's ref of the round does not read as a round, so nothing is merged into it")
    }

    /// Whether `name` at `id` is one of this clone's round refs that does not read as a round;
    /// it is reported (once) and never sent, as every replica would refuse it.
    func isJunkRound(_ name: String, at id: ObjectID, into report: inout Report) throws -> Bool {
        guard name.hasPrefix("refs/sop/rounds/") else { return false }
        do {
            _ = try log.readRound(String(name.dropFirst("refs/sop/rounds/".count)), at: id)
            return false
        } catch let junk as UnreadableRound {
            if !report.unreadableRounds.contains(junk) { report.unreadableRounds.append(junk) }
            return true
        }
    }

    /// How far ahead of this clone's clock an event's time may be: clocks drift by minutes,
    /// and an event dated later than that was not written when it says.
    static let clockTolerance: TimeInterval = 600

    /// An event dated after the moment it arrives was not written then.
    static func futureProblem(_ event: Event, now: Date) -> String? {
        event.at > now.addingTimeInterval(clockTolerance) ? "it is dated \(Timestamp.string(event.at)), in the future of this clone's clock" : nil
    }

    /// A comment must name a section that exists in the revision it was made on.
    private func sectionProblem(_ event: Event, round: Round, texts: inout [String: RevisionText]) throws -> String? {
        guard event.kind == .commentAdded, let commit = event.payload["revision"]?.string,
            let procedure = event.payload["procedure"]?.string, let section = event.payload["section"]?.string
        else { return nil }
        if texts[commit] == nil {
            guard (try? repository.resolveCommit(commit)) != nil else { return "the revision \(commit.prefix(10)) it comments on is not here" }
            texts[commit] = try RevisionText(workspace: workspace, commit: commit, scope: round.procedures)
        }
        return texts[commit]!.section(procedure, section) == nil ? "no section \(procedure)#\(section) in the revision it comments on" : nil
    }

    /// Sends what the remote lacks: rounds it lacks events of (replacing its round commit, whose
    /// valid events ours holds, only if it is still the one fetched), and drafts, main, tags
    /// and the registry where ours moved on.
    /// The push starts from the quarantine, which has the remote's objects, so only new ones go.
    private func push(_ incoming: Quarantine, rounds behind: Set<String>, into report: inout Report) throws {
        var refspecs: [String] = []
        var pushed: [String] = []
        let rounds = try repository.references(matching: "refs/sop/rounds/*").filter { behind.contains(String($0.name.dropFirst("refs/sop/rounds/".count))) }
        let others = try Quarantine.fetched.filter { !$0.hasPrefix("refs/sop/rounds/") }.flatMap { try repository.references(matching: $0) }
        for (name, id) in rounds.map({ ($0.name, $0.target) }) + others.map({ ($0.name, $0.target) }) {
            let short = name == RegistryStore.reference ? "registry" : name.hasPrefix("refs/heads/") ? String(name.dropFirst(11)) : String(name.dropFirst(10))
            if report.diverged.contains(short) { continue }
            let remote = incoming.tips[name]
            if remote == id { continue }
            if try isJunkRound(name, at: id, into: &report) { continue }
            var force = name.hasPrefix("refs/sop/rounds/")
            if name == RegistryStore.reference, let remote, (try? incoming.repository.isAncestor(remote, of: id)) != true {
                // The remote's registry commit is not ours. When its verified entries are a
                // prefix of ours (someone cut it, or appended an entry that does not verify),
                // ours replaces it, or a revocation would stop spreading; anything else (another
                // root, a fork) was refused by name on the way in and is left there.
                guard let theirs = try? RegistryStore(incoming.repository).read(remote) else { continue }
                let ours = try RegistryStore(repository).read(id)
                guard ours.refusal == nil, theirs.registry.sequence <= ours.registry.sequence,
                    theirs.registry.sequence < ours.registry.sequence || theirs.refusal != nil,
                    Array(ours.registry.entries.prefix(theirs.registry.sequence)) == theirs.registry.entries
                else { continue }
                force = true
            }
            // A branch or tag of ours that is not ahead of the remote's (one refused or left
            // diverged on the way in) stays as it is there.
            if !force, let remote, (try? incoming.repository.isAncestor(remote, of: id)) != true { continue }
            refspecs.append("\(force ? "+" : "")\(name):\(name)")
            pushed.append(name)
        }
        guard !refspecs.isEmpty else { return }
        try incoming.mirror(pushed, of: repository)
        let result: PushReport
        do {
            // Replacing a round is safe only over the commit it merged: the push is refused
            // when anyone pushed since the fetch.
            result = try incoming.repository.push(
                remote: report.remote, refspecs: refspecs, expecting: Dictionary(uniqueKeysWithValues: pushed.map { ($0, incoming.tips[$0]) }))
        } catch let error as GitError where error.code == .modified {
            throw SOPError(
                .conflict, "fetched and merged, but nothing was sent: \(error.message)",
                hint: "run `sop sync` again; it merges what arrived meanwhile and sends the rest")
        } catch let error as GitError {
            throw SOPError(
                .git, "fetched and merged, but the push to \(report.remote) failed: \(error.message)",
                hint: "run `sop sync` again; it will send what is missing and nothing twice")
        }
        report.rejected = result.rejected
        report.sent += pushed.filter { result.rejected[$0] == nil }
    }
}
