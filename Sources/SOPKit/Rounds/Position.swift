import Foundation

/// A participant's position on the exact text of one revision, as a signed event states it.
public struct Position: Sendable, Codable, Equatable {
    public enum Stance: String, Sendable, Codable, CaseIterable {
        case approve
        case approveWithComments = "approve-with-comments"
        case object
        case abstain

        public var approves: Bool { self == .approve || self == .approveWithComments }
    }

    /// A state joins the decision except for these sections; the statement is published as a
    /// footnote to them.
    public struct Reservation: Sendable, Codable, Equatable {
        public var sections: [String]
        public var statement: String
    }

    public var id: String
    public var participant: String
    public var author: String
    public var at: Date
    public var stance: Stance
    public var reason: String?
    public var reservations: [Reservation]
    /// The revision the position was given on.
    public var revision: Int
    public var commit: String
    /// `procedure#section` → SHA-256 of the section's text, for the sections it covers.
    public var fingerprints: [String: String]
    /// The public key that signed it.
    public var key: String
}

extension Position {
    /// The position a `position-stated` event states; `revision` is its revision's number.
    public init?(event: Event, revision: Int) {
        guard case .success(.position(let stated)) = event.decoded, let key = event.signature?.key else { return nil }
        self.init(
            id: event.id, participant: event.participant, author: event.author, at: event.at, stance: stated.stance, reason: stated.reason,
            reservations: stated.reservations, revision: revision, commit: stated.revision, fingerprints: stated.fingerprints, key: key)
    }
}
