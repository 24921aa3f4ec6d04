import Foundation
import Git

/// One row of `sop list`.
public struct ProcedureSummary: Sendable, Codable {
    public struct Change: Sendable, Codable {
        public let commit: String
        public let date: Date
        public let author: String
        public let summary: String
    }

    public let id: String
    public let title: String
    public let version: String?
    public let status: String?
    public let owner: String?
    public let effective: String?
    public let reviewBy: String?
    public let path: String
    /// The newest commit that changed the file; nil when it was never committed.
    public let lastChange: Change?
    /// Whether the work tree differs from that commit.
    public let modified: Bool
}

/// One commit of `sop history`.
public struct HistoryEntry: Sendable, Codable {
    init(_ revision: FileRevision) {
        switch revision.change {
        case .added: change = "added"
        case .modified: change = "modified"
        case .deleted: change = "deleted"
        case .renamed: change = "renamed"
        }
        if case .renamed(let from) = revision.change { renamedFrom = from } else { renamedFrom = nil }
        commit = revision.commit.id.hex
        date = revision.commit.author.date
        author = revision.commit.author.name
        email = revision.commit.author.email
        summary = revision.commit.summary
        path = revision.path
    }

    public let commit: String
    public let date: Date
    public let author: String
    public let email: String
    public let summary: String
    public let path: String
    /// added, modified, renamed or deleted.
    public let change: String
    public let renamedFrom: String?
}

extension Workspace {
    /// The rows of `sop list`, optionally only procedures with one status.
    public func summaries(_ snapshot: Snapshot, status: Status? = nil) throws -> [ProcedureSummary] {
        let head = try repository.head()
        let changes = try head.map { try repository.lastChanges(under: Workspace.proceduresDirectory, from: $0) } ?? [:]
        let headTree = try head.map { try repository.commit($0).tree }
        return try snapshot.procedures
            .filter { status == nil || $0.metadata.status == status }
            .sorted { $0.id < $1.id }
            .map { procedure in
                let commit = changes[procedure.path]
                var modified = true
                if let headTree, let entry = try repository.entry(at: procedure.path, inTree: headTree) {
                    modified = try repository.blobID(for: procedure.source) != entry.id
                }
                let metadata = procedure.metadata
                return ProcedureSummary(
                    id: procedure.id, title: procedure.title, version: metadata.version, status: metadata.status?.rawValue,
                    owner: metadata.owner, effective: metadata.effective?.description,
                    reviewBy: metadata.reviewBy?.description, path: procedure.path,
                    lastChange: commit.map {
                        .init(commit: $0.id.hex, date: $0.author.date, author: $0.author.name, summary: $0.summary)
                    },
                    modified: modified)
            }
    }

    /// The commits that changed a file, newest first, following renames.
    public func history(of path: String, from revision: String = "HEAD") throws -> [HistoryEntry] {
        guard let start = revision == "HEAD" ? try repository.head() : try commitSource(revision).commit else {
            return []
        }
        return try repository.history(of: path, from: start).map(HistoryEntry.init)
    }

    /// Compares one procedure between two sources (a revision, or the work tree).
    public func diff(_ argument: String, from: String?, to: String?, comparing text: ProcedureDiff.Text) throws -> ProcedureDiff {
        let fromName = from ?? "HEAD"
        let old = try source(at: fromName)
        let new = try source(at: to)
        let id: String
        if Metadata.isProcedureID(argument) {
            id = argument
        } else {
            let path = try relativePath(argument)
            id = Procedure.idPrefix(ofFile: path) ?? path
        }
        func load(_ source: FileSource) throws -> Procedure? {
            let path: String
            if Metadata.isProcedureID(id) {
                guard let found = try? self.path(for: id, in: source) else { return nil }
                path = found
            } else {
                path = id
            }
            guard let text = try source.text(at: path) else { return nil }
            return try Procedure.parse(path: path, text: text)
        }
        let before = try load(old)
        let after = try load(new)
        guard before != nil || after != nil else {
            throw SOPError(.notFound, "\(argument) exists neither in \(old.name) nor in \(new.name)")
        }
        return ProcedureDiff(procedure: id, from: old.name, to: new.name, old: before, new: after, comparing: text)
    }
}
