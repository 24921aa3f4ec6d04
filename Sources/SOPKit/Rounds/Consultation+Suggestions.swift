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
        // Applying again would put the proposed words in a second time.
        for comment in comments {
            guard let applied = comment.disposition?.applied else { continue }
            throw SOPError(
                .conflict, "\(comment.number) was applied already, in \(applied.prefix(10))", hint: "its words are in the draft; revise the round to consult on them",
                reason: .init(.suggestionApplied, ["number": comment.number, "commit": String(applied.prefix(10))]))
        }
        // Everything that could refuse the dispositions is checked before the draft moves, so
        // a refusal never leaves the words applied and the comments open.
        let said = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try DisplayText.checkWritten(["reason": said])
        _ = try signer(for: actor, now: now)
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
            try checkStructure(old, new, file: file, comments: suggestions.filter { $0.file == file }.map(\.comment))
            result[file] = (old, new)
        }
        return result
    }

    /// Where a suggestion's quoted words are in `text` (a procedure's or a language version's
    /// Markdown): in its section's body (not its heading), words separated by any spaces or
    /// line breaks as the source wraps them, at the one place whose replacement changes the
    /// section's text exactly as the comment asked, at the place its quote (with its context)
    /// points to, and nothing else: words inside a link's target, split by formatting, or
    /// moved to a lookalike sentence are refused rather than changed.
    static func locate(_ comment: Comment, in text: String, file: String) throws -> Suggestion {
        let exact = comment.quote?.exact ?? ""
        let proposed = comment.proposed ?? ""
        func refused(_ how: String, _ key: SOPError.Reason.Key, hint: String, line: Int? = nil) -> SOPError {
            SOPError(
                .conflict, "the words “\(exact)” that \(comment.number) quotes \(how) in section {#\(comment.section)} of \(file) on the draft",
                at: Location(file, line: line), hint: hint, reason: .init(key, ["number": comment.number, "quote": exact]))
        }
        guard !proposed.contains(where: \.isNewline) else {
            throw SOPError(
                .invalidArgument, "\(comment.number) proposes words over several lines, which would change the procedure's structure",
                hint: "edit the draft by hand and dispose of \(comment.number)", reason: .init(.suggestionChangesStructure, ["number": comment.number]))
        }
        guard let quote = comment.quote, let (document, section) = try Self.section(comment.section, in: text, file: file) else {
            throw SOPError(
                .notFound, "\(comment.number) is on section {#\(comment.section)}, which \(file) no longer has; answer it by hand",
                reason: .init(.suggestionNotFound, ["number": comment.number, "quote": exact]))
        }
        let byHand = "edit the draft by hand and dispose of \(comment.number)"
        let plain = document.plainText(of: section)
        guard let (before, place) = Anchor.place(quote, in: plain) else {
            let count = Anchor.normalized(plain).components(separatedBy: quote.exact).count - 1
            if count > 1 { throw refused("are found \(count) times", .suggestionAmbiguous, hint: byHand, line: section.heading.line) }
            throw refused("are no longer found", .suggestionNotFound, hint: "the text changed since; " + byHand, line: section.heading.line)
        }
        let wanted = before.replacingCharacters(in: place, with: Anchor.normalized(proposed))
        let lines = Lines.split(text)
        let body = section.lines.lowerBound..<section.lines.upperBound  // 0-based: the lines after the heading
        guard !body.isEmpty, body.upperBound <= lines.count else {
            throw refused("are no longer found", .suggestionNotFound, hint: byHand, line: section.heading.line)
        }
        let words = exact.split(whereSeparator: \.isWhitespace).map { NSRegularExpression.escapedPattern(for: String($0)) }
        let pattern = try NSRegularExpression(pattern: words.joined(separator: "\\s+"))
        let searched = NSRange(lines[body.lowerBound].startIndex..<lines[body.upperBound - 1].endIndex, in: text)
        let found = pattern.matches(in: text, range: searched).compactMap { Range($0.range, in: text) }
        let fitting = try found.filter { range in
            var changed = text
            changed.replaceSubrange(range, with: proposed)
            guard let (after, moved) = try Self.section(comment.section, in: changed, file: file) else { return false }
            return Anchor.normalized(after.plainText(of: moved)) == wanted
        }
        guard fitting.count == 1, let range = fitting.first else {
            if fitting.count > 1 { throw refused("are found \(fitting.count) times", .suggestionAmbiguous, hint: byHand, line: section.heading.line) }
            throw refused(
                found.isEmpty ? "are not written as such" : "are not plain words there", .suggestionNotFound,
                hint: "they carry formatting or a link in the Markdown; " + byHand, line: section.heading.line)
        }
        return Suggestion(comment: comment, file: file, range: range, words: proposed)
    }

    /// The section `id` of a procedure's or language version's Markdown, and its document.
    static func section(_ id: String, in text: String, file: String) throws -> (MarkdownDocument, Section)? {
        guard let split = try FrontMatter.split(text, path: file) else { return nil }
        let document = MarkdownDocument(split.body, firstLine: split.bodyFirstLine)
        return document.outline.first { $0.heading.id == id }.map { (document, $0) }
    }

    /// Refuses a new text whose front matter or section IDs differ from the old one's: a
    /// suggestion changes words, never a procedure's structure.
    static func checkStructure(_ old: String, _ new: String, file: String, comments: [Comment]) throws {
        func shape(_ text: String) throws -> (String, [String?])? {
            guard let split = try FrontMatter.split(text, path: file) else { return nil }
            return (split.yaml, MarkdownDocument(split.body, firstLine: split.bodyFirstLine).outline.map(\.heading.id))
        }
        guard let before = try shape(old), let after = try shape(new), before.0 == after.0, before.1 == after.1 else {
            let numbers = comments.map(\.number).joined(separator: ", ")
            throw SOPError(
                .conflict, "applying \(numbers) would change the front matter or the sections of \(file)",
                hint: "edit the draft by hand and dispose of \(numbers)", reason: .init(.suggestionChangesStructure, ["number": numbers]))
        }
    }
}
