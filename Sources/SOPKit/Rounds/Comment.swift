import Foundation

/// A comment in the ISO/CEN template's terms, with its answers, as folded from events.
public struct Comment: Sendable, Codable, Equatable {
    /// ISO/CEN comment types: general, technical, editorial.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case ge, te, ed
    }

    /// The secretariat's answer to a comment (W3C disposition of comments).
    public enum Resolution: String, Sendable, Codable, CaseIterable {
        case accepted, modified, rejected, noted
    }

    public struct Quote: Sendable, Codable, Equatable {
        public var prefix: String
        public var exact: String
        public var suffix: String
    }

    public struct Reply: Sendable, Codable, Equatable {
        public var id: String
        public var participant: String
        public var author: String
        public var at: Date
        public var text: String
    }

    public struct Disposition: Sendable, Codable, Equatable {
        public var resolution: Resolution
        public var reason: String
        public var author: String
        public var at: Date
        /// The draft commit that applied the comment's suggestion, when one did.
        public var applied: String?
    }

    public var id: String
    /// `TT-3`: the participant's third comment in this round.
    public var number: String
    public var participant: String
    public var author: String
    public var at: Date
    /// The revision the comment was made on (1-based) and its commit.
    public var revision: Int
    public var commit: String
    public var procedure: String
    public var section: String
    public var sectionNumber: String?
    public var paragraph: String?
    public var quote: Quote?
    public var type: Kind
    public var text: String
    public var proposed: String?
    public var blocking: Bool
    /// The language it is written in (nil: the set's source language).
    public var language: String?
    /// The language version its quote is from (nil: the source text).
    public var quotedIn: String?
    public var replies: [Reply] = []
    public var disposition: Disposition?
    /// The secretariat's earlier answers, oldest first, when it changed its disposition: a
    /// changed answer is shown beside the one it replaced, never silently instead of it.
    public var earlierDispositions: [Disposition] = []
    /// For a blocking comment: the commenting participant has cleared it after the disposition.
    public var cleared = false

    /// A blocking comment holds every decision until it is disposed of and cleared.
    public var isHolding: Bool { blocking && !(disposition != nil && cleared) }

    /// `open`, or the resolution once disposed.
    public var state: String { disposition?.resolution.rawValue ?? "open" }

    /// `SOP-004#screening`.
    public var anchor: String { "\(procedure)#\(section)" }
}

extension Comment {
    /// The words a comment is placed on in a revision: its quote, and once `sop comment apply`
    /// put its proposed words in their place, those words too (in the same context), so that an
    /// applied suggestion stays beside the text it brought rather than becoming unplaced.
    public var placements: [Quote] {
        guard let quote else { return [] }
        guard disposition?.applied != nil, let proposed, !proposed.isEmpty else { return [quote] }
        return [quote, Quote(prefix: quote.prefix, exact: Anchor.normalized(proposed), suffix: quote.suffix)]
    }
}
