import CGit2
import Foundation

/// A commit that changed a file, with the file's path in that commit.
public struct FileRevision: Sendable, Equatable {
    public enum Change: Sendable, Equatable { case added, modified, renamed(from: String), deleted }
    public let commit: Commit
    public let path: String
    public let change: Change
}

extension Repository {
    /// Every commit reachable from `start` (and not from `hidden`), newest first (topological,
    /// then by time).
    public func walk(from start: ObjectID, hiding hidden: ObjectID? = nil, _ visit: (ObjectID) throws -> Bool) throws {
        let walker = try Handle.make("start revision walk", free: git_revwalk_free) { git_revwalk_new($0, pointer) }
        try check(git_revwalk_sorting(walker.pointer, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "sort walk")
        var oid = start.oid
        try check(git_revwalk_push(walker.pointer, &oid), "walk from \(start.short)")
        if let hidden {
            var hiddenOID = hidden.oid
            try check(git_revwalk_hide(walker.pointer, &hiddenOID), "hide \(hidden.short)")
        }
        var next = git_oid()
        while true {
            let status = git_revwalk_next(&next, walker.pointer)
            if status == GIT_ITEROVER.rawValue { return }
            try check(status, "walk history")
            guard try visit(ObjectID(next)) else { return }
        }
    }

    /// The commits that changed the file at `path`, newest first, following renames the way
    /// `git log --follow` does (a file that disappears is looked for under its old name).
    public func history(of path: String, from start: ObjectID) throws -> [FileRevision] {
        var current = path
        var revisions: [FileRevision] = []
        try walk(from: start) { id in
            let commit = try self.commit(id)
            guard let entry = try entry(at: current, inTree: commit.tree) else { return true }
            let parentEntries = try commit.parents.map { try self.entry(at: current, inTree: self.commit($0).tree) }
            if parentEntries.contains(where: { $0?.id == entry.id }) { return true }
            if !commit.parents.isEmpty, parentEntries.allSatisfy({ $0 == nil }) {
                let parentTree = try self.commit(commit.parents[0]).tree
                // Only the files removed here can be where this one came from.
                let deltas = try diff(from: parentTree, to: commit.tree)
                let removed = deltas.filter { $0.status == .deleted }.map(\.oldPath)
                let mode = Repository.renameDetection(added: deltas.filter { $0.status == .added }.count, removed: removed.count)
                let renamed = try removed.isEmpty
                    ? nil
                    : diff(from: parentTree, to: commit.tree, renames: mode, paths: removed + [current])
                        .first { $0.status == .renamed && $0.newPath == current }
                if let renamed {
                    revisions.append(FileRevision(commit: commit, path: current, change: .renamed(from: renamed.oldPath)))
                    current = renamed.oldPath
                    return true
                }
                revisions.append(FileRevision(commit: commit, path: current, change: .added))
                return true
            }
            revisions.append(
                FileRevision(commit: commit, path: current, change: commit.parents.isEmpty ? .added : .modified))
            return true
        }
        return revisions
    }

    /// ``history(of:from:)`` for every file under `directory` at `start`, in one walk: one tree
    /// diff per commit and parent instead of a walk per file, which publishing a thousand
    /// procedures needs.
    public func histories(under directory: String, from start: ObjectID) throws -> [String: [FileRevision]] {
        let head = try commit(start)
        // The name each followed file has at the point the walk has reached → its path at `start`.
        var tracking: [String: String] = [:]
        for path in try files(under: directory, inTree: head.tree).keys { tracking[path] = path }
        var result: [String: [FileRevision]] = [:]
        try walk(from: start) { id in
            let commit = try self.commit(id)
            let parents = try commit.parents.map { try self.commit($0).tree }
            var first = try diff(from: parents.first, to: commit.tree)
            let added = first.filter { $0.status == .added }.count
            let removed = first.filter { $0.status == .deleted }.count
            if !parents.isEmpty, added > 0, removed > 0 {
                first = try diff(from: parents.first, to: commit.tree, renames: Repository.renameDetection(added: added, removed: removed), paths: nil)
            }
            // A file that is the same as in any parent was not changed by this commit (a merge
            // that took it from one side), as `history(of:)` decides.
            var unchangedSomewhere: Set<String> = []
            for parent in parents.dropFirst() {
                let changed = Set(try diff(from: parent, to: commit.tree).map(\.newPath))
                unchangedSomewhere.formUnion(tracking.keys.filter { !changed.contains($0) })
            }
            // Names as they were before this commit's renames, so that a chain of renames in
            // one commit (B→C, A→B) is read the same in any order.
            let before = tracking
            for delta in first where delta.status != .deleted {
                guard let path = before[delta.newPath], !unchangedSomewhere.contains(delta.newPath) else { continue }
                let change: FileRevision.Change
                switch delta.status {
                case .added: change = .added
                case .renamed:
                    change = .renamed(from: delta.oldPath)
                    if tracking[delta.newPath] == path { tracking[delta.newPath] = nil }
                    tracking[delta.oldPath] = path
                default:
                    // A change of mode alone leaves the content, which is what a history shows.
                    guard delta.oldID != delta.newID || parents.isEmpty else { continue }
                    change = parents.isEmpty ? .added : .modified
                }
                result[path, default: []].append(FileRevision(commit: commit, path: delta.newPath, change: change))
            }
            return !tracking.isEmpty
        }
        return result
    }

    /// For each path under `directory`, the newest commit reachable from `start` that changed it.
    ///
    /// One walk serves every file, so listing a thousand procedures costs one pass over history.
    public func lastChanges(under directory: String, from start: ObjectID) throws -> [String: Commit] {
        let head = try commit(start)
        var pending = Set(try files(under: directory, inTree: head.tree).keys)
        var found: [String: Commit] = [:]
        try walk(from: start) { id in
            let commit = try self.commit(id)
            let parentTree = try commit.parents.first.map { try self.commit($0).tree }
            for delta in try diff(from: parentTree, to: commit.tree) where pending.contains(delta.newPath) {
                found[delta.newPath] = commit
                pending.remove(delta.newPath)
            }
            return !pending.isEmpty
        }
        return found
    }

    /// The paths under `directory` that the commits reachable from `start` but not from
    /// `since` changed (or removed), each with the newest such commit: what changed since an
    /// earlier commit, in one walk over the new commits only.
    public func changes(under directory: String, from start: ObjectID, since: ObjectID) throws -> [String: Commit] {
        var found: [String: Commit] = [:]
        let prefix = directory.isEmpty ? "" : directory + "/"
        try walk(from: start, hiding: since) { id in
            let commit = try self.commit(id)
            let parentTree = try commit.parents.first.map { try self.commit($0).tree }
            for delta in try diff(from: parentTree, to: commit.tree) {
                for path in [delta.oldPath, delta.newPath] where path.hasPrefix(prefix) && found[path] == nil {
                    found[path] = commit
                }
            }
            return true
        }
        return found
    }
}

extension Repository {
    /// Whether `ancestor` is reachable from `commit` (a commit is not its own ancestor).
    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) throws -> Bool {
        var descendant = commit.oid
        var base = ancestor.oid
        return try check(git_graph_descendant_of(pointer, &descendant, &base), "compare history") == 1
    }
}
