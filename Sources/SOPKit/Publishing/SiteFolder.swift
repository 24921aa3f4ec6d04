import Foundation

/// The output folder of `sop publish`: made when missing, refused when it is a file or not
/// writable, and written file by file without ever touching files sop did not write.
extension Publisher {
    static func outputFolder(_ path: String) throws -> URL {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw SOPError(.invalidArgument, "--out \(path) is a file, not a folder", hint: "choose a folder for the site, e.g. --out _site")
            }
        } else {
            do {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } catch {
                throw SOPError(.io, "cannot create the folder \(path): \(error.localizedDescription)", hint: "choose a folder you can write to with --out")
            }
        }
        guard FileManager.default.isWritableFile(atPath: url.path) else {
            throw SOPError(.io, "the folder \(path) is not writable", hint: "choose a folder you can write to with --out, or change its permissions")
        }
        return url
    }

    /// Every file under `folder`, relative to it, outside sop's own `.sop/` folder.
    static func files(in folder: URL) -> Set<String> {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: Set<String> = []
        let base = folder.standardizedFileURL.path.count + 1
        for case let url as URL in enumerator {
            let relative = String(url.standardizedFileURL.path.dropFirst(base))
            if relative == SiteManifest.folder || relative.hasPrefix(SiteManifest.folder + "/") && !relative.hasPrefix(PrintEdition.fragmentFolder) {
                continue
            }
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { files.insert(relative) }
        }
        return files
    }

    static func write(_ data: Data, to url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw SOPError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Removes files sop wrote (paths from the manifest) and the folders they leave empty.
    static func remove(_ paths: [String], in folder: URL) -> Int {
        var removed = 0
        for path in paths where !path.isEmpty && !path.split(separator: "/").contains("..") {
            let url = folder.appendingPathComponent(path)
            if (try? FileManager.default.removeItem(at: url)) != nil { removed += 1 }
            let parent = url.deletingLastPathComponent()
            if parent.standardizedFileURL.path != folder.standardizedFileURL.path,
                (try? FileManager.default.contentsOfDirectory(atPath: parent.path))?.isEmpty == true
            {
                try? FileManager.default.removeItem(at: parent)
            }
        }
        return removed
    }
}
