import CGit2
import Foundation

extension Repository {
    /// Makes the index match a commit's tree, so `git status` agrees with a commit written
    /// without the index. Retries briefly while another process holds `index.lock`, and
    /// removes one a killed process left (see ``StaleLock``).
    public func resetIndex(to commit: ObjectID) throws {
        let tree = try lookupTree(try self.commit(commit).tree)
        var attempt = 0
        while true {
            let index = try Handle.make("open index", free: git_index_free) { git_repository_index($0, pointer) }
            do {
                try StaleLock.recovering(in: gitDirectory, locks: ["index.lock"]) {
                    try check(git_index_read_tree(index.pointer, tree.pointer), "read tree into index")
                    try check(git_index_write(index.pointer), "write index")
                }
                return
            } catch let error as GitError where error.code == .locked && attempt < 100 {
                attempt += 1
                usleep(20_000)
            }
        }
    }

    /// Updates the work tree and index to a commit, refusing (and changing nothing) when that
    /// would overwrite changes that were not committed. A stale `index.lock` is removed.
    ///
    /// The work tree is taken to hold `baseline` (HEAD's commit when nil): a file that differs
    /// from it counts as an unsaved change. A caller whose files are not at HEAD's commit (it
    /// checked out another, or HEAD's branch moved since) passes the commit they are at.
    public func checkout(_ commit: ObjectID, from baseline: ObjectID? = nil) throws {
        var oid = commit.oid
        let object = try Handle.make("read commit \(commit.short)", free: git_object_free) {
            git_object_lookup($0, pointer, &oid, GIT_OBJECT_COMMIT)
        }
        let baselineTree = try baseline.map { try lookupTree(try self.commit($0).tree) }
        var options = git_checkout_options()
        try check(git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "prepare checkout")
        options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        options.baseline = baselineTree?.pointer
        try StaleLock.recovering(in: gitDirectory, locks: ["index.lock"]) {
            try check(git_checkout_tree(pointer, object.pointer, &options), "check out \(commit.short)")
        }
        withExtendedLifetime(baselineTree) {}
    }
}
