import Foundation

/// `.sop/manifest.json` in a published folder: every file `sop publish` wrote there, and what
/// each page was made from. It is both the publish cache (unchanged inputs, pages kept) and the
/// record of which files are sop's: a file not in it, or changed since sop wrote it, is someone
/// else's and is never overwritten or deleted.
struct SiteManifest: Codable {
    static let format = 1
    static let folder = ".sop"
    static let path = folder + "/manifest.json"
    /// The files a publish is writing: sop's whatever is in them, until the manifest is written.
    static let writingPath = folder + "/writing.json"

    /// Written as one string, `HASH SIZE TIME`: the manifest lists thousands of files, and
    /// one value each reads and writes several times faster than an object each.
    struct File: Codable {
        /// SHA-256 of the content written.
        var hash: String
        /// The file's size and time right after writing.
        var stamp: SiteFolder.Stamp

        init(hash: String, stamp: SiteFolder.Stamp) {
            self.hash = hash
            self.stamp = stamp
        }

        init(from decoder: Decoder) throws {
            let parts = try decoder.singleValueContainer().decode(String.self).split(separator: " ")
            guard parts.count == 3, let size = Int(parts[1]), let modified = Int(parts[2]) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected HASH SIZE TIME"))
            }
            self.init(hash: String(parts[0]), stamp: SiteFolder.Stamp(size: size, modified: modified))
        }

        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode("\(hash) \(stamp.size) \(stamp.modified)")
        }
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
    /// sop binary); read as empty after an interrupted publish, so that it is redone.
    var key: String
    /// The commit published, from which the next publish reads only the newer commits.
    var commit: String
    var files: [String: File]
    /// The pages about the whole set (index, states, print edition) → their ``PageKey``.
    var pages: [String: String]
    /// By procedure path.
    var procedures: [String: Entry]
    /// What `sop verify` said of each published version, and a hash of what it read.
    var verified: [String: Verified]?
    /// Files an interrupted publish was writing (from `writing.json`).
    var writing: Set<String> = []

    struct Verified: Codable {
        var fingerprint: String
        var ok: Bool
    }

    enum CodingKeys: String, CodingKey { case format, key, commit, files, pages, procedures, verified }

    /// The manifest of `folder`, or nil when there is none or it cannot be read (then every
    /// page is made again and no existing file counts as sop's).
    static func read(in folder: URL) -> SiteManifest? {
        var manifest = (try? Data(contentsOf: folder.appendingPathComponent(path)))
            .flatMap { try? JSONDecoder().decode(SiteManifest.self, from: $0) }
            .flatMap { $0.format == format ? $0 : nil }
        if let data = try? Data(contentsOf: folder.appendingPathComponent(writingPath)), let paths = try? JSONDecoder().decode([String].self, from: data) {
            var interrupted = manifest ?? SiteManifest(key: "", commit: "", files: [:], pages: [:], procedures: [:])
            interrupted.writing = Set(paths)
            interrupted.key = ""
            manifest = interrupted
        }
        return manifest
    }

    /// Notes the files about to be written, before writing them: if the publish stops half-way,
    /// they still count as sop's and the next publish redoes the work.
    static func willWrite(_ paths: [String], in folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(SiteManifest.folder), withIntermediateDirectories: true)
            try JSONEncoder().encode(paths.sorted()).write(to: folder.appendingPathComponent(writingPath), options: .atomic)
        } catch {
            throw SOPError(.io, "cannot write \(folder.appendingPathComponent(writingPath).path): \(error.localizedDescription)")
        }
    }

    func write(in folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(SiteManifest.folder), withIntermediateDirectories: true)
            try encoder.encode(self).write(to: folder.appendingPathComponent(SiteManifest.path), options: .atomic)
            try? FileManager.default.removeItem(at: folder.appendingPathComponent(SiteManifest.writingPath))
        } catch {
            throw SOPError(.io, "cannot write \(folder.appendingPathComponent(SiteManifest.path).path): \(error.localizedDescription)")
        }
    }

    /// Which files of the folder are sop's: those it lists with the size and time they have now,
    /// or with the content they have now (a copy or `touch` changes the time, not the text), and
    /// those an interrupted publish was writing. `intact` are the listed ones whose content is
    /// as recorded, with their current stamp: only those may be kept without writing them again.
    func ownership(in folder: SiteFolder) -> (ours: Set<String>, intact: [String: File]) {
        var ours: Set<String> = []
        var intact: [String: File] = [:]
        for (path, stamp) in folder.files {
            if writing.contains(path) {
                ours.insert(path)
            } else if var file = files[path] {
                guard file.stamp == stamp || (try? Data(contentsOf: folder.url.appendingPathComponent(path))).map(ContentHash.of) == file.hash else {
                    continue
                }
                file.stamp = stamp
                ours.insert(path)
                intact[path] = file
            }
        }
        return (ours, intact)
    }
}
