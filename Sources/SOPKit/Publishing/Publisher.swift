import Foundation
import Git

/// `sop publish`: renders an edition of the set into a static site and a print edition.
///
/// Reads the revision through libgit2, never the work tree. Pages are rendered on all cores;
/// the manifest in the output folder lets a re-publish render only the procedures whose
/// inputs changed (and the ones that link to them), keeping every other page as it is.
public struct Publisher {
    public struct Options: Sendable {
        public var out: String
        public var baseURL: String?
        public var pdf: Bool
        public var keepGoing: Bool
        public var clean: Bool

        public init(out: String = "_site", baseURL: String? = nil, pdf: Bool = false, keepGoing: Bool = false, clean: Bool = false) {
            self.out = out
            self.baseURL = baseURL
            self.pdf = pdf
            self.keepGoing = keepGoing
            self.clean = clean
        }
    }

    /// What a publish did, for people and (`--json`) scripts.
    public struct Report: Sendable, Codable {
        public var out: String
        public var ref: String
        public var edition: String
        public var commit: String
        public var templates: String
        /// Procedure IDs on the site.
        public var published: [String] = []
        /// Procedures left out (`--keep-going`) and why.
        public var left: [Diagnostic] = []
        /// Procedures whose pages were rendered this time (the rest came from the cache).
        public var rendered: [String] = []
        /// Files written, kept unchanged, and removed (ours, no longer produced).
        public var written = 0
        public var kept = 0
        public var removed = 0
        /// Files in the folder that sop did not write (left alone).
        public var foreign: [String] = []
        public var pdf: String?
        public var index: String
    }

    public let workspace: Workspace
    /// Called with (done, total) as pages are rendered.
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(_ workspace: Workspace) { self.workspace = workspace }

    var repository: Repository { workspace.repository }

    public func publish(ref: String?, options: Options) throws -> Report {
        let edition = try Edition.resolve(workspace, ref: ref)
        let pdfTool = try options.pdf ? PrintEdition.weasyprint() : nil
        let templates = try SiteTemplates.load(for: workspace, revision: edition.source)
        let folder = try Publisher.outputFolder(options.out)
        var manifest = SiteManifest.read(in: folder)
        var report = Report(
            out: folder.path, ref: edition.ref, edition: edition.label, commit: edition.commit.hex, templates: templates.origin,
            index: folder.appendingPathComponent("index.html").path)
        if options.clean, let old = manifest {
            report.removed += Publisher.remove(Array(old.files.keys), in: folder)
            manifest = nil
        }
        let existing = Publisher.files(in: folder)
        report.foreign = existing.filter { manifest?.files[$0] == nil }

        // What the pages are made from.
        let tree = try repository.commit(edition.commit).tree
        let files = try repository.files(under: Workspace.proceduresDirectory, inTree: tree).filter { $0.key.hasSuffix(".md") }
        let blobs = files.mapValues(\.id.hex)
        let histories = try repository.histories(under: Workspace.proceduresDirectory, from: edition.commit)
        let lastChanges = histories.compactMapValues { $0.first?.commit.id.hex }
        let setText = try edition.source.text(at: ProtocolSet.path)
        let set: ProtocolSet?
        var setProblems: [Diagnostic] = []
        do {
            guard let setText else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing", at: Location(ProtocolSet.path)) }
            set = try ProtocolSet.parse(setText)
        } catch let error as SOPError {
            set = nil
            setProblems.append(Linter.diagnostic(error, check: "set"))
        }
        let key = ContentHash.of(
            [
                "site-\(SiteManifest.format)", templates.fingerprint, setText ?? "",
                try edition.source.text(at: Template.path(Template.defaultName)) ?? "", options.baseURL ?? "",
                edition.ref, edition.label, edition.previous?.tag ?? "",
            ].joined(separator: "\u{0}") + edition.history.map { "\($0.tag)=\($0.commit.hex)" }.joined(separator: ","))

        // Which procedures must be read and rendered again.
        var reused: [String: SiteManifest.Entry] = [:]
        if let manifest, manifest.key == key, Set(manifest.procedures.keys) == Set(blobs.keys) {
            for (path, entry) in manifest.procedures where entry.facts.blob == blobs[path] && entry.lastChange == lastChanges[path] {
                reused[path] = entry
            }
            let changed = Set(blobs.keys).subtracting(reused.keys)
            for (path, entry) in reused where !changed.isDisjoint(with: entry.facts.targets) { reused[path] = nil }
        }
        let dirty = Set(blobs.keys.filter { reused[$0] == nil })

        // Read and lint them, with the procedures they link to.
        var snapshot = try load(dirty.sorted(), from: edition.source, entries: files)
        let targets = Set(snapshot.procedures.flatMap { ProcedureFacts($0, blob: "").targets }).subtracting(dirty).filter { blobs[$0] != nil }
        if !targets.isEmpty {
            let more = try load(targets.sorted(), from: edition.source, entries: files)
            snapshot = Snapshot(
                source: snapshot.source, set: set.map { .success($0) } ?? snapshot.set, procedures: snapshot.procedures + more.procedures,
                unreadable: snapshot.unreadable, requiredSections: snapshot.requiredSections)
        }
        let diagnostics = Linter.lint(snapshot, paths: dirty).filter { $0.severity == .error && $0.check != "set" }
        var facts = reused.mapValues(\.facts)
        for procedure in snapshot.procedures where dirty.contains(procedure.path) {
            var entry = ProcedureFacts(procedure, blob: blobs[procedure.path] ?? "")
            entry.problems = diagnostics.filter { $0.location.path == procedure.path }
            facts[procedure.path] = entry
        }
        let failing = facts.values.filter { !$0.isPublishable }.sorted { $0.id < $1.id }
        let problems = setProblems + snapshot.unreadable.map { Linter.diagnostic($0, check: "file") } + failing.flatMap(\.problems)
        if !problems.isEmpty, !options.keepGoing {
            let names = failing.map(\.id) + snapshot.unreadable.compactMap { $0.location?.path } + (setProblems.isEmpty ? [] : [ProtocolSet.path])
            throw SOPError(
                .lintFailed, "\(names.joined(separator: ", ")) \(names.count == 1 ? "fails" : "fail") lint; nothing was published:\n"
                    + problems.map(\.description).joined(separator: "\n"),
                hint: "fix the problems (`sop lint --ref \(edition.ref)` shows them), or publish the rest with --keep-going")
        }
        report.left = problems

        var verified: [String: Bool] = [:]
        for version in edition.history where version.record != nil {
            verified[version.tag] = (try? Verification(workspace).tag(version.tag).ok) ?? false
        }
        let model = try SiteModel(
            edition: edition, set: set, templates: templates, baseURL: options.baseURL, procedures: Array(facts.values), verified: verified)
        let before = try previousFiles(edition.previous)
        let changes = changes(since: before, current: facts)
        let redlined = Set(changes.filter { $0.kind == .changed }.map(\.id))

        // Render the procedures that changed, in parallel; keep the pages of the others.
        let toRender = snapshot.procedures.filter { dirty.contains($0.path) && facts[$0.path]?.isPublishable == true }
        var inputs: [PageInput] = []
        for procedure in toRender {
            let id = facts[procedure.path]!.id
            inputs.append(
                PageInput(
                    procedure: procedure, facts: facts[procedure.path]!, history: (histories[procedure.path] ?? []).map(HistoryEntry.init),
                    previous: redlined.contains(id) ? try previousText(of: id, in: before, version: edition.previous) : nil))
        }
        let total = toRender.count
        let counter = Counter()
        let progress = self.progress
        let rendered = try Parallel.map(inputs) { input -> [(String, Data)] in
            defer { progress?(counter.increment(), total) }
            return try Publisher.pages(for: input, model: model, edition: edition)
        }
        var outputs: [String: Data] = [:]
        var entries: [String: SiteManifest.Entry] = [:]
        for (input, pages) in zip(inputs, rendered) {
            for (path, data) in pages { outputs[path] = data }
            entries[input.facts.path] = SiteManifest.Entry(facts: input.facts, lastChange: lastChanges[input.facts.path] ?? "", pages: pages.map(\.0))
        }
        for (path, entry) in reused { entries[path] = entry }
        for path in dirty where entries[path] == nil {
            guard let entry = facts[path] else { continue }
            entries[path] = SiteManifest.Entry(facts: entry, lastChange: lastChanges[path] ?? "", pages: [])
        }

        // The pages about the whole set, made every time (from facts, not from the texts).
        outputs["index.html"] = Data(templates.render("index", IndexPage.context(model, changes: changes, pdf: options.pdf, left: failing)).utf8)
        outputs["search-index.js"] = Data(IndexPage.searchIndex(model).utf8)
        for state in model.states {
            outputs[SiteModel.statePage(state.code)] = Data(templates.render("state", StatePage.context(model, state: state)).utf8)
        }
        for (name, data) in templates.assets { outputs[name] = data }
        let published = model.procedures.filter(\.isPublishable)
        var fragments: [String] = []
        for procedure in published {
            let path = PrintEdition.fragmentPath(procedure.id)
            if let data = outputs[path] ?? (try? Data(contentsOf: folder.appendingPathComponent(path))) {
                fragments.append(String(decoding: data, as: UTF8.self))
            }
        }
        outputs[PrintEdition.page] = Data(PrintEdition.render(model, fragments: fragments).utf8)

        // Nothing is written over a file that is not ours.
        let kept = Set(reused.values.flatMap(\.pages))
        let clashes = outputs.keys.filter { existing.contains($0) && manifest?.files[$0] == nil }.sorted()
        guard clashes.isEmpty else {
            throw SOPError(
                .exists, "\(folder.path) holds files sop did not write, where the site goes: \(clashes.prefix(5).joined(separator: ", "))\(clashes.count > 5 ? ", …" : "")",
                hint: "move them away, or choose another --out; sop never overwrites or deletes files it did not write")
        }
        var written: [String: String] = [:]
        for path in kept { written[path] = manifest?.files[path] }
        for (path, data) in outputs {
            let hash = ContentHash.of(data)
            written[path] = hash
            if manifest?.files[path] == hash, existing.contains(path) {
                report.kept += 1
                continue
            }
            try Publisher.write(data, to: folder.appendingPathComponent(path))
            report.written += 1
        }
        report.kept += kept.count
        if let pdfTool {
            let pdf = PrintEdition.pdf
            if manifest?.files[PrintEdition.page] == written[PrintEdition.page], let old = manifest?.files[pdf], existing.contains(pdf) {
                written[pdf] = old
                report.kept += 1
            } else {
                try PrintEdition.makePDF(with: pdfTool, from: folder.appendingPathComponent(PrintEdition.page), to: folder.appendingPathComponent(pdf))
                written[pdf] = ContentHash.of(try Data(contentsOf: folder.appendingPathComponent(pdf)))
                report.written += 1
            }
            report.pdf = folder.appendingPathComponent(pdf).path
        }
        if let manifest {
            report.removed += Publisher.remove(manifest.files.keys.filter { written[$0] == nil }, in: folder)
        }
        try SiteManifest(key: key, files: written, procedures: entries).write(in: folder)
        report.published = published.map(\.id)
        report.rendered = inputs.map(\.facts.id)
        return report
    }

    /// What one procedure's pages are made from.
    struct PageInput {
        let procedure: Procedure
        let facts: ProcedureFacts
        let history: [HistoryEntry]
        /// Its text in the previous published version, when it changed since.
        let previous: Procedure?
    }

    /// A procedure's page, its redline, its per-state pages and its part of the print edition.
    static func pages(for input: PageInput, model: SiteModel, edition: Edition) throws -> [(String, Data)] {
        let facts = input.facts
        let templates = model.templates
        let body = ProcedurePage.body(input.procedure, facts: facts, model: model)
        var pages: [(String, Data)] = []
        func add(_ path: String, _ html: String) { pages.append((path, Data(html.utf8))) }
        let page = SiteModel.procedurePage(facts.id)
        add(
            page,
            templates.render(
                "procedure",
                ProcedurePage.context(
                    body: body, facts: facts, model: model, page: page, reservations: .footnotes, print: false, history: input.history,
                    redline: input.previous != nil)))
        if let previous = input.previous {
            let diff = ProcedureDiff(procedure: facts.id, from: edition.previous?.version ?? "", to: edition.label, old: previous, new: input.procedure)
            let redline = SiteModel.redlinePage(facts.id)
            add(redline, templates.render("redline", RedlinePage.context(diff, facts: facts, model: model, page: redline)))
        }
        for state in Set((model.reservations[facts.id] ?? []).map(\.participant)).sorted() where model.states.contains(where: { $0.code == state }) {
            let statePage = SiteModel.stateProcedurePage(state, facts.id)
            var context = ProcedurePage.context(
                body: body, facts: facts, model: model, page: statePage, reservations: .inline(state: state), print: false,
                history: input.history, redline: input.previous != nil)
            context["state"] = ["code": state, "name": model.set?.participant(state)?.name ?? state, "url": SiteModel.root(of: statePage) + SiteModel.statePage(state)]
            add(statePage, templates.render("procedure", context))
        }
        add(
            PrintEdition.fragmentPath(facts.id),
            templates.render(
                "print-procedure",
                ProcedurePage.context(
                    body: body, facts: facts, model: model, page: PrintEdition.page, reservations: .footnotes, print: true, history: [],
                    redline: false)))
        return pages
    }

    /// Reads (on this thread: libgit2 objects stay on one) and parses (on all cores) procedures.
    func load(_ paths: [String], from source: CommitSource, entries: [String: TreeEntry]) throws -> Snapshot {
        var texts: [(String, String)] = []
        var unreadable: [SOPError] = []
        for path in paths {
            guard let entry = entries[path] else { continue }
            do {
                texts.append((path, try source.text(ofBlob: entry.id, path: path)))
            } catch let error as SOPError {
                unreadable.append(error)
            }
        }
        let parsed = try Parallel.map(texts) { path, text -> Result<Procedure, SOPError> in
            do { return .success(try Procedure.parse(path: path, text: text)) } catch let error as SOPError { return .failure(error) }
        }
        var procedures: [Procedure] = []
        for result in parsed {
            switch result {
            case .success(let procedure): procedures.append(procedure)
            case .failure(let error): unreadable.append(error)
            }
        }
        let set = (try? source.text(at: ProtocolSet.path)).flatMap { $0 }.flatMap { try? ProtocolSet.parse($0) }
        return Snapshot(
            source: source, set: set.map { .success($0) } ?? .failure(SOPError(.notFound, "set.yaml")), procedures: procedures,
            unreadable: unreadable, requiredSections: try Template.requiredSections(in: source))
    }

    /// The procedure files of the previous published version, by procedure ID.
    func previousFiles(_ previous: PublishedVersion?) throws -> [String: (path: String, entry: TreeEntry)] {
        guard let previous else { return [:] }
        let tree = try repository.commit(previous.commit).tree
        var files: [String: (path: String, entry: TreeEntry)] = [:]
        for (path, entry) in try repository.files(under: Workspace.proceduresDirectory, inTree: tree) where path.hasSuffix(".md") {
            if let id = Procedure.idPrefix(ofFile: path) { files[id] = (path, entry) }
        }
        return files
    }

    /// Procedures added, changed or removed since the previous published version, by ID.
    func changes(since before: [String: (path: String, entry: TreeEntry)], current: [String: ProcedureFacts]) -> [IndexPage.Change] {
        guard !before.isEmpty else { return [] }
        var gone = before
        var changes: [IndexPage.Change] = []
        for facts in current.values.sorted(by: { $0.id < $1.id }) where facts.isPublishable {
            if let old = gone.removeValue(forKey: facts.id) {
                if old.entry.id.hex != facts.blob { changes.append(.init(id: facts.id, title: facts.title, kind: .changed)) }
            } else {
                changes.append(.init(id: facts.id, title: facts.title, kind: .added))
            }
        }
        for id in gone.keys.sorted() { changes.append(.init(id: id, title: id, kind: .removed)) }
        return changes
    }

    func previousText(of id: String, in before: [String: (path: String, entry: TreeEntry)], version: PublishedVersion?) throws -> Procedure? {
        guard let version, let file = before[id] else { return nil }
        let source = try CommitSource(repository: repository, commit: version.commit, name: version.tag)
        return try? Procedure.parse(path: file.path, text: try source.text(ofBlob: file.entry.id, path: file.path))
    }
}

/// Counts finished pages across threads, for the progress bar.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
