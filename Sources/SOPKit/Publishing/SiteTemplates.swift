import Crypto
import Foundation
import Mustache

/// The look of the published site (`Templates/site/`) or of the portal (`Templates/portal/`):
/// the Mustache templates and the other files (CSS, script), so that a secretariat restyles
/// them without touching Swift.
///
/// Read from the published revision (or a folder given with `--templates`), else from the files
/// `sop` ships, so that a version looks the same wherever it is published.
public struct SiteTemplates: Sendable {
    public static let directory = Workspace.templatesDirectory + "/site"
    /// The templates every site needs; the others in the folder are partials.
    public static let pages = ["index", "procedure", "redline", "state", "print", "print-procedure"]

    let library: MustacheLibrary
    /// Files copied as they are into the site (`style.css`, `search.js`), by file name.
    public let assets: [String: Data]
    /// Where they were read from, for messages.
    public let origin: String
    /// The words of the pages in each language (`messages/` beside the templates, else the
    /// words shipped with sop).
    public let catalogue: Catalogue
    /// A hash of every template and asset: a change to any of them makes every page stale.
    public let fingerprint: String

    /// Parses every `*.mustache` file of `files` (file name → content); a syntax error is
    /// reported at its file and line.
    /// `folder` is where the files are, for messages (`Templates/site`, or a `--templates` path).
    /// `pages` are the templates that must be there.
    init(
        files: [String: Data], origin: String, folder: String = SiteTemplates.directory, pages: [String] = SiteTemplates.pages,
        messages: [String: Data] = [:]
    ) throws {
        var library = MustacheLibrary()
        var assets: [String: Data] = [:]
        var hash = SHA256()
        for name in files.keys.sorted() {
            let data = files[name]!
            hash.update(data: Data(name.utf8) + [0] + data + [0])
            guard name.hasSuffix(".mustache") else {
                // The generated pages and search index are sop's; a file of the look may not
                // take their place.
                if name.hasSuffix(".html") || name == IndexPage.searchIndexFile {
                    throw SOPError(
                        .invalidFile, "\(folder)/\(name) would replace a page sop generates",
                        at: Location(folder + "/" + name), hint: "rename it; pages come from .mustache templates")
                }
                assets[name] = data
                continue
            }
            let path = folder + "/" + name
            let text = try TextFile.decode(data, path: path)
            do {
                library.register(try MustacheTemplate(string: text), named: String(name.dropLast(".mustache".count)))
            } catch let error as MustacheTemplate.ParserError {
                throw SOPError(
                    .invalidFile, "Mustache error in \(origin): \(SiteTemplates.describe(error.error))",
                    at: Location(path, line: error.context.lineNumber, column: error.context.columnNumber),
                    hint: "fix the template; `{{#name}}…{{/name}}` sections must close in order")
            }
        }
        for page in pages where library.getTemplate(named: page) == nil {
            throw SOPError(
                .notFound, "\(origin) has no \(page).mustache",
                hint: "it needs \(pages.map { $0 + ".mustache" }.joined(separator: ", ")); `sop init --sample` writes a full set")
        }
        for name in messages.keys.sorted() { hash.update(data: Data(("messages/" + name).utf8) + [0] + messages[name]! + [0]) }
        self.library = library
        self.assets = assets
        self.origin = origin
        catalogue =
            messages.isEmpty
            ? try Catalogue.load(templates: nil, directory: SiteTemplates.directory)
            : try Catalogue.load(files: messages, folder: folder + "/" + Catalogue.folderName)
        fingerprint = ContentHash.hex(hash.finalize())
    }

    /// The templates for publishing a revision: a folder given with `--templates` (to try a
    /// new look before committing it), else the revision's own `Templates/site/`, else the
    /// ones `sop` ships. Publishing a tag thus looks the same on every clone.
    /// The portal reads `Templates/portal/` the same way, with its own `pages`.
    public static func load(
        folder: String?, revision: CommitSource?, directory: String = SiteTemplates.directory, pages: [String] = SiteTemplates.pages
    ) throws -> SiteTemplates {
        if let folder {
            let url = URL(fileURLWithPath: folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
                throw SOPError(.notFound, "no templates folder \(folder)", hint: "pass the folder that holds index.mustache, e.g. --templates Templates/site")
            }
            var files: [String: Data] = [:]
            for name in names where !name.hasPrefix(".") {
                var isDirectory: ObjCBool = false
                let file = url.appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files[name] = try Data(contentsOf: file)
            }
            var messages: [String: Data] = [:]
            let messageFolder = url.appendingPathComponent(Catalogue.folderName)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: messageFolder.path)) ?? [] where name.hasSuffix(".yaml") {
                messages[name] = try Data(contentsOf: messageFolder.appendingPathComponent(name))
            }
            let path = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            return try SiteTemplates(files: files, origin: path, folder: path, pages: pages, messages: messages)
        }
        if let revision, case let committed = try revision.files(in: directory), !committed.isEmpty {
            var files: [String: Data] = [:]
            for path in committed where !(path as NSString).lastPathComponent.hasPrefix(".") {
                files[(path as NSString).lastPathComponent] = try revision.data(at: path)
            }
            var messages: [String: Data] = [:]
            for path in try revision.files(in: directory + "/" + Catalogue.folderName) where path.hasSuffix(".yaml") {
                messages[(path as NSString).lastPathComponent] = try revision.data(at: path)
            }
            return try SiteTemplates(files: files, origin: directory + "/ at \(revision.name)", folder: directory, pages: pages, messages: messages)
        }
        let shipped = try SharedFiles.files(under: directory)
        let messageFolder = directory + "/" + Catalogue.folderName + "/"
        // A shipped look has its own words when it has any (the portal's are loaded apart).
        func named(_ files: [String: Data]) -> [String: Data] {
            Dictionary(uniqueKeysWithValues: files.map { (($0.key as NSString).lastPathComponent, $0.value) })
        }
        return try SiteTemplates(
            files: named(shipped.filter { !$0.key.dropFirst(directory.count + 1).contains("/") }),
            origin: "the templates shipped with sop", folder: directory, pages: pages,
            messages: named(shipped.filter { $0.key.hasPrefix(messageFolder) && !$0.key.dropFirst(messageFolder.count).contains("/") }))
    }

    /// Renders a page template with its context (dictionaries, arrays, strings, booleans).
    public func render(_ page: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: page) ?? ""
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case MustacheTemplate.Error.sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case MustacheTemplate.Error.unfinishedName: return "a tag is not finished (missing '}}')"
        case MustacheTemplate.Error.expectedSectionEnd: return "a section is opened but never closed"
        case MustacheTemplate.Error.invalidSetDelimiter: return "a set-delimiter tag is malformed"
        default: return "\(error)"
        }
    }
}
