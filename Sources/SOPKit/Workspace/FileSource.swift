import Foundation
import Git

/// Where a workspace's files are read from: the work tree a drafter edits, or a commit.
///
/// Lint and listing read the work tree; history, diff and publishing read commits, so the
/// same loading code serves both.
public protocol FileSource {
    /// Paths (relative to the workspace root) of the files directly inside `directory`.
    func files(in directory: String) throws -> [String]
    /// Paths of the folders directly inside `directory` (`Procedures/es`).
    func folders(in directory: String) throws -> [String]
    /// The text of a file, checked by `TextFile.decode`; nil when there is no such file.
    func text(at path: String) throws -> String?
    /// Whether a file exists at `path`, without reading it.
    func contains(_ path: String) throws -> Bool
    /// A short name for messages (`work tree`, `main@1a2b3c4d5e`).
    var name: String { get }
}

/// The files on disk under a workspace root.
public struct WorktreeSource: FileSource {
    public let root: URL

    public init(root: URL) { self.root = root }

    public var name: String { "work tree" }

    public func files(in directory: String) throws -> [String] {
        let url = root.appendingPathComponent(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let path = directory.isEmpty ? name : directory + "/" + name
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { return nil }
            return path
        }
    }

    public func folders(in directory: String) throws -> [String] {
        let url = root.appendingPathComponent(directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else { return [] }
        return names.sorted().compactMap { name in
            var isDirectory: ObjCBool = false
            let path = directory + "/" + name
            guard !name.hasPrefix("."), FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return path
        }
    }

    public func contains(_ path: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
    }

    public func text(at path: String) throws -> String? {
        let url = root.appendingPathComponent(path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try TextFile.read(url, path: path)
    }
}

/// The files of one commit, read through libgit2.
public struct CommitSource: FileSource {
    let repository: Repository
    public let commit: ObjectID
    let tree: ObjectID
    public let name: String

    public init(repository: Repository, commit: ObjectID, name: String? = nil) throws {
        self.repository = repository
        self.commit = commit
        self.tree = try repository.commit(commit).tree
        self.name = name ?? commit.short
    }

    public func files(in directory: String) throws -> [String] {
        guard let entry = try repository.entry(at: directory, inTree: tree), entry.kind == .tree else { return [] }
        return try repository.entries(ofTree: entry.id).filter { $0.kind == .blob }.map { directory + "/" + $0.name }
            .sorted()
    }

    public func folders(in directory: String) throws -> [String] {
        guard let entry = try repository.entry(at: directory, inTree: tree), entry.kind == .tree else { return [] }
        return try repository.entries(ofTree: entry.id).filter { $0.kind == .tree }.map { directory + "/" + $0.name }.sorted()
    }

    public func contains(_ path: String) throws -> Bool {
        try repository.entry(at: path, inTree: tree)?.kind == .blob
    }

    public func text(at path: String) throws -> String? {
        guard let entry = try repository.entry(at: path, inTree: tree), entry.kind == .blob else { return nil }
        return try text(ofBlob: entry.id, path: path)
    }

    /// The bytes of a file, for files that are not text (a logo in the site's templates).
    public func data(at path: String) throws -> Data {
        guard let entry = try repository.entry(at: path, inTree: tree), entry.kind == .blob else {
            throw SOPError(.notFound, "no file \(path) in \(name)")
        }
        return try repository.blob(entry.id)
    }

    /// The text of a blob already looked up (in a listing of a folder), checked like any file,
    /// its size before it is read.
    public func text(ofBlob blob: ObjectID, path: String) throws -> String {
        try TextFile.checkSize(try repository.blobSize(blob), path: path)
        return try TextFile.decode(try repository.blob(blob), path: path)
    }
}
