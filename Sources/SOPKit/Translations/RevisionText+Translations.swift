import Git

extension RevisionText {
    /// How each language version of this revision stands against the revision's own source
    /// text, by language, then in the order of the round's procedures: what the portal marks
    /// on the round page and `sop round status` lists. `language` keeps one language's.
    public func translationEntries(in repository: Repository, language: String? = nil) throws -> [TranslationReport.Entry] {
        var entries: [TranslationReport.Entry] = []
        for code in languages where code != (set?.sourceLanguage ?? Catalogue.reference) && (language == nil || code == language) {
            for id in scope {
                guard let translation = versions[code]?[id], let source = procedures[id] else { continue }
                entries.append(try TranslationReport.judge(translation, source: source, set: set, repository: repository))
            }
        }
        return entries
    }
}
