import Foundation
import Git
import Markdown

/// Where every language version of every procedure stands against its source text: current,
/// behind (with the sections whose source changed since the revision it translates, their
/// old and new words), missing, or invalid (and why).
///
/// `sop translations`, `sop lint` and publishing all read it, so a translation is judged the
/// same way everywhere.
public struct TranslationReport: Sendable, Codable {
    public enum State: String, Sendable, Codable {
        case current, behind, missing, invalid
    }

    /// A section of the source that changed since the revision a translation translates.
    public struct SectionChange: Sendable, Codable, Equatable {
        public enum Change: String, Sendable, Codable {
            /// Its words changed.
            case changed
            /// The source gained it: the translation has nothing for it yet.
            case added
            /// The source dropped it: the translation still has it.
            case removed
        }

        public let id: String
        public let number: String?
        public let title: String
        public let change: Change
        /// The section's Markdown in the source at the translated revision, heading included.
        public let old: String?
        /// The section's Markdown in the source now.
        public let new: String?
        /// The section's line in the translation, where it has it.
        public let line: Int?
    }

    /// One procedure in one language.
    public struct Entry: Sendable, Codable {
        public let procedure: String
        public let language: String
        /// Where the version is, or would be.
        public let path: String
        /// `authentic`, `official` or `working`, as the file says.
        public let status: Translation.Status?
        public let state: State
        /// The full commit ID of the source revision it translates.
        public let sourceRevision: String?
        /// When that revision was committed (`2027-03-01`).
        public let translatedFrom: String?
        /// When the source text last changed in a commit (`2027-03-01`).
        public let sourceDate: String?
        public let sections: [SectionChange]
        /// Why it is invalid (errors), at file:line.
        public let problems: [Diagnostic]
    }

    public let sourceLanguage: String
    public let languages: [String]
    public let translations: [Entry]

    /// The report for one language.
    public func only(_ language: String) -> TranslationReport {
        TranslationReport(sourceLanguage: sourceLanguage, languages: [language], translations: translations.filter { $0.language == language })
    }

    public func entry(_ procedure: String, _ language: String) -> Entry? {
        translations.first { $0.procedure == procedure && $0.language == language }
    }

    /// Judges every translation of `snapshot` against its source; `repository` holds the
    /// revisions they name, `head` is the commit the source's dates are read from.
    public static func make(_ snapshot: Snapshot, repository: Repository, head: ObjectID?) throws -> TranslationReport {
        let set = try? snapshot.set.get()
        let sourceLanguage = set?.sourceLanguage ?? "en"
        let languages = set?.translationLanguages ?? []
        let changed = try head.map { try repository.lastChanges(under: Workspace.proceduresDirectory, from: $0) } ?? [:]
        var entries: [Entry] = []
        var judged: Set<String> = []
        for procedure in snapshot.procedures.sorted(by: { $0.id < $1.id }) {
            let sourceDate = changed[procedure.path].map { Timestamp.string($0.committer.date).prefix(10).description }
            for language in languages {
                let path = Translation.path(of: procedure.path, in: language)
                judged.insert(path)
                guard let translation = snapshot.translation(atPath: path) else {
                    entries.append(
                        Entry(
                            procedure: procedure.id, language: language, path: path, status: nil, state: .missing, sourceRevision: nil,
                            translatedFrom: nil, sourceDate: sourceDate, sections: [], problems: []))
                    continue
                }
                entries.append(try judge(translation, source: procedure, set: set, repository: repository, sourceDate: sourceDate))
            }
        }
        // Files no procedure and language of the set account for.
        for translation in snapshot.translations where !judged.contains(translation.path) {
            let language = translation.folderLanguage
            var problems = translation.diagnostics.filter { $0.severity == .error }
            if !languages.contains(language) {
                let known = set.map { "the set's languages are \($0.languages.joined(separator: ", ")), \($0.sourceLanguage) being the source" } ?? "set.yaml cannot be read"
                problems.append(
                    Diagnostic(
                        .error, "'\(language)' is not a language of the set to translate into (\(known)); add it to 'languages' in \(ProtocolSet.path), or move the file to the folder of its language", at: translation.location(of: "language"),
                        check: "translation"))
            } else {
                problems.append(
                    Diagnostic(
                        .error, "no procedure \(translation.procedureID) in \(Workspace.proceduresDirectory)/ named \((translation.path as NSString).lastPathComponent) for this translation; a version has its source's file name",
                        at: Location(translation.path, line: 1, column: 1), check: "translation"))
            }
            entries.append(
                Entry(
                    procedure: translation.procedureID, language: language, path: translation.path, status: translation.status, state: .invalid,
                    sourceRevision: nil, translatedFrom: nil, sourceDate: nil, sections: [], problems: problems))
        }
        return TranslationReport(sourceLanguage: sourceLanguage, languages: languages, translations: entries)
    }

    /// How one version stands against `source` (the text as it is now): the judgement
    /// `make` gives each version, for a reader of a single revision (the portal's round page).
    public static func judge(
        _ translation: Translation, source: Procedure, set: ProtocolSet?, repository: Repository, sourceDate: String? = nil
    ) throws -> Entry {
        let language = translation.folderLanguage
        var problems = translation.diagnostics.filter { $0.severity == .error }
        func problem(_ message: String, _ location: Location) {
            problems.append(Diagnostic(.error, message, at: location, check: "translation"))
        }
        if let written = translation.language, written != language {
            problem("language '\(written)' does not match the folder \(Translation.folder(language))/; move the file or correct the field", translation.location(of: "language"))
        }
        if translation.procedureID != source.id {
            problem("id '\(translation.procedureID)' does not match its source \(source.path) (\(source.id))", translation.location(of: "id"))
        }
        if let set, let status = translation.status {
            let authentic = set.authentic.contains(language)
            if status == .authentic, !authentic {
                problem(
                    "'\(language)' is not an authentic language of the set (set.yaml 'authentic' lists \(set.authentic.joined(separator: ", "))); mark it official or working",
                    translation.location(of: "translation"))
            } else if status != .authentic, authentic {
                problem("set.yaml makes '\(language)' authentic, so this version must say 'translation: authentic'", translation.location(of: "translation"))
            }
        }
        var revision: Commit?
        var old: Procedure?
        if let written = translation.sourceRevision, Translation.isCommitID(written) {
            if let id = try? repository.resolveCommit(written), id.hex.hasPrefix(written), let commit = try? repository.commit(id) {
                revision = commit
                let text = try CommitSource(repository: repository, commit: id).text(at: source.path)
                if let text, let parsed = try? Procedure.parse(path: source.path, text: text) {
                    old = parsed
                } else {
                    problem(
                        "source-revision \(written) has no \(source.path): it is not a revision of the text this translates",
                        translation.location(of: "source-revision"))
                }
            } else {
                problem(
                    "source-revision \(written) does not exist in this repository; name a commit of \(source.path) (`sop history \(source.id)` lists them)",
                    translation.location(of: "source-revision"))
            }
        }
        var sections: [SectionChange] = []
        if let old {
            let translated = translation.sectionIDs
            let before = old.sections.compactMap(\.heading.id)
            if let difference = idDifference(translated, before) {
                let extra = translated.filter { !before.contains($0) }
                let line = extra.first.flatMap { translation.section($0)?.heading.line } ?? translation.bodyFirstLine
                problem(
                    "its section IDs differ from those of \(source.path) at revision \(revision?.id.short ?? ""): it \(difference); section IDs are the same in every language",
                    Location(translation.path, line: line, column: 1))
            }
            sections = changes(from: old, to: source, in: translation)
        }
        let state: State = problems.isEmpty ? (sections.isEmpty ? .current : .behind) : .invalid
        return Entry(
            procedure: source.id, language: language, path: translation.path, status: translation.status, state: state,
            sourceRevision: revision?.id.hex, translatedFrom: revision.map { Timestamp.string($0.committer.date).prefix(10).description },
            sourceDate: sourceDate, sections: state == .invalid ? [] : sections, problems: problems)
    }

    /// How a translation's section IDs differ from its source's (`lacks {#a}; has {#b} that
    /// the source does not`), or nil when they are the same in the same order.
    static func idDifference(_ translated: [String], _ source: [String]) -> String? {
        guard translated != source else { return nil }
        let missing = source.filter { !translated.contains($0) }
        let extra = translated.filter { !source.contains($0) }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("lacks \(missing.map { "{#\($0)}" }.joined(separator: ", "))") }
        if !extra.isEmpty { parts.append("has \(extra.map { "{#\($0)}" }.joined(separator: ", ")) that the source does not") }
        if parts.isEmpty { parts.append("has its sections in another order") }
        return parts.joined(separator: "; ")
    }

    /// The source's sections that differ between the translated revision and now, in the
    /// order of the source now (dropped ones last), compared with whitespace collapsed so that
    /// rewrapping asks nothing of a translator.
    static func changes(from old: Procedure, to new: Procedure, in translation: Translation) -> [SectionChange] {
        let before = Dictionary(old.sections.compactMap { section in section.heading.id.map { ($0, section) } }) { first, _ in first }
        let after = Dictionary(new.sections.compactMap { section in section.heading.id.map { ($0, section) } }) { first, _ in first }
        var result: [SectionChange] = []
        func change(_ id: String, _ kind: SectionChange.Change, shown: Section) -> SectionChange {
            SectionChange(
                id: id, number: shown.heading.number, title: shown.heading.title, change: kind, old: before[id]?.text, new: after[id]?.text,
                line: translation.section(id)?.heading.line)
        }
        for section in new.sections {
            guard let id = section.heading.id else { continue }
            guard let was = before[id] else {
                result.append(change(id, .added, shown: section))
                continue
            }
            if Anchor.normalized(was.text) != Anchor.normalized(section.text) { result.append(change(id, .changed, shown: section)) }
        }
        for section in old.sections {
            guard let id = section.heading.id, after[id] == nil else { continue }
            result.append(change(id, .removed, shown: section))
        }
        return result
    }

    /// What `sop lint` says of the translations: each invalid one's problems, a warning at each
    /// section behind its source, and a note per language of the procedures not translated.
    public var diagnostics: [Diagnostic] {
        var result: [Diagnostic] = []
        for entry in translations {
            result += entry.problems
            for section in entry.sections {
                let place = Location(entry.path, line: section.line ?? 1, column: 1)
                let name = "\(section.number.map { "\($0) " } ?? "")\(section.title) {#\(section.id)}"
                let since = "since \(entry.sourceRevision.map { String($0.prefix(10)) } ?? "the translated revision")"
                let message: String
                switch section.change {
                case .changed: message = "section \(name) changed in the \(sourceLanguage) text \(since); translate it again, then set source-revision"
                case .added: message = "section \(name) was added to the \(sourceLanguage) text \(since); translate it"
                case .removed: message = "section \(name) was removed from the \(sourceLanguage) text \(since); remove it here"
                }
                result.append(Diagnostic(.warning, message, at: place, check: "translation-behind"))
            }
        }
        for language in languages {
            let missing = translations.filter { $0.language == language && $0.state == .missing }.map(\.procedure)
            guard !missing.isEmpty else { continue }
            result.append(
                Diagnostic(
                    .note, "no \(language) version of \(missing.joined(separator: ", ")) (`sop translate new ID --lang \(language)` starts one)",
                    at: Location(ProtocolSet.path, line: 1, column: 1), check: "translation-missing"))
        }
        return result
    }
}
