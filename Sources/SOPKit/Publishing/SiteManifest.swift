import Foundation

/// `.sop/manifest.json` in a published folder: every file `sop publish` wrote there, with its
/// content hash, and what each procedure's pages were made from. It is both the publish
/// cache (unchanged inputs, pages kept) and the list of files `--clean` may remove: anything
/// not in it is someone else's and is never deleted.
struct SiteManifest: Codable {
    static let format = 1
    static let folder = ".sop"
    static let path = folder + "/manifest.json"

    struct Entry: Codable {
        var facts: ProcedureFacts
        /// The newest commit that changed the file: its history on the page depends on it.
        var lastChange: String
        /// The files made from it (its page, redline, per-state pages, print fragment).
        var pages: [String]
    }

    var format = SiteManifest.format
    /// Hash of everything every page depends on (templates, set.yaml, versions, options).
    var key: String
    /// Site-relative path → SHA-256 of the content written.
    var files: [String: String]
    /// By procedure path.
    var procedures: [String: Entry]

    /// The manifest of `folder`, or nil when there is none or it cannot be read (then every
    /// page is made again and no existing file counts as ours).
    static func read(in folder: URL) -> SiteManifest? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(path)),
            let manifest = try? JSONDecoder().decode(SiteManifest.self, from: data), manifest.format == format
        else { return nil }
        return manifest
    }

    func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileManager.default.createDirectory(at: folder.appendingPathComponent(SiteManifest.folder), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: folder.appendingPathComponent(SiteManifest.path), options: .atomic)
    }
}
