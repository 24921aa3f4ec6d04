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
        /// Render everything again, whatever the cache says.
        public var clean: Bool
        /// A folder of templates to use instead of the revision's `Templates/site/`.
        public var templates: String?
        /// Publish the set as it was in force on this day (``InForce/edition``) instead of `ref`.
        public var on: Day?

        public init(
            out: String = "_site", baseURL: String? = nil, pdf: Bool = false, keepGoing: Bool = false, clean: Bool = false,
            templates: String? = nil, on: Day? = nil
        ) {
            self.on = on
            self.out = out
            self.baseURL = baseURL
            self.pdf = pdf
            self.keepGoing = keepGoing
            self.clean = clean
            self.templates = templates
        }
    }

    /// What a publish did, for people and (`--json`) scripts.
    public struct Report: Sendable, Codable {
        public var out: String
        public var ref: String
        public var edition: String
        /// The day given to `--on`: the edition is the set as in force that day.
        public var on: String?
        public var commit: String
        public var templates: String
        /// Procedure IDs on the site.
        public var published: [String] = []
        /// Lint problems of the procedures left out (`--keep-going`).
        public var left: [Diagnostic] = []
        /// Procedures whose pages were rendered this time (the rest came from the cache).
        public var rendered: [String] = []
        /// Files written, kept unchanged, and removed (sop's own, no longer part of the site).
        public var written = 0
        public var kept = 0
        public var removed = 0
        /// Files in the folder that sop did not write, or that were changed since (left alone).
        public var foreign: [String] = []
        public var pdf: String?
        /// The PDF of the print edition of each language, the source's first (with `--pdf`).
        public var pdfs: [String] = []
        /// The folders of the languages other than the source's (`es`, `fr`, `nl`).
        public var languages: [String] = []
        public var index: String
        /// Where the time went, in milliseconds (see ``Timings``).
        public var timings: Timings?

        /// Where a publish's time went, in milliseconds.
        ///
        /// `wall` is the publish from start to end, and `cpu` the process's CPU time on all
        /// threads, start-up included. The others are each phase's CPU time summed over all
        /// threads (``PublishTimings/Phase``). The rest of `cpu` is in no phase: start-up, the
        /// history walk, records, page contexts, content hashes and the print edition's body.
        public struct Timings: Sendable, Codable {
            public var wall: Double
            public var cpu: Double
            public var reading: Double
            public var parsing: Double
            public var lint: Double
            public var html: Double
            public var templates: Double
            public var writing: Double
        }
    }

    public let workspace: Workspace
    /// Called with (done, total) as procedures are rendered.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// The PDF maker to use instead of the `weasyprint` found on PATH (for tests).
    var pdfProgram: URL?

    public init(_ workspace: Workspace) { self.workspace = workspace }

    var repository: Repository { workspace.repository }

    public func publish(ref: String?, options: Options) throws -> Report {
        let timings = PublishTimings()
        let edition = try Edition.resolve(workspace, ref: ref, on: options.on)
        let pdfTool = try options.pdf ? pdfProgram ?? PrintEdition.weasyprint() : nil
        let templates = try SiteTemplates.load(folder: options.templates, revision: edition.source)
        let folder = try SiteFolder(try outputPath(options.out))
        do {
            var report = try publish(edition, templates: templates, pdfTool: pdfTool, into: folder, options: options, timings: timings)
            report.timings = timings.report
            return report
        } catch {
            // A folder this publish made and left empty goes again.
            if folder.created, (try? FileManager.default.contentsOfDirectory(atPath: folder.url.path))?.isEmpty == true {
                try? FileManager.default.removeItem(at: folder.url)
            }
            throw error
        }
    }

    private func publish(
        _ edition: Edition, templates: SiteTemplates, pdfTool: URL?, into folder: SiteFolder, options: Options, timings: PublishTimings
    ) throws -> Report {
        let manifest = SiteManifest.read(in: folder.url)
        let (ours, intact) = manifest?.ownership(in: folder) ?? ([], [:])
        var report = Report(
            out: folder.url.path, ref: edition.ref, edition: edition.label, commit: edition.commit.hex, templates: templates.origin,
            index: folder.url.appendingPathComponent("index.html").path)
        report.on = edition.on?.description
        report.foreign = folder.files.keys.filter { !$0.hasPrefix(SiteManifest.folder + "/") && !ours.contains($0) }.sorted() + folder.links.sorted()

        // What the pages are made from.
        let allFiles = try repository.files(under: Workspace.proceduresDirectory, inTree: try repository.commit(edition.commit).tree)
        let files = allFiles.filter { $0.key.hasSuffix(".md") && !Translation.isTranslationPath($0.key) }
        let blobs = files.mapValues(\.id.hex)
        let setText = try edition.source.text(at: ProtocolSet.path)
        var set: ProtocolSet?
        var setProblems: [Diagnostic] = []
        do {
            guard let setText else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing", at: Location(ProtocolSet.path)) }
            set = try ProtocolSet.parse(setText)
        } catch let error as SOPError {
            setProblems.append(Linter.diagnostic(error, check: "set"))
        }
        let verifications = try verifications(edition, remembered: manifest)
        let verified = verifications.mapValues(\.ok)
        let inForce = try InForce.on(edition.day, versions: edition.published, repository: repository)
        // Where every version stands on the edition's day: the banners and version lists change
        // when a version comes into force or is replaced, not every day.
        let currency = [edition.on?.description ?? ""]
            + inForce.sets.map { "\($0.tag)=\(InForce.effective(of: $0) <= edition.day)" }
            + inForce.versions.keys.sorted().flatMap { id in inForce.versions[id, default: []].map { "\(id)@\($0.set):\($0.currency(on: edition.day))" } }
        let key = ContentHash.of(
            [
                "site-\(SiteManifest.format)", Publisher.renderer, templates.fingerprint, setText ?? "",
                try edition.source.text(at: Template.path(Template.defaultName)) ?? "", options.baseURL ?? "",
                edition.ref, edition.label, edition.previous?.tag ?? "", edition.baseline?.hex ?? "", currency.joined(separator: ","),
            ].joined(separator: "\u{0}")
                + edition.history.map { "\($0.tag)=\($0.commit.hex):\(ContentHash.of($0.record?.message ?? "")):\(verified[$0.tag] ?? false)" }
                .joined(separator: ","))

        // Which procedures must be read and rendered again: those whose file or history
        // changed, whose pages are not all there as sop wrote them, and those linking to them.
        let cache = options.clean ? nil : manifest.flatMap { $0.key == key && Set($0.procedures.keys) == Set(blobs.keys) ? $0 : nil }
        let (lastChanges, allHistories) = try histories(edition: edition, manifest: cache)
        var reused: [String: SiteManifest.Entry] = [:]
        for (path, entry) in cache?.procedures ?? [:] where entry.facts.blob == blobs[path] { reused[path] = entry }
        // Other pages show only the section IDs of what they link to: a new text makes them stale,
        // a new history or a lost page does not.
        let changed = Set(blobs.keys).subtracting(reused.keys)
        for (path, entry) in reused
        where !changed.isDisjoint(with: entry.facts.targets) || entry.lastChange != lastChanges[path]
            || !entry.pages.allSatisfy({ intact[$0] != nil })
        {
            reused[path] = nil
        }
        var dirty = Set(blobs.keys.filter { reused[$0] == nil })

        // Read and lint them, with the procedures they link to. A procedure that starts or stops
        // failing lint changes the pages that link to it (to its page, or to the index), so
        // those are read and rendered too, until nothing more changes.
        var loaded: [String: Procedure] = [:]
        var unreadable: [SOPError] = []
        var facts = reused.mapValues(\.facts)
        var linted: Set<String> = []
        var snapshot = Snapshot(
            source: edition.source, set: set.map { .success($0) } ?? .failure(SOPError(.notFound, "set.yaml")), procedures: [], unreadable: [],
            template: try TemplateRules.read(from: edition.source))
        while linted != dirty {
            let batch = dirty.subtracting(linted)
            func read(_ paths: Set<String>) throws {
                let more = try load(paths.subtracting(loaded.keys).sorted(), entries: files, timings: timings)
                for procedure in more.procedures { loaded[procedure.path] = procedure }
                unreadable += more.unreadable
            }
            try read(batch)
            try read(Set(batch.compactMap { loaded[$0] }.flatMap(ProcedureFacts.targets(of:))).filter { blobs[$0] != nil })
            snapshot = Snapshot(
                source: snapshot.source, set: snapshot.set, procedures: Array(loaded.values), unreadable: unreadable,
                template: snapshot.template)
            // Lint and facts on all cores: each procedure's tree was walked when it was parsed,
            // so the threads only read it.
            let read = batch.sorted().compactMap { loaded[$0] }
            let chunks = stride(from: 0, to: read.count, by: 50).map { Set(read[$0..<min($0 + 50, read.count)].map(\.path)) }
            let diagnostics = Dictionary(
                grouping: try Parallel.map(chunks) { chunk in timings.measure(.lint) { Linter.lint(snapshot, paths: chunk) } }.joined()
                    .filter { $0.severity == .error && $0.check != "set" },
                by: \.location.path)
            for var entry in try Parallel.map(read, { procedure in timings.measure(.lint) { ProcedureFacts(procedure, blob: blobs[procedure.path] ?? "") } }) {
                entry.problems = diagnostics[entry.path] ?? []
                facts[entry.path] = entry
            }
            linted.formUnion(batch)
            let flipped = batch.filter { facts[$0]?.isPublishable != cache?.procedures[$0]?.facts.isPublishable }
            for (path, entry) in reused where !flipped.isDisjoint(with: entry.facts.targets) {
                reused[path] = nil
                dirty.insert(path)
            }
        }
        let failing = facts.values.filter { !$0.isPublishable }.sorted { $0.id < $1.id }
        let problems = setProblems + unreadable.map { Linter.diagnostic($0, check: "file") } + failing.flatMap(\.problems)
        if !problems.isEmpty, !options.keepGoing {
            let names = failing.map(\.id) + unreadable.compactMap { $0.location?.path } + (setProblems.isEmpty ? [] : [ProtocolSet.path])
            throw SOPError(
                .lintFailed, "\(names.joined(separator: ", ")) \(names.count == 1 ? "fails" : "fail") lint; nothing was published:\n"
                    + problems.map(\.description).joined(separator: "\n"),
                hint: "fix the problems (`sop publish --check --ref \(edition.ref)` lists them all), or publish the rest with --keep-going")
        }
        report.left = problems

        let model = try SiteModel(
            edition: edition, inForce: inForce, set: set, templates: templates, baseURL: options.baseURL, procedures: Array(facts.values), verified: verified)
        let before = try previousFiles(edition.baseline)
        let changes = changes(since: before, current: facts)
        let redlined = Set(changes.filter { $0.kind == .changed }.map(\.id))

        // Render the procedures that changed, in parallel; keep the pages of the others.
        var inputs: [PageInput] = []
        for procedure in snapshot.procedures.sorted(by: { $0.path < $1.path }) where dirty.contains(procedure.path) && facts[procedure.path]?.isPublishable == true {
            let entry = facts[procedure.path]!
            inputs.append(
                PageInput(
                    procedure: procedure, facts: entry,
                    history: try allHistories?[procedure.path] ?? repository.history(of: procedure.path, from: edition.commit).map(HistoryEntry.init),
                    previous: redlined.contains(entry.id) ? try previousText(of: entry.id, in: before, baseline: edition.baseline) : nil,
                    versions: try versionTexts(of: entry.id, model: model)))
        }
        let counter = Counter()
        let progress = self.progress
        let rendered = try Parallel.map(inputs) { input -> [(path: String, data: Data, hash: String)] in
            defer { progress?(counter.increment(), inputs.count) }
            return try Publisher.pages(for: input, model: model, edition: edition, timings: timings).map { ($0.0, $0.1, ContentHash.of($0.1)) }
        }
        var outputs: [String: Data] = [:]
        var hashes: [String: String] = [:]
        var entries = reused
        for (input, pages) in zip(inputs, rendered) {
            for page in pages {
                outputs[page.path] = page.data
                hashes[page.path] = page.hash
            }
            entries[input.facts.path] = SiteManifest.Entry(facts: input.facts, lastChange: lastChanges[input.facts.path] ?? "", pages: pages.map(\.path))
        }
        for path in dirty where entries[path] == nil {
            guard let entry = facts[path] else { continue }
            entries[path] = SiteManifest.Entry(facts: entry, lastChange: lastChanges[path] ?? "", pages: [])
        }
        let kept = Set(reused.values.flatMap(\.pages))

        // The pages about the whole set, made from facts (not texts), kept when their inputs are.
        var keptPages = kept
        var pageKeys: [String: String] = [:]
        func page(_ path: String, _ template: String, key: String, context: () -> [String: Any]) {
            pageKeys[path] = key
            if let cache, cache.pages[path] == key, intact[path] != nil {
                keptPages.insert(path)
                return
            }
            let context = context()
            outputs[path] = timings.measure(.templates) { Data(templates.render(template, context).utf8) }
        }
        let redlines = Set(outputs.keys).union(kept).filter { $0.hasPrefix("redline/") }
        let indexContext = IndexPage.context(model, changes: changes, redlines: redlines, pdf: options.pdf, left: failing)
        page("index.html", "index", key: PageKey.of("index", indexContext, templates: templates)) { indexContext }
        outputs[IndexPage.searchIndexFile] = Data(IndexPage.searchIndex(model).utf8)
        for state in model.states {
            let context = StatePage.context(model, state: state)
            page(SiteModel.statePage(state.code), "state", key: PageKey.of("state", context, templates: templates)) { context }
        }
        for (name, data) in templates.assets { outputs[name] = data }
        // The print edition is keyed by its parts' hashes, so an unchanged one is not even read.
        let published = model.procedures.filter(\.isPublishable)
        let parts = published.map { PrintEdition.fragmentPath($0.id) }
        for (path, data) in outputs where hashes[path] == nil { hashes[path] = ContentHash.of(data) }
        let printContext = PrintEdition.context(model)
        let partHashes = parts.map { hashes[$0] ?? cache?.files[$0]?.hash ?? "" }
        page(PrintEdition.page, "print", key: PageKey.of("print", printContext.merging(["parts": partHashes]) { _, new in new }, templates: templates)) {
            var context = printContext
            context["body"] = parts.compactMap { path in
                (outputs[path] ?? (try? Data(contentsOf: folder.url.appendingPathComponent(path)))).map { String(decoding: $0, as: UTF8.self) }
            }.joined(separator: "\n")
            return context
        }
        if let data = outputs[PrintEdition.page] { hashes[PrintEdition.page] = ContentHash.of(data) }
        // The other languages' pages depend on every file under Procedures/ (a translation's
        // staleness on its source), so they are kept as a whole while none of those changed.
        let languageKey = ContentHash.of(
            ([key, options.pdf ? "pdf" : ""] + allFiles.keys.sorted().map { "\($0)=\(allFiles[$0]?.id.hex ?? "")" } + published.map(\.id))
                .joined(separator: "\u{0}"))
        let cachedLanguagePages = (cache?.pages ?? [:]).filter { $0.value == languageKey }.map(\.key)
        var prints = [PrintEdition.page]
        if !cachedLanguagePages.isEmpty, cachedLanguagePages.allSatisfy({ intact[$0] != nil }) {
            keptPages.formUnion(cachedLanguagePages)
            for path in cachedLanguagePages {
                pageKeys[path] = languageKey
                if path.hasSuffix("/" + PrintEdition.page) { prints.append(path) }
            }
        } else {
            let languages = try languagePages(edition, model: model, pdf: options.pdf, timings: timings, left: &report.left)
            for (path, data) in languages.pages {
                outputs[path] = data
                hashes[path] = ContentHash.of(data)
                pageKeys[path] = languageKey
            }
            prints += languages.prints
        }

        try timings.measureAlone(.writing) {
            try write(
                outputs, hashes: hashes, keeping: keptPages, pdf: pdfTool, prints: prints, into: folder, manifest: manifest, ours: ours, intact: intact,
                next: SiteManifest(key: key, commit: edition.commit.hex, files: [:], pages: pageKeys, procedures: entries, verified: verifications),
                report: &report)
        }
        report.published = published.map(\.id)
        report.languages = model.languages.filter { $0 != model.sourceLanguage }
        report.rendered = inputs.map(\.facts.id)
        return report
    }

    /// Identifies the program that renders: pages made by another build of sop are made again.
    static let renderer: String = {
        var info = stat()
        let executable = (Bundle.main.executableURL ?? URL(fileURLWithPath: "/proc/self/exe")).resolvingSymlinksInPath()
        guard stat(executable.path, &info) == 0 else { return "unknown" }
        let stamp = SiteFolder.stamp(info)
        return "\(stamp.size)-\(stamp.modified)"
    }()

    /// `--out`: the default `_site` lies at the root of the work tree wherever sop runs in it;
    /// no site goes inside the set's own folders or `.git`, where it would be committed or lost,
    /// except `.git/sop/`, sop's own folder, where the portal keeps the site it serves.
    func outputPath(_ out: String) throws -> String {
        let base = out == Options().out ? workspace.root ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let url = (out.hasPrefix("/") ? URL(fileURLWithPath: out) : base.appendingPathComponent(out)).standardizedFileURL
        let own = URL(fileURLWithPath: repository.gitDirectory).appendingPathComponent("sop").standardizedFileURL.path
        if url.path.hasPrefix(own + "/") { return url.path }
        let inside = [workspace.root.map { [$0.appendingPathComponent(Workspace.proceduresDirectory), $0.appendingPathComponent(Workspace.templatesDirectory)] } ?? [],
            [URL(fileURLWithPath: repository.gitDirectory)]].joined()
        for folder in inside where url.path == folder.standardizedFileURL.path || url.path.hasPrefix(folder.standardizedFileURL.path + "/") {
            throw SOPError(
                .invalidArgument, "--out \(out) is inside \(folder.lastPathComponent)/, where a site does not belong",
                hint: "publish outside Procedures/, Templates/ and .git, e.g. --out _site at the top of the workspace")
        }
        return url.path
    }

    /// Writes the site so that whatever happens, every file in the folder that sop wrote is
    /// known as sop's: first the list of files about to be written, then the files, then the
    /// manifest, then the PDF. Nothing is written over, or removed from, a file that is not sop's.
    func write(
        _ outputs: [String: Data], hashes: [String: String], keeping kept: Set<String>, pdf tool: URL?, prints: [String], into folder: SiteFolder,
        manifest: SiteManifest?, ours: Set<String>, intact: [String: SiteManifest.File], next: SiteManifest, report: inout Report
    ) throws {
        let pdfs = prints.map { (page: $0, pdf: String($0.dropLast(".html".count)) + ".pdf") }
        let produced = Set(outputs.keys).union(tool == nil ? [] : pdfs.map(\.pdf))
        let clashes = produced.filter { folder.isBlocked($0, ours: ours) }.sorted()
        guard clashes.isEmpty else {
            throw SOPError(
                .exists,
                "\(folder.url.path) holds files sop did not write (or that were changed since), where the site goes: \(clashes.prefix(5).joined(separator: ", "))\(clashes.count > 5 ? ", …" : "")",
                hint: "move them away, or choose another --out; sop never overwrites or deletes files it did not write")
        }
        var files: [String: SiteManifest.File] = [:]
        for path in kept { files[path] = intact[path] }
        // Every file sop may write, and those of an earlier interrupted publish.
        try SiteManifest.willWrite(Array(produced.union(ours.subtracting(intact.keys))), in: folder.url)

        var changed: [(path: String, data: Data)] = []
        for (path, data) in outputs {
            if let old = intact[path], old.hash == hashes[path] {
                files[path] = old
                report.kept += 1
            } else {
                changed.append((path, data))
            }
        }
        for (path, stamp) in try folder.write(changed) {
            files[path] = SiteManifest.File(hash: hashes[path] ?? ContentHash.of(outputs[path]!), stamp: stamp)
        }
        report.written += changed.count
        report.kept += kept.count
        // sop's files that are no longer part of the site (the PDF too, when not asked for).
        let madePDFs = Set(tool == nil ? [] : pdfs.map(\.pdf))
        report.removed += folder.remove(ours.filter { files[$0] == nil && !madePDFs.contains($0) }.sorted())
        var final = next
        final.files = files
        if let tool {
            for (page, pdf) in pdfs {
                if let old = intact[pdf], manifest?.files[page]?.hash == files[page]?.hash {
                    final.files[pdf] = old
                    report.kept += 1
                } else {
                    try final.write(in: folder.url)
                    try SiteManifest.willWrite([pdf], in: folder.url)
                    try PrintEdition.makePDF(with: tool, from: folder.url.appendingPathComponent(page), to: folder.url.appendingPathComponent(pdf))
                    final.files[pdf] = SiteManifest.File(
                        hash: ContentHash.of(try Data(contentsOf: folder.url.appendingPathComponent(pdf))), stamp: try folder.stamp(of: pdf))
                    report.written += 1
                }
            }
            report.pdf = folder.url.appendingPathComponent(PrintEdition.pdf).path
            report.pdfs = pdfs.map { folder.url.appendingPathComponent($0.pdf).path }
        }
        try final.write(in: folder.url)
    }
}
