import Foundation

/// What a focal point writes into a comment, before it becomes an event.
public struct CommentDraft: Sendable {
    public var section: String
    public var quote: String?
    public var type: Comment.Kind
    public var text: String
    public var proposed: String?
    public var blocking: Bool
    public var paragraph: String?
    /// The number of the round revision the writer read (an offline form says which it was
    /// made from); nil when unknown.
    public var readOn: Int?
    /// The language it is written in, and whose version of the text its quote is taken from
    /// where the round has one; nil for the set's source language.
    public var language: String?

    public init(
        section: String, quote: String? = nil, type: Comment.Kind, text: String, proposed: String? = nil, blocking: Bool = false, paragraph: String? = nil,
        readOn: Int? = nil, language: String? = nil
    ) {
        self.readOn = readOn
        self.language = language
        self.section = section
        self.quote = quote
        self.type = type
        self.text = text
        self.proposed = proposed
        self.blocking = blocking
        self.paragraph = paragraph
    }
}

extension Consultation {
    /// Records comments on a round's current revision, in one commit. Every section and quote
    /// is checked against that revision's text first; nothing is written unless all are valid.
    /// With `seen`, only when the sections commented on are as the official read them.
    @discardableResult
    public func addComments(_ drafts: [CommentDraft], round id: String, as actor: Actor, now: Date, seen: SeenText? = nil) throws -> [Comment] {
        let round = try log.round(id)
        try checkCanComment(round, actor)
        // All of them or none: the rules would refuse the first comment beyond the limit.
        if let refusal = round.commentLimit(actor.participant, adding: drafts.count) { throw SOPError(refusal) }
        let text = try RevisionText(workspace: workspace, commit: round.revision.commit, scope: round.procedures)
        // Before sections and quotes are looked for: words that changed are the reason, not a typo.
        try seen?.checkComment(on: drafts.map(\.section), round: round, current: text, workspace: workspace)
        for (number, read) in Dictionary(grouping: drafts.filter { $0.readOn != nil && $0.readOn != round.revision.number }, by: { $0.readOn ?? 0 }) {
            guard number >= 1, number <= round.revisions.count else {
                throw SOPError(
                    .textChanged, "the comments were written on revision \(number), which round \(id) does not have (it is at revision \(round.revision.number))",
                    hint: "download the round's comment form again (`sop comment export \(id)`) and copy the comments into it")
            }
            let readText = try RevisionText(workspace: workspace, commit: round.revisions[number - 1].commit, scope: round.procedures)
            try SeenText(readText).checkComment(on: read.map(\.section), round: round, current: text, workspace: workspace)
        }
        var payloads: [[String: JSONValue]] = []
        for draft in drafts {
            guard !draft.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw SOPError(.invalidArgument, "empty comment text", hint: "say what should change and why with --text", reason: .init(.emptyComment))
            }
            try DisplayText.checkWritten(["comment text": draft.text, "proposed change": draft.proposed, "paragraph": draft.paragraph, "quote": draft.quote])
            let (procedure, section, _) = try text.resolve(draft.section)
            let language = try text.checkLanguage(draft.language)
            var payload: [String: JSONValue] = [
                "revision": .string(round.revision.commit), "procedure": .string(procedure),
                "section": .string(section.heading.id!), "type": .string(draft.type.rawValue), "text": .string(draft.text),
                "blocking": .bool(draft.blocking),
            ]
            payload["sectionNumber"] = section.heading.number.map(JSONValue.string)
            payload["language"] = language.map(JSONValue.string)
            payload["proposed"] = draft.proposed.flatMap { $0.isEmpty ? nil : JSONValue.string($0) }
            payload["paragraph"] = draft.paragraph.flatMap { $0.isEmpty ? nil : JSONValue.string($0) }
            if let exact = draft.quote, !exact.isEmpty {
                guard exact.count <= Round.maximumQuote else {
                    throw SOPError(
                        .invalidArgument, "the quote is \(exact.count) characters; quote at most \(Round.maximumQuote) (a few words or sentences)",
                        reason: .init(.quoteTooLong, ["count": String(exact.count), "maximum": String(Round.maximumQuote)]))
                }
                // Looked for in the version the writer read, then in the source text.
                let places = [text.plainText(procedure, section.heading.id!, in: language), text.plainText(procedure, section.heading.id!, in: nil)]
                guard let (quote, quotedIn) = places.lazy.compactMap({ place in place.flatMap { found in Anchor.quote(exact, in: found.text).map { ($0, found.language) } } }).first else {
                    let shown = exact.count > 120 ? exact.prefix(120) + "…" : Substring(exact)
                    throw SOPError(
                        .invalidArgument, "the quote \"\(shown)\" is not in \(procedure)#\(section.heading.id!) (\(section.heading.number ?? "") \(section.heading.title)) of revision \(round.revision.number)",
                        hint: "copy the words exactly as the section shows them (`sop render \(procedure)`), or leave out --quote",
                        reason: .init(.quoteNotFound, ["quote": String(shown), "section": "\(procedure)#\(section.heading.id!)"]))
                }
                payload["quote"] = .object(["prefix": .string(quote.prefix), "exact": .string(quote.exact), "suffix": .string(quote.suffix)])
                payload["quotedIn"] = quotedIn.map(JSONValue.string)
            }
            payloads.append(payload)
        }
        let signer = try signer(for: actor, now: now)
        let events = try log.append(to: id, author: actor.authorText, message: "Comment by \(actor.participant) on round \(id)", signer: signer) { round in
            let prefix = Round.numberPrefix(actor.participant)
            let count = round.commentCount(of: actor.participant)
            return try payloads.enumerated().map { index, payload in
                var payload = payload
                payload["number"] = .string("\(prefix)-\(count + index + 1)")
                return Event(
                    kind: .commentAdded, round: id, participant: actor.participant, author: actor.authorText, at: now,
                    clock: try Event.clock(after: round.clock, index: index, round: id), payload: payload)
            }
        }
        let after = try log.round(id)
        return events.compactMap { after.comment($0.id) }
    }

    private func checkCanComment(_ round: Round, _ actor: Actor) throws {
        if !actor.isSecretariat, !round.participants.contains(actor.participant) {
            throw SOPError(
                .invalidArgument, "\(actor.participant) is not invited to round \(round.id)",
                hint: "invited: \(round.participants.joined(separator: ", "))")
        }
        switch round.state {
        case .closed: throw SOPError(.invalidArgument, "round \(round.id) is closed", reason: .init(.roundClosed, ["round": round.id]))
        case .paused:
            let reason = round.pauses.last?.reason ?? ""
            throw SOPError(.invalidArgument, "round \(round.id) is paused: \(reason)", reason: .init(.roundPaused, ["round": round.id, "reason": reason]))
        case .open: break
        }
    }

    /// Finds a comment by its number (`TT-3`, or `ROUND:TT-3`) or the start of its ID.
    public func findComment(_ reference: String, round: String? = nil) throws -> (Round, Comment) {
        var roundID = round
        var key = reference
        if let colon = reference.lastIndex(of: ":") {
            let named = String(reference[..<colon])
            if let round, round != named {
                throw SOPError(.invalidArgument, "'\(reference)' names round \(named), but --round says \(round)")
            }
            roundID = named
            key = String(reference[reference.index(after: colon)...])
        }
        let rounds = try roundID.map { [try log.round($0)] } ?? log.rounds()
        let matches = rounds.flatMap { round in
            round.comments.filter { $0.number.caseInsensitiveCompare(key) == .orderedSame || (key.count >= 6 && $0.id.hasPrefix(key.lowercased())) }
                .map { (round, $0) }
        }
        guard matches.count == 1 else {
            if matches.isEmpty {
                let looksLikeID = key.count < 6 && key.allSatisfy(\.isHexDigit)
                let unsearched = roundID == nil && !log.unreadableRounds.isEmpty
                    ? " (rounds that cannot be read were not searched: \(log.unreadableRounds.map(\.round).joined(separator: ", ")))" : ""
                throw SOPError(
                    .notFound, "no comment '\(reference)'" + unsearched,
                    hint: looksLikeID ? "a comment ID needs at least its first 6 characters" : "`sop comment list ROUND` shows the comments")
            }
            throw SOPError(
                .invalidArgument, "'\(reference)' names \(matches.count) comments: \(matches.map { "\($0.0.id):\($0.1.number)" }.joined(separator: ", "))",
                hint: "add the round, e.g. \(matches[0].0.id):\(matches[0].1.number)")
        }
        return matches[0]
    }

    public func reply(to reference: String, round: String? = nil, text: String, as actor: Actor, now: Date) throws -> Comment {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw SOPError(.invalidArgument, "empty reply text", reason: .init(.emptyReply)) }
        try DisplayText.checkWritten(["reply": text])
        let (found, comment) = try findComment(reference, round: round)
        if !actor.isSecretariat, !found.participants.contains(actor.participant) {
            throw SOPError(.invalidArgument, "\(actor.participant) is not invited to round \(found.id)")
        }
        try record([(.commentReplied, ["comment": .string(comment.id), "text": .string(text)])], round: found.id, as: actor, now: now, message: "Reply to \(comment.number) on round \(found.id)")
        return try log.round(found.id).comment(comment.id)!
    }

    public func dispose(_ reference: String, round: String? = nil, resolution: Comment.Resolution, reason: String?, as actor: Actor, now: Date) throws -> Comment {
        guard actor.isSecretariat else {
            throw SOPError(.invalidArgument, "only the secretariat may dispose of comments", hint: "run it with --as secretariat")
        }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if resolution == .rejected, reason.isEmpty {
            throw SOPError(.invalidArgument, "a rejection needs a reason", hint: "add --reason \"why the comment is not taken up\"", reason: .init(.rejectionNeedsReason))
        }
        try DisplayText.checkWritten(["reason": reason])
        let (found, comment) = try findComment(reference, round: round)
        try record(
            [(.commentDisposed, ["comment": .string(comment.id), "resolution": .string(resolution.rawValue), "reason": .string(reason)])],
            round: found.id, as: actor, now: now, message: "Dispose of \(comment.number) on round \(found.id)")
        return try log.round(found.id).comment(comment.id)!
    }

    /// The commenting participant lifts its blocking comment once it has been disposed of.
    public func clear(_ reference: String, round: String? = nil, as actor: Actor, now: Date) throws -> Comment {
        let (found, comment) = try findComment(reference, round: round)
        guard comment.blocking else { throw SOPError(.invalidArgument, "\(comment.number) is not a blocking comment") }
        guard comment.participant == actor.participant else {
            throw SOPError(.invalidArgument, "only \(comment.participant) may clear \(comment.number)", hint: "run it with --as \(comment.participant)")
        }
        guard comment.disposition != nil else {
            throw SOPError(.invalidArgument, "\(comment.number) has not been disposed of yet", hint: "the secretariat answers it first with `sop comment dispose`")
        }
        try record([(.blockingCleared, ["comment": .string(comment.id)])], round: found.id, as: actor, now: now, message: "Clear \(comment.number) on round \(found.id)")
        return try log.round(found.id).comment(comment.id)!
    }
}
