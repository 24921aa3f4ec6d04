import Foundation
import Git
import Markdown

/// `sop export akn`: every procedure of an adopted set, in every language version it has at
/// that tag, as Akoma Ntoso 3.0 documents, so that a legislature or ministry can cite exactly
/// which text applied and who approved it.
///
/// Reads the tag through libgit2 and its sealed record as ``ApprovalRecord`` reads it for the
/// site. Every document is made before any file is written, so a refusal writes nothing.
public struct AkomaNtosoExport {
    /// What an export wrote, for people and (`--json`) scripts.
    public struct Report: Sendable, Codable {
        public struct File: Sendable, Codable {
            public var procedure: String
            /// The ISO 639-1 code of the language version (`en`, `fr`).
            public var language: String
            public var path: String
        }

        public var out: String
        public var ref: String
        public var version: String
        public var commit: String
        public var files: [File]
    }

    public let workspace: Workspace

    public init(_ workspace: Workspace) { self.workspace = workspace }

    /// Exports the set at `ref` (by default the newest `set/*` tag that verifies) into `out`.
    public func export(ref: String?, out: String) throws -> Report {
        let edition = try Edition.resolve(workspace, ref: ref)
        guard let published = edition.current, let record = published.record else {
            throw SOPError(
                .invalidArgument, "\(edition.ref) is not an adopted set: it has no sealed adoption record",
                hint: "export a version adopted with `sop adopt` (a set/YEAR.N tag); `git tag -l 'set/*'` lists them")
        }
        let folder = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SOPError(.invalidArgument, "-o \(out) is a file, not a folder", at: Location(folder.path), hint: "name a folder to write the documents into (it is made if missing)")
        }
        let documents = try self.documents(edition, published: published, record: record)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for document in documents {
                try Data(document.xml.utf8).write(to: folder.appendingPathComponent(document.file), options: .atomic)
            }
        } catch {
            throw SOPError(.io, "cannot write into \(folder.path): \(error.localizedDescription)", at: Location(folder.path), hint: "check that the folder can be written to")
        }
        return Report(
            out: folder.path, ref: edition.ref, version: published.version, commit: published.commit.hex,
            files: documents.map { .init(procedure: $0.procedure, language: $0.language, path: folder.appendingPathComponent($0.file).path) })
    }

    /// One document to write: `SOP-004.fr.xml` and its text.
    struct Output {
        let procedure: String
        let language: String
        let xml: String
        var file: String { "\(procedure).\(language).xml" }
    }

    /// Every document of the set at the tag: each procedure in its source language, then each
    /// of its translations, by procedure ID and language.
    func documents(_ edition: Edition, published: PublishedVersion, record: Record) throws -> [Output] {
        let repository = workspace.repository
        let snapshot = try Snapshot.load(from: edition.source)
        let set = try? snapshot.set.get()
        let source = set?.sourceLanguage ?? "en"
        let procedures = snapshot.procedures.filter { !Translation.isTranslationPath($0.path) }.sorted { $0.id < $1.id }
        // A work's year is the year it was first adopted, so later versions stay expressions of it.
        func adoptionYear(_ version: PublishedVersion?) -> Int? { version?.record?.adopted.map { Day($0).year } }
        let years = Dictionary(procedures.map { procedure in
            (procedure.id, adoptionYear(edition.history.first { $0.procedures.contains(procedure.id) }) ?? adoptionYear(published) ?? Day(Date()).year)
        }) { first, _ in first }
        let works = Dictionary(procedures.map { ($0.path, AkomaNtosoNames.work($0.id, year: years[$0.id] ?? 0)) }) { first, _ in first }
        let log = EventLog(repository: repository)
        var outputs: [Output] = []
        for procedure in procedures {
            let adopting = edition.adoption(of: procedure.id)
            let approval = adopting.flatMap { version in
                version.record.map { ApprovalRecord(version: version, record: $0, set: set, registry: KeyRegistry.at(repository, commit: version.commit), verified: true) }
            }
            let opened = try approval.flatMap { approval in
                try repository.reference(Round.reference(approval.record.round)).flatMap { head in
                    (try? log.readRound(approval.record.round, at: head)).map(\.opened)
                }
            }
            let adoptedDay = (approval?.record.adopted ?? record.adopted).map(Day.init)
            guard let date = procedure.metadata.effective ?? adoptedDay else { continue }
            let year = years[procedure.id] ?? date.year
            let original = AkomaNtosoNames(procedure: procedure.id, year: year, language: AkomaNtosoNames.alpha3(source) ?? source, date: date)
            let directory = (procedure.path as NSString).deletingLastPathComponent
            let body = AkomaNtosoBody { destination in Self.href(destination, from: directory, works: works) }
            func document(_ names: AkomaNtosoNames, title: String, status: Translation.Status?, blocks: [MarkdownBlock]) -> String {
                AkomaNtosoDocument(
                    names: names, original: original, metadata: procedure.metadata, title: title, translation: status, set: set, published: published,
                    approval: approval, opened: opened, firstAdoption: edition.history.first { $0.procedures.contains(procedure.id) }?.tag == adopting?.tag,
                    body: body.content(of: blocks)
                ).xml
            }
            outputs.append(Output(procedure: procedure.id, language: source, xml: document(original, title: procedure.title, status: nil, blocks: procedure.document.blocks)))
            let translations = snapshot.translations.filter { $0.procedureID == procedure.id && $0.path == Translation.path(of: procedure.path, in: $0.folderLanguage) }
            for translation in translations.sorted(by: { $0.folderLanguage < $1.folderLanguage }) where translation.folderLanguage != source {
                let language = translation.folderLanguage
                let names = AkomaNtosoNames(procedure: procedure.id, year: year, language: AkomaNtosoNames.alpha3(language) ?? language, date: date)
                outputs.append(
                    Output(
                        procedure: procedure.id, language: language,
                        xml: document(names, title: translation.title ?? procedure.title, status: translation.status ?? .working, blocks: translation.document.blocks)))
            }
        }
        return outputs
    }

    /// Where a link goes in Akoma Ntoso: `#sec_…` within the document, another procedure's
    /// work IRI with `~sec_…`, anything else (a web address, a file that is no procedure) as written.
    static func href(_ destination: String, from directory: String, works: [String: String]) -> String {
        guard CrossReference.scheme(of: destination) == nil else { return destination }
        let reference = CrossReference(destination)
        if reference.file.isEmpty { return reference.fragment.map { "#" + AkomaNtosoNames.eId(section: $0) } ?? destination }
        guard let path = CrossReference.resolve(reference.file, from: directory), let work = works[path] else { return destination }
        return AkomaNtosoNames.section(reference.fragment, of: work)
    }
}
