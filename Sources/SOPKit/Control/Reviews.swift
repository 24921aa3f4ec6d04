import Foundation
import Git

/// Periodic review of the procedures in force: which are due, and the secretariat's signed
/// verdicts, each sealed in a tag `review/<ID>/<YYYY-MM-DD>` on main as an adoption is in
/// `set/<version>`, so that sync takes one only when it verifies and `sop verify` checks them all.
public struct Reviews {
    let consultation: Consultation
    var repository: Repository { consultation.workspace.repository }

    public init(_ consultation: Consultation) { self.consultation = consultation }

    /// A procedure in force whose `review-by` falls within the window asked.
    public struct Due: Sendable, Codable {
        public let id: String
        public let title: String
        public let version: String?
        public let status: String
        public let reviewBy: Day
        /// Days from today to `review-by`: negative once it has passed.
        public let daysLeft: Int
        public let overdue: Bool
        /// The last review recorded, when there is one.
        public let lastReview: Review?
    }

    /// Procedures in force on main whose review falls due by `today` + `days`, soonest first.
    public func due(within days: Int, today: Day) throws -> [Due] {
        let recorded = try all()
        return try inForce().compactMap { procedure -> Due? in
            guard let reviewBy = procedure.metadata.reviewBy else { return nil }
            let left = today.days(until: reviewBy)
            guard left <= days else { return nil }
            return Due(
                id: procedure.id, title: procedure.title, version: procedure.metadata.version,
                status: procedure.metadata.status?.rawValue ?? "", reviewBy: reviewBy, daysLeft: left, overdue: procedure.metadata.reviewIsOverdue(on: today),
                lastReview: recorded.last { $0.procedure == procedure.id })
        }.sorted { ($0.reviewBy, $0.id) < ($1.reviewBy, $1.id) }
    }

    /// Every recorded review, oldest first (by the day in its tag's name, then the tag).
    public func all() throws -> [Review] {
        try repository.references(matching: "refs/tags/\(Review.tagPrefix)*").compactMap { reference -> Review? in
            let name = String(reference.name.dropFirst("refs/tags/".count))
            guard let message = try repository.tag(name)?.message, let record = try? Record.parse(message) else { return nil }
            return Review(tag: name, record: record)
        }.sorted { ($0.reviewed ?? .distantPast, $0.tag) < ($1.reviewed ?? .distantPast, $1.tag) }
    }

    /// Records the secretariat's verdict on a procedure in force. `no-change` commits on main
    /// the new `review-by` (today + the set's review period), front matter only; the other
    /// verdicts change no text. Either way the sealed record goes into a new tag on main.
    public func record(_ id: String, verdict: ReviewVerdict, reason: String, as actor: Actor, now: Date) throws -> Review {
        guard actor.isSecretariat else {
            throw SOPError(.invalidArgument, "only the secretariat records a review", hint: "run it with --as secretariat")
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= Round.maximumText else {
            throw SOPError(.invalidArgument, "a review needs its reason (1 to \(Round.maximumText) characters)", hint: "add --reason \"…\"")
        }
        guard let main = try repository.reference("refs/heads/main") else { throw SOPError(.notFound, "there is no main branch") }
        guard let procedure = try inForce(at: main).first(where: { $0.id == id }) else {
            throw SOPError(
                .notFound, "\(id) is not a procedure in force on main",
                hint: "only effective or adopted procedures are reviewed; `sop review due --within 3650d` lists them")
        }
        guard let key = try consultation.ownKey(of: actor, now: now) else {
            throw SOPError(
                .notFound, "the secretariat's registered key is needed to sign the review",
                hint: "create it with `sop key new --as secretariat --name \"Full Name\" --register` on main")
        }
        let set = try consultation.protocolSet(at: main.hex)
        let today = Day(now)
        let before = procedure.metadata.reviewBy
        var commit = main
        var after = before
        if verdict == .noChange {
            let next = set.reviewPeriod.after(today)
            after = next
            let text = FrontMatterEdit.setting("review-by", to: next.description, in: procedure.source)
            let tree = try repository.updateTree(
                try repository.commit(main).tree, applying: [.write(path: procedure.path, blob: try repository.writeBlob(Data(text.utf8)))])
            commit = try repository.createCommit(
                tree: tree, parents: [main],
                message: "Review \(id): no change; next review by \(next)\n\n\(reason)", author: actor.author)
        }
        guard let blob = try repository.entry(at: procedure.path, inTree: try repository.commit(commit).tree)?.id else {
            throw SOPError(.notFound, "\(procedure.path) is missing from the reviewed commit")
        }
        var body: [String: JSONValue] = [
            "format": .int(Record.format), "kind": "review", "procedure": .string(id), "path": .string(procedure.path),
            "verdict": .string(verdict.rawValue), "reason": .string(reason), "reviewed": .string(Timestamp.string(now)),
            "commit": .string(commit.hex), "text": .string(blob.hex), "review-period": .string(set.reviewPeriod.description),
            "review-by": .object(["before": before.map { .string($0.description) } ?? .null, "after": after.map { .string($0.description) } ?? .null]),
            "registry": Record.registryBody(consultation.log.registry?.keys ?? Registry()),
        ]
        body["procedure-version"] = procedure.metadata.version.map(JSONValue.string)
        body["summary"] = .string(
            "Review of \(id) \(procedure.metadata.version ?? "") (\(procedure.title)) on \(today): \(verdict.rawValue)"
                + (verdict == .noChange ? "; next review by \(after.map(\.description) ?? "?")" : "") + "\n\n" + DisplayText.shown(reason))
        let record = try Record(body: body).signed(with: key)
        let tag = try freeTag(for: id, on: today)
        try Adoption(consultation).bringIntoForce(commit, over: main, tag: tag, record: record, tagger: actor.author, message: "sop review record \(id)")
        return Review(tag: tag, record: record)
    }

    /// `review/SOP-004/2027-06-01`, or `…-2` and on when a review of that day exists.
    func freeTag(for id: String, on day: Day) throws -> String {
        let base = "\(Review.tagPrefix)\(id)/\(day)"
        var name = base
        var number = 1
        while try repository.reference("refs/tags/" + name) != nil {
            number += 1
            name = "\(base)-\(number)"
        }
        return name
    }

    /// The procedures in force (effective or adopted) at a commit of main.
    func inForce(at commit: ObjectID? = nil) throws -> [Procedure] {
        guard let commit = try commit ?? repository.reference("refs/heads/main") else { return [] }
        let snapshot = try Snapshot.load(from: try consultation.workspace.commitSource(commit.hex))
        return snapshot.procedures.filter { [.effective, .adopted].contains($0.metadata.status) }
    }
}
