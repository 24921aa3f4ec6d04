import Foundation
import Markdown

/// What changed in one procedure between two versions, section by section.
public struct ProcedureDiff: Sendable, Codable {
    public struct FieldChange: Sendable, Codable, Equatable {
        public let field: String
        public let old: String?
        public let new: String?
    }

    /// One section that differs. A section can be renamed, moved and changed at once.
    public struct SectionChange: Sendable, Codable {
        public enum Kind: String, Sendable, Codable { case added, removed, moved, renamed, changed }
        public let id: String
        public let kinds: [Kind]
        public let oldNumber: String?
        public let newNumber: String?
        public let oldTitle: String?
        public let newTitle: String?
        /// Word-level changes of the section's own text (heading line excluded).
        public let words: WordDiff?
    }

    public let procedure: String
    public let from: String
    public let to: String
    public let oldPath: String?
    public let newPath: String?
    public let metadata: [FieldChange]
    public let sections: [SectionChange]

    public var isEmpty: Bool { metadata.isEmpty && sections.isEmpty }

    /// Which text of a section its words are compared in.
    public enum Text: Sendable {
        /// The Markdown source, as a drafter edits it (`sop diff`).
        case source
        /// What a reader sees: a link as its words, no emphasis marks. Officials' change views
        /// and the published redlines use it, so `[Article 3](#sop-002-3)` reads "Article 3".
        case reading
    }

    /// Compares two versions; either may be nil when the procedure does not exist on that side.
    public init(procedure: String, from: String, to: String, old: Procedure?, new: Procedure?, comparing text: Text) {
        self.procedure = procedure
        self.from = from
        self.to = to
        oldPath = old?.path
        newPath = new?.path
        metadata = ProcedureDiff.compare(old?.metadata, new?.metadata)
        func body(_ procedure: Procedure?) -> (Section) -> String {
            switch text {
            case .source: return ProcedureDiff.sourceBody
            case .reading:
                guard let document = procedure?.document else { return ProcedureDiff.sourceBody }
                return { document.plainText(of: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
            }
        }
        sections = ProcedureDiff.compare(old?.sections ?? [], new?.sections ?? [], oldBody: body(old), newBody: body(new))
    }

    /// A section's Markdown source without its heading line.
    static func sourceBody(_ section: Section) -> String {
        section.text.replacingOccurrences(of: "\r\n", with: "\n")
            .split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().joined()
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func compare(_ old: Metadata?, _ new: Metadata?) -> [FieldChange] {
        func values(_ metadata: Metadata?) -> [String: String] {
            guard let metadata else { return [:] }
            var values: [String: String] = [:]
            values["id"] = metadata.id
            values["title"] = metadata.title
            values["version"] = metadata.version
            values["status"] = metadata.status?.rawValue
            values["owner"] = metadata.owner
            values["effective"] = metadata.effective?.description
            values["review-by"] = metadata.reviewBy?.description
            values["supersedes"] = metadata.supersedes.isEmpty ? nil : metadata.supersedes.joined(separator: ", ")
            values["language"] = metadata.language
            return values
        }
        let a = values(old)
        let b = values(new)
        return Metadata.fields.compactMap { field in
            a[field] == b[field] ? nil : FieldChange(field: field, old: a[field], new: b[field])
        }
    }

    /// Matches sections by ID (by title when a section has none), then reports each difference.
    static func compare(
        _ old: [Section], _ new: [Section], oldBody: (Section) -> String, newBody: (Section) -> String
    ) -> [SectionChange] {
        func key(_ section: Section) -> String { section.heading.id ?? "title:" + section.heading.title }
        let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        let newKeys = Set(new.map(key))
        let common = new.map(key).filter { oldByKey[$0] != nil }
        let oldOrder = old.map(key).filter { newKeys.contains($0) }
        let stayed = Set(longestCommonSubsequence(oldOrder, common))
        var changes: [SectionChange] = []
        for section in new {
            let id = key(section)
            guard let previous = oldByKey[id] else {
                changes.append(
                    SectionChange(
                        id: id, kinds: [.added], oldNumber: nil, newNumber: section.heading.number, oldTitle: nil,
                        newTitle: section.heading.title, words: WordDiff("", newBody(section))))
                continue
            }
            var kinds: [SectionChange.Kind] = []
            if !stayed.contains(id) || previous.heading.level != section.heading.level { kinds.append(.moved) }
            if previous.heading.title != section.heading.title { kinds.append(.renamed) }
            let words = WordDiff(oldBody(previous), newBody(section))
            if words.hasChanges { kinds.append(.changed) }
            if !kinds.isEmpty {
                changes.append(
                    SectionChange(
                        id: id, kinds: kinds, oldNumber: previous.heading.number, newNumber: section.heading.number,
                        oldTitle: previous.heading.title, newTitle: section.heading.title,
                        words: words.hasChanges ? words : nil))
            }
        }
        for section in old where !newKeys.contains(key(section)) {
            changes.append(
                SectionChange(
                    id: key(section), kinds: [.removed], oldNumber: section.heading.number, newNumber: nil,
                    oldTitle: section.heading.title, newTitle: nil, words: WordDiff(oldBody(section), "")))
        }
        return changes
    }

    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
        guard !a.isEmpty, !b.isEmpty else { return [] }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var result: [String] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if table[i + 1][j] >= table[i][j + 1] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }
}
