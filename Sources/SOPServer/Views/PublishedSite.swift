import Foundation
import SOPKit

/// The published protocol set as the portal serves it: published with `sop publish` into
/// `.git/sop/portal-site/` whenever main or the set's tags have moved since the last time.
final class PublishedSite: Sendable {
    let folder: URL
    /// What the folder was published from: main's commit and every set tag.
    private let published = Locked<String?>(nil)
    /// One publish at a time; readers of an up-to-date site do not wait.
    private let publishing = Locked<Void>(())

    init(folder: URL) { self.folder = folder }

    /// Publishes again when the repository has moved.
    func refresh(_ workspace: Workspace) throws {
        let repository = workspace.repository
        let tags = try repository.references(matching: "refs/tags/set/*").map { "\($0.name)=\($0.target.hex)" }
        let key = ((try repository.reference("refs/heads/main")?.hex) ?? "") + " " + tags.sorted().joined(separator: " ")
        guard published.value != key else { return }
        try publishing.withLock { _ in
            guard published.value != key else { return }
            _ = try Publisher(workspace).publish(ref: nil, options: .init(out: folder.path, keepGoing: true))
            published.value = key
        }
    }

    /// The file at a site path (`procedures/SOP-004.html`), refusing anything that could leave
    /// the folder: empty, dot or hidden components and characters outside a plain file name.
    func file(_ path: String) throws -> (data: Data, type: String) {
        guard Self.isPlain(path) else { throw PortalError.notFound("error.noSitePage") }
        let url = folder.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw PortalError.notFound("error.noSitePage")
        }
        return (data, Self.types[url.pathExtension] ?? "application/octet-stream")
    }

    /// The home page of `language`'s edition (`fr/index.html`): `sop publish` writes one for
    /// every language of the set; the source's for any other language.
    static func home(in language: String, of set: ProtocolSet?) -> String {
        guard let set, set.translationLanguages.contains(language), isPlain(language) else { return "index.html" }
        return "\(language)/index.html"
    }

    /// Whether a site path is plain file names joined by `/`.
    static func isPlain(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && !part.hasPrefix(".") && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }

    static let types = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8",
        "json": "application/json", "pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
    ]
}
