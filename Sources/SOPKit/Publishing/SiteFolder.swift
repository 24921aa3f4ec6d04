import Foundation

/// The output folder of `sop publish`, as it is on disk: made when missing, refused when it is
/// a file or not writable, and listed with each file's size and modification time so that a
/// file sop wrote and someone changed since counts as theirs.
struct SiteFolder {
    /// What the folder held before this publish: site-relative path → size and time.
    struct Stamp: Codable, Equatable {
        var size: Int
        /// Modification time in nanoseconds since 1970.
        var modified: Int
    }

    let url: URL
    /// Every regular file under the folder.
    private(set) var files: [String: Stamp] = [:]
    /// Symbolic links (never followed, never written through, never removed).
    private(set) var links: Set<String> = []
    /// Folders inside it.
    private(set) var directories: Set<String> = []
    /// Whether this publish made the folder (it is removed again if the publish fails early).
    private(set) var created = false

    /// Opens (or makes) the folder and lists it.
    init(_ path: String) throws {
        url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SOPError(.invalidArgument, "--out \(path) is a file, not a folder", hint: "choose a folder for the site, e.g. --out _site")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
                created = true
            } catch {
                throw SOPError(.io, "cannot create the folder \(path): \(error.localizedDescription)", hint: "choose a folder you can write to with --out")
            }
        }
        guard access(url.path, W_OK) == 0 else {
            throw SOPError(.io, "the folder \(path) is not writable", hint: "choose a folder you can write to with --out, or change its permissions")
        }
        removeAbandonedPartials()
        scan("")
    }

    /// Where each publishing process writes files before renaming them into place:
    /// `.sop/partial/<pid>/`, inside the folder so that the rename stays on one file system.
    ///
    /// A publish killed while writing leaves its half-written files there, never among the
    /// pages (Foundation's atomic write would leave them next to the page, served with the
    /// site), and the next publish removes the folders of processes no longer running.
    static let partial = SiteManifest.folder + "/partial"

    private func removeAbandonedPartials() {
        let partials = url.appendingPathComponent(SiteFolder.partial)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: partials.path)) ?? [] {
            if let pid = pid_t(name), pid > 0, kill(pid, 0) == 0 || errno == EPERM { continue }
            try? FileManager.default.removeItem(at: partials.appendingPathComponent(name))
        }
        rmdir(partials.path)
    }

    /// Walks the tree with readdir and lstat: Foundation's enumerator costs tens of
    /// milliseconds on a thousand files.
    private mutating func scan(_ relative: String) {
        let path = relative.isEmpty ? url.path : url.path + "/" + relative
        guard let directory = opendir(path) else { return }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
            if name == "." || name == ".." { continue }
            let child = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path + "/" + name, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                directories.insert(child)
                scan(child)
            case S_IFREG: files[child] = SiteFolder.stamp(info)
            case S_IFLNK: links.insert(child)
            default: continue
            }
        }
    }

    static func stamp(_ info: stat) -> Stamp {
        Stamp(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    /// Whether writing `path` would go through a symbolic link.
    func passesThroughLink(_ path: String) -> Bool {
        folders(of: path).contains { links.contains($0) } || links.contains(path)
    }

    /// Whether something other than a file of sop's stands where `path` goes: a link on the
    /// way, a file where a folder must be, or a folder where the file must be.
    func isBlocked(_ path: String, ours: Set<String>) -> Bool {
        passesThroughLink(path) || directories.contains(path) || folders(of: path).contains { files[$0] != nil }
            || (files[path] != nil && !ours.contains(path))
    }

    /// `a`, `a/b` for `a/b/c.html`.
    private func folders(of path: String) -> [String] {
        let parts = path.split(separator: "/").dropLast()
        return parts.indices.map { parts[...$0].joined(separator: "/") }
    }

    /// Writes files on all cores and returns their stamps. Folders are made first, one thread
    /// alone, so that no two threads race to make the same one.
    func write(_ files: [(path: String, data: Data)]) throws -> [String: Stamp] {
        for directory in Set(files.map { ($0.path as NSString).deletingLastPathComponent }) where !directory.isEmpty {
            let folder = url.appendingPathComponent(directory)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw SOPError(.io, "cannot make the folder \(folder.path): \(error.localizedDescription)")
            }
        }
        let partial = url.appendingPathComponent(SiteFolder.partial + "/\(getpid())")
        do {
            try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
        } catch {
            throw SOPError(.io, "cannot make the folder \(partial.path): \(error.localizedDescription)")
        }
        defer {
            try? FileManager.default.removeItem(at: partial)
            rmdir(partial.deletingLastPathComponent().path)
        }
        let stamps = try Parallel.map(files) { file -> Stamp in
            let target = url.appendingPathComponent(file.path)
            let written = partial.appendingPathComponent(UUID().uuidString)
            do {
                try file.data.write(to: written)
            } catch {
                throw SOPError(.io, "cannot write \(target.path): \(error.localizedDescription)")
            }
            guard rename(written.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: written)
                throw SOPError(.io, "cannot write \(target.path): \(reason)")
            }
            return try stamp(of: file.path)
        }
        return Dictionary(uniqueKeysWithValues: zip(files.map(\.path), stamps))
    }

    func stamp(of path: String) throws -> Stamp {
        var info = stat()
        guard lstat(url.appendingPathComponent(path).path, &info) == 0 else {
            throw SOPError(.io, "cannot read \(url.appendingPathComponent(path).path) back after writing it")
        }
        return SiteFolder.stamp(info)
    }

    /// Removes files sop wrote and the folders they leave empty; returns how many went.
    func remove(_ paths: [String]) -> Int {
        var removed = 0
        for path in paths where !path.isEmpty && !path.split(separator: "/").contains("..") && !passesThroughLink(path) {
            let file = url.appendingPathComponent(path)
            if (try? FileManager.default.removeItem(at: file)) != nil { removed += 1 }
            var parent = file.deletingLastPathComponent()
            while parent.path.count > url.path.count, (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: parent)
                parent = parent.deletingLastPathComponent()
            }
        }
        return removed
    }
}
