import Foundation

/// What a participant still owes in a round: the one rule behind the portal's dashboard and
/// `sop digest`, so that the page and the mail never disagree about what a capital must do.
public enum Owed: String, Sendable, Codable, CaseIterable {
    /// No position on any revision yet.
    case position
    /// A position on an earlier revision that was not carried over: the text changed since.
    case newPosition = "new-position"
    /// No comment yet: the round asks for them, though none is required.
    case comments

    /// The catalogue key that names it in a list of what is owed.
    public var key: String {
        switch self {
        case .position: "dashboard.owesPosition"
        case .newPosition: "dashboard.owesNewPosition"
        case .comments: "dashboard.owesComments"
        }
    }
}

extension Round {
    /// What `participant` still owes here: nothing once the round is closed or when it is not
    /// invited; a position (a new one when its last is stale) when it `takesPositions`
    /// (observers only comment); comments until it has made one.
    public func owed(by participant: String, takesPositions: Bool) -> [Owed] {
        guard state != .closed, participants.contains(participant) else { return [] }
        var owed: [Owed] = []
        if takesPositions, currentPositions[participant] == nil {
            owed.append(positions.contains { $0.participant == participant } ? .newPosition : .position)
        }
        if commentCount(of: participant) == 0 { owed.append(.comments) }
        return owed
    }

    /// Whether `participant` takes positions in this round: members and territories do,
    /// observers (and codes the governing set.yaml does not know) only comment.
    public func takesPositions(_ participant: String) -> Bool {
        guard let kind = registry?.set.participant(participant)?.kind else { return false }
        return kind != .observer
    }
}
