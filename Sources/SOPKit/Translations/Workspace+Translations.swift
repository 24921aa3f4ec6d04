import Foundation
import Git
import Markdown

extension Workspace {
    /// Where the translations of the work tree stand (or of `revision`'s files).
    public func translationReport(_ snapshot: Snapshot) throws -> TranslationReport {
        let head = try (snapshot.source as? CommitSource)?.commit ?? repository.head()
        return try TranslationReport.make(snapshot, repository: repository, head: head)
    }

    /// `sop translate new`: a language version of a procedure to translate in place — the
    /// source's text with front matter naming the language, the status and the committed
    /// source revision it starts from. Returns its path.
    public func startTranslation(of id: String, language: String, status: Translation.Status) throws -> String {
        let (procedure, set, tree, _) = try translationSource(id, language: language)
        let path = Translation.path(of: procedure.path, in: language)
        if try tree.contains(path) {
            throw SOPError(.exists, "\(path) already exists", hint: "edit it, then `sop translate done \(id) --lang \(language)`")
        }
        if status == .authentic, !set.authentic.contains(language) {
            throw SOPError(
                .invalidArgument, "'\(language)' is not an authentic language of the set (set.yaml 'authentic': \(set.authentic.joined(separator: ", ")))",
                hint: "use --status official or working, or add it to 'authentic' in set.yaml")
        }
        let revision = try committedRevision(of: procedure)
        let body = Lines.split(procedure.source).dropFirst(procedure.bodyFirstLine - 1).joined(separator: "\n")
        let text = """
            ---
            id: \(procedure.id)
            title: \(JSONValue.string(procedure.title).serialized())
            language: \(language)
            translation: \(set.authentic.contains(language) ? Translation.Status.authentic.rawValue : status.rawValue)
            source-revision: \(revision.hex)
            ---

            """ + body.drop { $0 == "\n" } + (body.hasSuffix("\n") ? "" : "\n")
        let url = tree.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .withoutOverwriting)
        return path
    }

    /// `sop translate done`: records that the translation now renders the source as committed
    /// (its `source-revision` becomes that commit), after the translator caught up. Returns
    /// the sections that were behind.
    public func finishTranslation(of id: String, language: String) throws -> (path: String, caughtUp: [TranslationReport.SectionChange]) {
        let (procedure, _, tree, snapshot) = try translationSource(id, language: language)
        let path = Translation.path(of: procedure.path, in: language)
        guard let text = try tree.text(at: path) else {
            throw SOPError(.notFound, "no \(language) version of \(id) at \(path)", hint: "start one with `sop translate new \(id) --lang \(language)`")
        }
        let translation = try Translation.parse(path: path, text: text)
        guard let line = translation.line(of: "source-revision") else {
            throw SOPError(
                .invalidFile, "\(path) has no source-revision field", at: Location(path, line: 1),
                hint: "add a 'source-revision:' line to its front matter")
        }
        let blocking = translation.diagnostics.filter { $0.severity == .error && $0.location.line != line }
        guard blocking.isEmpty else {
            throw SOPError(
                .invalidFile, "\(path) is not a valid translation yet:\n" + blocking.map(\.description).joined(separator: "\n"),
                hint: "fix these first; `sop lint` lists them too")
        }
        if let difference = TranslationReport.idDifference(translation.sectionIDs, procedure.sections.compactMap(\.heading.id)) {
            throw SOPError(
                .invalidFile, "\(path) \(difference) compared with \(procedure.path) now, so it does not translate it yet",
                at: Location(path, line: translation.bodyFirstLine), hint: "section IDs are the same in every language; translate the sections the source gained, remove those it lost")
        }
        let behind = try translationReport(snapshot).entry(id, language)?.sections ?? []
        let revision = try committedRevision(of: procedure)
        var lines = Lines.split(text).map(String.init)
        lines[line - 1] = "source-revision: \(revision.hex)"
        try Data((lines.joined(separator: "\n")).utf8).write(to: tree.root.appendingPathComponent(path), options: .atomic)
        return (path, behind)
    }

    /// The procedure `id` in the work tree, the set, the tree and its snapshot, with `language`
    /// checked against the set.
    private func translationSource(_ id: String, language: String) throws -> (Procedure, ProtocolSet, WorktreeSource, Snapshot) {
        let tree = try worktree()
        let snapshot = try Snapshot.load(from: tree)
        let set = try snapshot.set.get()
        guard set.translationLanguages.contains(language) else {
            let hint =
                language == set.sourceLanguage
                ? "\(language) is the language of the procedures themselves"
                : "add it to 'languages' in \(ProtocolSet.path) first"
            throw SOPError(
                .invalidArgument, "'\(language)' is not a language to translate into; the set's are \(set.translationLanguages.joined(separator: ", "))",
                hint: hint)
        }
        guard let procedure = snapshot.procedures.first(where: { $0.id == id }) else {
            throw SOPError(.notFound, "no procedure \(id) in \(Workspace.proceduresDirectory)/", hint: "`sop list` shows the procedures")
        }
        return (procedure, set, tree, snapshot)
    }

    /// The commit holding the procedure's text as it is in the work tree: a translation names
    /// a revision everyone can look up, so uncommitted source text cannot be one.
    private func committedRevision(of procedure: Procedure) throws -> ObjectID {
        guard let head = try repository.head(), let committed = try repository.file(at: procedure.path, inCommit: head),
            committed == Data(procedure.source.utf8)
        else {
            throw SOPError(
                .invalidArgument, "\(procedure.path) has changes that are not committed; a translation must name a committed revision of its source",
                hint: "save the source first (`sop draft save -m …`), then run this again")
        }
        return try repository.history(of: procedure.path, from: head).first?.commit.id ?? head
    }
}
