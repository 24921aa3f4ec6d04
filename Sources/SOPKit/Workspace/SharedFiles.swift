import Foundation

/// The files `sop` ships beside its binary: the sample protocol set and the templates.
///
/// Looked up in `$SOP_SHARE_DIR`, then `<prefix>/share/sop` next to an installed binary, then
/// the source checkout a development build runs from, so `make demo` works without installing.
public enum SharedFiles {
    public static func directory() throws -> URL {
        let manager = FileManager.default
        func isShare(_ url: URL) -> Bool {
            manager.fileExists(atPath: url.appendingPathComponent(ProtocolSet.path).path)
                && manager.fileExists(atPath: url.appendingPathComponent("Templates/procedure.md").path)
        }
        if let override = ProcessInfo.processInfo.environment["SOP_SHARE_DIR"] {
            let url = URL(fileURLWithPath: override)
            guard isShare(url) else {
                throw SOPError(.notFound, "SOP_SHARE_DIR=\(override) has no Procedures/set.yaml and Templates/procedure.md")
            }
            return url
        }
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")).resolvingSymlinksInPath()
        var candidate = executable.deletingLastPathComponent()
        let installed = candidate.deletingLastPathComponent().appendingPathComponent("share/sop")
        if isShare(installed) { return installed }
        while candidate.path != "/" {
            if isShare(candidate), manager.fileExists(atPath: candidate.appendingPathComponent("Package.swift").path) {
                return candidate
            }
            candidate = candidate.deletingLastPathComponent()
        }
        throw SOPError(
            .notFound, "cannot find the bundled sample set and templates",
            hint: "run `make install`, or set SOP_SHARE_DIR to a folder with Procedures/ and Templates/")
    }

    /// Every file under `directory` of the share folder, keyed by share-relative path.
    static func files(under directory: String) throws -> [String: Data] {
        let share = try self.directory()
        let base = share.appendingPathComponent(directory)
        var files: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return files
        }
        for case let url as URL in enumerator where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            let relative = directory + "/" + url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count + 1)
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }
}
