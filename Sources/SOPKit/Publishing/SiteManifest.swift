import Foundation

/// `.sop/manifest.json` in a published folder: every file `sop publish` wrote there, and what
/// each page was made from. It is both the publish cache (unchanged inputs, pages kept) and the
/// record of which files are sop's: a file not in it, or changed since sop wrote it, is someone
/// else's and is never overwritten or deleted.
struct SiteManifest: Codable {
    static let format = 1
    static let folder = ".sop"
    static let path = folder + "/manifest.json"

    struct File: Codable {
        /// SHA-256 of the content written.
        var hash: String
        /// The file's size and time right after writing.
        var stamp: SiteFolder.Stamp

        /// A file about to be written: sop's, whatever is there, until the publish finishes.
        static let writing = File(hash: "", stamp: SiteFolder.Stamp(size: -1, modified: 0))
    }

    struct Entry: Codable {
        var facts: ProcedureFacts
        /// The newest commit that changed the file: its history on the page depends on it.
        var lastChange: String
        /// The files made from it (its page, redline, per-state pages, print fragment).
        var pages: [String]
    }

    var format = SiteManifest.format
    /// Hash of everything every page depends on (templates, set.yaml, versions, options, the
    /// sop binary); empty while a publish is being written, so an interrupted one is redone.
    var key: String
    /// The commit published, from which the next publish reads only the newer commits.
    var commit: String
    var files: [String: File]
    /// The pages about the whole set (index, states, print edition) → their ``PageKey``.
    var pages: [String: String]
    /// By procedure path.
    var procedures: [String: Entry]

    /// The manifest of `folder`, or nil when there is none or it cannot be read (then every
    /// page is made again and no existing file counts as sop's).
    static func read(in folder: URL) -> SiteManifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(path)),
            let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data), manifest.format == format
        else { return nil }
        return manifest
    }

    func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(SiteManifest.folder), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: folder.appendingPathComponent(SiteManifest.path), options: .atomic)
        } catch {
            throw SOPError(.io, "cannot write \(folder.appendingPathComponent(SiteManifest.path).path): \(error.localizedDescription)")
        }
    }

    /// Whether `path` in the folder is a file sop wrote and nobody changed since.
    func owns(_ path: String, in folder: SiteFolder) -> Bool {
        guard let file = files[path], let stamp = folder.files[path] else { return false }
        return file.stamp == stamp || file.stamp == File.writing.stamp
    }
}
