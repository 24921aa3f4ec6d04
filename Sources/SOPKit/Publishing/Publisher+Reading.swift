import Foundation
import Git

/// Reading what the pages are made from: procedure texts, the previous version, histories.
extension Publisher {
    /// Reads and parses procedures on all cores. Each thread opens the repository for itself:
    /// a libgit2 repository object must not be shared between threads.
    func load(_ paths: [String], entries: [String: TreeEntry], timings: PublishTimings) throws -> (procedures: [Procedure], unreadable: [SOPError]) {
        let files = paths.compactMap { path in entries[path].map { (path, $0.id) } }
        let size = max(16, files.count / 8)
        let chunks = stride(from: 0, to: files.count, by: size).map { Array(files[$0..<min($0 + size, files.count)]) }
        let directory = repository.gitDirectory
        let parsed = try Parallel.map(chunks) { chunk -> [Result<Procedure, SOPError>] in
            let repository = try Repository.open(at: directory)
            return chunk.map { path, blob in
                Result {
                    do {
                        let text = try timings.measure(.reading) {
                            // The size from the object header first: a file from a replica is refused before it is read.
                            try TextFile.checkSize(try repository.blobSize(blob), path: path)
                            return try TextFile.decode(try repository.blob(blob), path: path)
                        }
                        return try timings.measure(.parsing) { try Procedure.parse(path: path, text: text) }
                    } catch let error as GitError {
                        throw SOPError(.git, "cannot read \(path): \(error.message)", at: Location(path))
                    }
                }.mapError { $0 as? SOPError ?? SOPError(.io, "\(path): \($0)", at: Location(path)) }
            }
        }
        var procedures: [Procedure] = []
        var unreadable: [SOPError] = []
        for result in parsed.joined() {
            switch result {
            case .success(let procedure): procedures.append(procedure)
            case .failure(let error): unreadable.append(error)
            }
        }
        return (procedures, unreadable)
    }

    /// The procedure files of the previous published version, by procedure ID.
    func previousFiles(_ baseline: ObjectID?) throws -> [String: (path: String, entry: TreeEntry)] {
        guard let baseline else { return [:] }
        let tree = try repository.commit(baseline).tree
        var files: [String: (path: String, entry: TreeEntry)] = [:]
        for (path, entry) in try repository.files(under: Workspace.proceduresDirectory, inTree: tree) where path.hasSuffix(".md") && !Translation.isTranslationPath(path) {
            if let id = Procedure.idPrefix(ofFile: path) { files[id] = (path, entry) }
        }
        return files
    }

    /// Procedures added, changed or removed since the previous published version, by ID.
    func changes(since before: [String: (path: String, entry: TreeEntry)], current: [String: ProcedureFacts]) -> [IndexPage.Change] {
        guard !before.isEmpty else { return [] }
        var gone = before
        var changes: [IndexPage.Change] = []
        // A procedure left out for failing lint is neither listed nor "removed".
        for facts in current.values.sorted(by: { $0.id < $1.id }) {
            let old = gone.removeValue(forKey: facts.id)
            guard facts.isPublishable else { continue }
            if let old {
                if old.entry.id.hex != facts.blob { changes.append(.init(id: facts.id, title: facts.title, kind: .changed)) }
            } else {
                changes.append(.init(id: facts.id, title: facts.title, kind: .added))
            }
        }
        for id in gone.keys.sorted() { changes.append(.init(id: id, title: id, kind: .removed)) }
        return changes
    }

    /// A procedure's text in the previous version, for its redline; nil when that text cannot
    /// be read as a procedure (then the procedure has no redline, and the index links none).
    func previousText(of id: String, in before: [String: (path: String, entry: TreeEntry)], baseline: ObjectID?) throws -> Procedure? {
        guard let baseline, let file = before[id] else { return nil }
        let source = try CommitSource(repository: repository, commit: baseline, name: baseline.short)
        return try? Procedure.parse(path: file.path, text: try source.text(ofBlob: file.entry.id, path: file.path))
    }

    /// The text of each version of a procedure that has pages of its own, read from the set
    /// that adopted it; a version whose file cannot be read as a procedure is left out.
    func versionTexts(of id: String, model: SiteModel) throws -> [(version: ProcedureVersion, procedure: Procedure)] {
        try model.versions(of: id).compactMap { version in
            guard let path = version.path else { return nil }
            let source = try CommitSource(repository: repository, commit: version.commit, name: version.tag)
            guard let text = try? source.text(at: path), let procedure = try? Procedure.parse(path: path, text: text) else { return nil }
            return (version, procedure)
        }
    }

    /// The newest commit that changed each procedure file. With a cache whose commit is an
    /// ancestor of this edition, only the commits since are read (and the few procedures to
    /// render get their histories one by one); without, the whole history is walked once and
    /// every procedure's history comes with it.
    func histories(edition: Edition, manifest: SiteManifest?) throws -> (lastChanges: [String: String], histories: [String: [HistoryEntry]]?) {
        let directory = Workspace.proceduresDirectory
        if let manifest, let since = ObjectID(hex: manifest.commit),
            try since == edition.commit || repository.isAncestor(since, of: edition.commit)
        {
            var last = manifest.procedures.mapValues(\.lastChange)
            for (path, commit) in try repository.changes(under: directory, from: edition.commit, since: since) { last[path] = commit.id.hex }
            return (last, nil)
        }
        let all = try repository.histories(under: directory, from: edition.commit).mapValues { $0.map(HistoryEntry.init) }
        return (all.compactMapValues { $0.first?.commit }, all)
    }

    /// `sop verify` of each published version in the edition's history, as the approval
    /// records show it. Remembered in the manifest with a hash of what it read (the record, the
    /// tagged commit and, when the clone has it, the round's head), because verifying every tag
    /// on every publish costs more than the publish.
    func verifications(_ edition: Edition, remembered manifest: SiteManifest?) throws -> [String: SiteManifest.Verified] {
        var result: [String: SiteManifest.Verified] = [:]
        for version in edition.history {
            guard let record = version.record else { continue }
            let round = try repository.reference(Round.reference(record.round))?.hex ?? ""
            let fingerprint = ContentHash.of(record.message + "\u{0}" + version.commit.hex + "\u{0}" + round)
            let ok = manifest?.verified?[version.tag].flatMap { $0.fingerprint == fingerprint ? $0.ok : nil }
                ?? (try? Verification(workspace).tag(version.tag).ok) ?? false
            result[version.tag] = SiteManifest.Verified(fingerprint: fingerprint, ok: ok)
        }
        return result
    }
}
