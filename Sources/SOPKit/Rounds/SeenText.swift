import Foundation

/// What an official had in front of them when they wrote a comment or stated a position: the
/// round revision and a digest of its sections' fingerprints.
///
/// A form carries it from the page to the post, so that an approval or a comment never lands
/// on text the writer did not read: the secretariat may revise the round in between, and the
/// post is refused rather than bound to the new text.
public struct SeenText: Sendable, Equatable {
    /// The revision's commit.
    public let revision: String
    /// ``digest(_:)`` of the fingerprints of every section in the round's scope at `revision`.
    public let fingerprints: String

    public init(revision: String, fingerprints: String) {
        self.revision = revision
        self.fingerprints = fingerprints
    }

    /// What a page showing `text` shows.
    public init(_ text: RevisionText) {
        self.init(revision: text.commit, fingerprints: Self.digest(text.fingerprints()))
    }

    /// One hash for a set of fingerprints, independent of their order.
    public static func digest(_ fingerprints: [String: String]) -> String {
        ContentHash.of(fingerprints.keys.sorted().map { "\($0)=\(fingerprints[$0] ?? "")\n" }.joined())
    }

    /// Refuses a position unless it was read on the round's current revision, exactly: a
    /// position counts for the whole text, so any new revision means the official must read
    /// again.
    func checkPosition(on round: Round, current text: RevisionText) throws {
        guard revision == round.revision.commit else { throw changed(round, "Your position was not recorded") }
        guard fingerprints == Self.digest(text.fingerprints()) else { throw mismatch(round) }
    }

    /// Refuses a comment when a section it is about (`screening` or `SOP-004#screening`)
    /// changed or went after the official read it; a revision that left those sections' words
    /// as they were takes the comment as it is.
    func checkComment(on references: [String], round: Round, current text: RevisionText, workspace: Workspace) throws {
        if revision == round.revision.commit {
            guard fingerprints == Self.digest(text.fingerprints()) else { throw mismatch(round) }
            return
        }
        guard round.revisions.contains(where: { $0.commit == revision }) else { throw mismatch(round) }
        let read = try RevisionText(workspace: workspace, commit: revision, scope: round.procedures)
        let before = read.fingerprints()
        guard fingerprints == Self.digest(before) else { throw mismatch(round) }
        let now = text.fingerprints()
        // A section the revision read did not have was not read: it counts as changed.
        let moved = references.compactMap { reference -> String? in
            guard let found = try? read.resolve(reference), let id = found.section.heading.id else { return reference }
            let anchor = "\(found.procedure)#\(id)"
            return before[anchor] == now[anchor] ? nil : anchor
        }
        if !moved.isEmpty {
            throw changed(round, "Your comment was not recorded: \(moved.joined(separator: ", ")) changed")
        }
    }

    /// The number of the revision that was read, when it is one of the round's.
    public func number(in round: Round) -> Int? { round.revisions.first { $0.commit == revision }?.number }

    private func changed(_ round: Round, _ outcome: String) -> SOPError {
        let read = number(in: round).map { "revision \($0)" } ?? "an earlier text"
        return SOPError(
            .textChanged, "\(outcome): the secretariat put revision \(round.revision.number) up for consultation after you opened \(read)",
            hint: "read what changed, then send it again on the new text")
    }

    private func mismatch(_ round: Round) -> SOPError {
        SOPError(
            .textChanged, "the page you sent this from does not show revision \(round.revision.number) of round \(round.id)",
            hint: "reload the proposal and send it again")
    }
}
