import Foundation
import Git

/// Drafts are ordinary branches named `draft/NAME`, so any git tool can see and fetch them.
public struct Drafts {
    public static let prefix = "refs/heads/draft/"
    public let workspace: Workspace
    var repository: Repository { workspace.repository }

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// One draft branch.
    public struct Draft: Sendable, Codable, Equatable {
        public let name: String
        public let branch: String
        public let head: String
        public let current: Bool
        public let summary: String
        public let date: Date
    }

    /// The branch for a draft name, refusing names git or a URL could misread.
    public static func branch(for name: String) throws -> String {
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        let branch = prefix + name
        guard !name.isEmpty, name.count <= 64, allowed, !name.hasPrefix("."), !name.hasPrefix("-"), name != "main",
            Repository.isValidReferenceName(branch)
        else {
            throw SOPError(
                .invalidArgument, "'\(name)' is not a draft name; use letters, digits, '-', '_' and '.' (e.g. maritime-2027)")
        }
        return branch
    }

    /// Starts `draft/NAME` at the current commit and switches to it; the work tree is kept.
    public func start(_ name: String) throws -> Draft {
        let branch = try Drafts.branch(for: name)
        guard let head = try repository.head() else {
            throw SOPError(.invalidArgument, "the repository has no commit yet", hint: "run `sop init` first")
        }
        do {
            try repository.setReference(branch, to: head, expecting: nil, message: "sop draft start \(name)")
        } catch let error as GitError where error.code == .exists {
            throw SOPError(.exists, "draft '\(name)' already exists", hint: "switch to it with `sop draft switch \(name)`")
        }
        try repository.setHead(branch)
        return try draft(branch: branch, target: head, current: true)
    }

    public func list() throws -> [Draft] {
        let current = try repository.headBranch()
        return try repository.references(matching: Drafts.prefix + "*").map {
            try draft(branch: $0.name, target: $0.target, current: $0.name == current)
        }
    }

    /// Checks out a draft's text; refused (nothing changed) when unsaved edits would be lost.
    public func switchTo(_ name: String) throws -> Draft {
        let branch = name == "main" ? "refs/heads/main" : try Drafts.branch(for: name)
        guard let target = try repository.reference(branch) else {
            throw SOPError(.notFound, "no draft named '\(name)'", hint: "`sop draft list` shows the drafts; `sop draft start \(name)` makes one")
        }
        do {
            try repository.checkout(target)
        } catch let error as GitError where error.code == .conflict || error.code == .uncommitted {
            throw SOPError(
                .conflict, "unsaved changes in the work tree would be overwritten: \(error.message)",
                hint: "save them with `sop draft save -m MESSAGE` first")
        }
        try repository.setHead(branch)
        return try draft(branch: branch, target: target, current: true)
    }

    /// Commits every change under Procedures/ and Templates/ to the current draft branch.
    ///
    /// The commit is built in memory from the branch's head and the files on disk, and the
    /// branch is moved by compare-and-swap: when another `sop` saved first, the save is
    /// rebuilt on top of that commit, so no commit is ever lost.
    public func save(message: String, author: Signature) throws -> Commit {
        let root = try workspace.worktree().root
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SOPError(.invalidArgument, "empty commit message", hint: "say what changed: -m \"Clarify disembarkation timelines\"")
        }
        guard let branch = try repository.headBranch(), branch.hasPrefix(Drafts.prefix) else {
            throw SOPError(
                .invalidArgument, "the current branch is not a draft; main holds the text in force",
                hint: "start a draft with `sop draft start NAME` (your edits are kept)")
        }
        let scan = try WorkingFiles(root: root, repository: repository)
        let new: ObjectID?
        do {
            new = try repository.updateReference(branch, message: "sop draft save: \(message)") { parent in
                let base = try parent.map { try repository.commit($0).tree }
                let changes = try scan.changes(against: base)
                guard !changes.isEmpty else {
                    throw SOPError(.nothingToSave, "nothing to save: Procedures/ and Templates/ match the last save of \(branch.dropFirst(11))")
                }
                let tree = try repository.updateTree(base, applying: changes)
                return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: author)
            }
        } catch let error as SOPError where error.code == .nothingToSave {
            // A save killed after it moved the branch and before it updated the index left the
            // index behind the branch (`git status` would show the save undone); this is the
            // moment the next save can tell, so it brings the index up to date.
            if let head = try repository.reference(branch) { try repository.resetIndex(to: head) }
            throw error
        }
        guard let new else { throw SOPError(.git, "the draft branch vanished during save") }
        try repository.resetIndex(to: new)
        return try repository.commit(new)
    }

    private func draft(branch: String, target: ObjectID, current: Bool) throws -> Draft {
        let commit = try repository.commit(target)
        return Draft(
            name: String(branch.dropFirst(Drafts.prefix.count)), branch: branch, head: target.hex, current: current,
            summary: commit.summary, date: commit.committer.date)
    }
}

/// The files under Procedures/ and Templates/ on disk, hashed into blobs once per save.
struct WorkingFiles {
    static let directories = [Workspace.proceduresDirectory, Workspace.templatesDirectory]
    let repository: Repository
    let blobs: [String: (id: ObjectID, executable: Bool)]

    init(root: URL, repository: Repository) throws {
        self.repository = repository
        var blobs: [String: (id: ObjectID, executable: Bool)] = [:]
        let manager = FileManager.default
        for directory in WorkingFiles.directories {
            let base = root.appendingPathComponent(directory)
            guard let enumerator = manager.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            else { continue }
            for case let url as URL in enumerator {
                let values = try url.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey, .isDirectoryKey])
                if values.isDirectory == true, manager.fileExists(atPath: url.appendingPathComponent(".git").path) {
                    enumerator.skipDescendants()
                    continue
                }
                guard values.isRegularFile == true, values.isSymbolicLink != true, !WorkingFiles.isScratch(url.lastPathComponent) else { continue }
                let path = directory + "/" + url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)
                if try repository.isIgnored(path) { continue }
                try TextFile.checkSize((try? manager.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0, path: path)
                let data = try Data(contentsOf: url)
                let executable = manager.isExecutableFile(atPath: url.path)
                blobs[path] = (try repository.writeBlob(data), executable)
            }
        }
        self.blobs = blobs
    }

    /// Editor backups and lock files, never part of a save.
    static func isScratch(_ name: String) -> Bool {
        name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".swo") || name.hasPrefix(".#")
            || (name.hasPrefix("#") && name.hasSuffix("#")) || name == ".DS_Store"
    }

    /// What must change in `tree` for those directories to match the disk.
    func changes(against tree: ObjectID?) throws -> [TreeChange] {
        var committed: [String: TreeEntry] = [:]
        if let tree {
            for directory in WorkingFiles.directories {
                committed.merge(try repository.files(under: directory, inTree: tree)) { first, _ in first }
            }
        }
        var changes: [TreeChange] = []
        for (path, blob) in blobs.sorted(by: { $0.key < $1.key }) {
            let mode: UInt32 = blob.executable ? 0o100755 : 0o100644
            if let entry = committed[path], entry.id == blob.id, entry.mode == mode { continue }
            changes.append(.write(path: path, blob: blob.id, executable: blob.executable))
        }
        for path in committed.keys.sorted() where blobs[path] == nil {
            changes.append(.remove(path: path))
        }
        return changes
    }
}
