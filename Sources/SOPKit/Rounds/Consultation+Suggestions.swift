import Foundation
import Git
import Markdown

/// Suggestions that become text: a comment's proposed change on the words it quotes, applied
/// by the secretariat to the round's draft as one commit, each comment then disposed with a
/// link to that commit.
extension Consultation {
    /// What applying suggestions did.
    public struct Applied: Sendable, Codable {
        public let round: String
        /// The draft commit that carries the new words.
        public let commit: String
        public let draft: String
        /// The files it changed (`Procedures/SOP-004-….md`, or a language version's).
        public let files: [String]
        /// The comments, as disposed.
        public let comments: [Comment]
    }

    /// One suggestion located in the draft's text: where its quoted words are and what
    /// replaces them.
    struct Suggestion {
        let comment: Comment
        let file: String
        /// The quoted words' place in the file's text.
        let range: Range<String.Index>
        let words: String
    }

    /// Applies the proposed changes of `references` (comment numbers or IDs of one round) to
    /// the round's draft in one commit, then disposes each comment as `resolution` (accepted
    /// or modified) naming the commit. Each suggestion's quoted words must be found exactly
    /// once in its section of the draft's text as it is now, and no two may touch the same
    /// words: otherwise nothing is written. When the draft is checked out, its files on disk
    /// are updated too, and refused if they hold unsaved edits.
    public func apply(
        _ references: [String], round: String? = nil, resolution: Comment.Resolution = .accepted, reason: String? = nil, as actor: Actor,
        now: Date
    ) throws -> Applied {
        try requireSecretariat(actor, "apply suggestions")
        guard resolution == .accepted || resolution == .modified else {
            throw SOPError(.invalidArgument, "an applied suggestion is disposed as accepted or modified, not \(resolution.rawValue)")
        }
        guard !references.isEmpty else { throw SOPError(.invalidArgument, "name the comments whose suggestions to apply, e.g. TT-1") }
        var found: Round?
        var comments: [Comment] = []
        for reference in references {
            let (owner, comment) = try findComment(reference, round: round ?? found?.id)
            found = owner
            guard !comments.contains(where: { $0.id == comment.id }) else { continue }
            comments.append(comment)
        }
        guard let state = found else { throw SOPError(.notFound, "no comments named") }
        guard state.state != .closed else {
            throw SOPError(.invalidArgument, "round \(state.id) is closed", reason: .init(.roundClosed, ["round": state.id]))
        }
        for comment in comments where comment.quote == nil || (comment.proposed ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw SOPError(
                .invalidArgument, "\(comment.number) is not a suggestion: it needs quoted words and a proposed change to replace them with",
                hint: "dispose of it with `sop comment dispose \(comment.number)` and edit the draft by hand",
                reason: .init(.notASuggestion, ["number": comment.number]))
        }
        let branch = try Drafts.branch(for: state.draft)
        let repository = workspace.repository
        let checkedOut = try repository.headBranch() == branch ? workspace.root : nil
        var changed: [String: (old: String, new: String)] = [:]
        let message = "Apply \(comments.map(\.number).joined(separator: ", ")) (round \(state.id))"
        let commit = try repository.updateReference(branch, message: "sop comment apply: \(message)") { parent in
            guard let parent else { throw SOPError(.notFound, "draft \(state.draft) of round \(state.id) no longer exists") }
            changed = try Self.applied(comments, at: parent, in: workspace)
            if let root = checkedOut {
                for (file, text) in changed {
                    let disk = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                    guard disk == nil || disk == text.old else {
                        throw SOPError(
                            .conflict, "\(file) has unsaved edits in the work tree, which applying the suggestions would overwrite",
                            hint: "save them with `sop draft save -m MESSAGE` (or discard them), then apply again")
                    }
                }
            }
            let changes = try changed.map { TreeChange.write(path: $0.key, blob: try repository.writeBlob(Data($0.value.new.utf8))) }
            let tree = try repository.updateTree(try repository.commit(parent).tree, applying: changes)
            return try repository.createCommit(tree: tree, parents: [parent], message: message, author: actor.author)
        }
        guard let commit else { throw SOPError(.git, "the draft branch vanished while the suggestions were applied") }
        if let root = checkedOut {
            for (file, text) in changed { try Data(text.new.utf8).write(to: root.appendingPathComponent(file), options: .atomic) }
            try repository.resetIndex(to: commit)
        }
        let said = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try DisplayText.checkWritten(["reason": said])
        try record(
            comments.map { comment in
                (
                    .commentDisposed,
                    [
                        "comment": .string(comment.id), "resolution": .string(resolution.rawValue), "applied": .string(commit.hex),
                        "reason": .string(said.isEmpty ? "applied in \(commit.short) on draft \(state.draft)" : said),
                    ]
                )
            }, round: state.id, as: actor, now: now, message: message)
        let after = try log.round(state.id)
        return Applied(
            round: state.id, commit: commit.hex, draft: state.draft, files: changed.keys.sorted(), comments: comments.compactMap { after.comment($0.id) })
    }

    /// Each changed file's text before and after the suggestions, read from `commit`.
    static func applied(_ comments: [Comment], at commit: ObjectID, in workspace: Workspace) throws -> [String: (old: String, new: String)] {
        let source = try CommitSource(repository: workspace.repository, commit: commit)
        var texts: [String: String] = [:]
        var suggestions: [Suggestion] = []
        for comment in comments {
            let path = try workspace.path(for: comment.procedure, in: source)
            let file = comment.quotedIn.map { Translation.path(of: path, in: $0) } ?? path
            if texts[file] == nil {
                guard let text = try source.text(at: file) else {
                    throw SOPError(.notFound, "\(comment.number) quotes \(file), which the draft no longer has; apply it by hand")
                }
                texts[file] = text
            }
            suggestions.append(try locate(comment, in: texts[file] ?? "", file: file))
        }
        for (index, one) in suggestions.enumerated() {
            for other in suggestions[(index + 1)...] where other.file == one.file && other.range.overlaps(one.range) {
                throw SOPError(
                    .conflict, "\(one.comment.number) and \(other.comment.number) suggest different words for the same text in \(one.file)",
                    hint: "apply one of them, then answer the other (`sop comment dispose`); nothing was changed",
                    reason: .init(.suggestionsOverlap, ["first": one.comment.number, "second": other.comment.number]))
            }
        }
        var result: [String: (old: String, new: String)] = [:]
        for (file, old) in texts {
            var new = old
            for suggestion in suggestions.filter({ $0.file == file }).sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
                new.replaceSubrange(suggestion.range, with: suggestion.words)
            }
            result[file] = (old, new)
        }
        return result
    }

    /// Where a suggestion's quoted words are in `text` (a procedure's or a language version's
    /// Markdown): exactly once within its section's source, or the refusal says why not.
    static func locate(_ comment: Comment, in text: String, file: String) throws -> Suggestion {
        let exact = comment.quote?.exact ?? ""
        guard let split = try FrontMatter.split(text, path: file) else {
            throw SOPError(.invalidFile, "\(file) on the draft has no front matter", at: Location(file, line: 1))
        }
        let document = MarkdownDocument(split.body, firstLine: split.bodyFirstLine)
        guard let section = document.outline.first(where: { $0.heading.id == comment.section }) else {
            throw SOPError(
                .notFound, "\(comment.number) is on section {#\(comment.section)}, which \(file) no longer has; answer it by hand",
                reason: .init(.suggestionNotFound, ["number": comment.number, "quote": exact]))
        }
        let lines = Lines.split(text)
        let first = section.lines.lowerBound - 1
        guard first >= 0, section.lines.upperBound <= lines.count else {
            throw SOPError(.invalidFile, "\(file): section {#\(comment.section)} cannot be located", at: Location(file, line: section.heading.line))
        }
        let start = lines[first].startIndex
        let end = lines[section.lines.upperBound - 1].endIndex
        var places: [Range<String.Index>] = []
        var from = start
        while from < end, let found = text.range(of: exact, range: from..<end) {
            places.append(found)
            from = text.index(after: found.lowerBound)
        }
        guard places.count == 1, let range = places.first else {
            let how = places.isEmpty ? "are no longer found" : "are found \(places.count) times"
            throw SOPError(
                .conflict, "the words “\(exact)” that \(comment.number) quotes \(how) in section {#\(comment.section)} of \(file) on the draft",
                at: Location(file, line: section.heading.line),
                hint: places.isEmpty
                    ? "the text changed since, or the words carry formatting in the Markdown; edit the draft by hand and dispose of \(comment.number)"
                    : "edit the draft by hand and dispose of \(comment.number)",
                reason: .init(places.isEmpty ? .suggestionNotFound : .suggestionAmbiguous, ["number": comment.number, "quote": exact]))
        }
        return Suggestion(comment: comment, file: file, range: range, words: comment.proposed ?? "")
    }
}
