import Foundation

/// An event's payload, decoded once by its type when the event is read or made.
///
/// The rules and the fold read these fields, never the raw JSON (the event keeps that for its
/// hash and for the fields this version does not know). A payload that does not decode is a
/// refusal with the words the rules use; what does decode has every field the fold needs, so
/// nothing after this point forces a value out of a dictionary a replica wrote.
public enum Payload: Sendable, Equatable {
    public struct Opening: Sendable, Equatable {
        public let draft: String
        public let revision: String
        public let procedures: [String]
        public let participants: [String]
        public let closes: Date
        public let rule: DecisionRule
        public let title: String
    }

    /// What a checkpoint (or a close) holds.
    public struct Held: Sendable, Equatable {
        /// The registry sequence it was made at.
        public let registry: Int
        public let events: [String]
        /// Event ID → the earlier sequence a checkpoint held it at.
        public let earlier: [String: Int]
    }

    public struct NewComment: Sendable, Equatable {
        public let number: String
        public let revision: String
        public let procedure: String
        public let section: String
        public let sectionNumber: String?
        public let paragraph: String?
        public let quote: Comment.Quote?
        public let type: Comment.Kind
        public let text: String
        public let proposed: String?
        public let blocking: Bool
        /// The language the comment is written in; nil for the set's source language.
        public let language: String?
        /// The language version the quote was taken from; nil for the source text.
        public let quotedIn: String?
    }

    public struct Stated: Sendable, Equatable {
        public let stance: Position.Stance
        public let reason: String?
        public let reservations: [Position.Reservation]
        public let revision: String
        public let fingerprints: [String: String]
    }

    case opened(Opening)
    case revised(revision: String, procedures: [String]?)
    case extended(closes: Date)
    case paused(reason: String)
    case resumed(reason: String)
    case closed(Held, outcome: [String: JSONValue]?)
    case checkpoint(Held)
    case comment(NewComment)
    case reply(comment: String, text: String)
    /// `applied`: the draft commit that took up the comment's suggestion (`sop comment apply`).
    case disposition(comment: String, resolution: Comment.Resolution, reason: String, applied: String?)
    case cleared(comment: String)
    case position(Stated)
    case carried(to: String, positions: [String])

    /// What a checkpoint or a close holds.
    public var held: Held? {
        switch self {
        case .closed(let held, _), .checkpoint(let held): held
        default: nil
        }
    }

    /// Decodes a payload of `kind`. Text that is present but empty decodes (the rules say what
    /// it lacks); a field of the wrong shape does not.
    static func decode(_ kind: Event.Kind, _ payload: [String: JSONValue]) -> Result<Payload, Refusal> {
        func text(_ key: String) -> String? { payload[key]?.string }
        func texts(_ key: String) -> [String]? {
            guard let array = payload[key]?.array else { return nil }
            let strings = array.compactMap(\.string)
            return strings.count == array.count ? strings : nil
        }
        func malformed(_ reason: String) -> Result<Payload, Refusal> { .failure(Refusal(.malformed, reason)) }
        switch kind {
        case .roundOpened:
            guard let draft = text("draft"), let revision = text("revision"), let procedures = texts("procedures"),
                let participants = texts("participants"), let closes = text("closes").flatMap(Timestamp.parse),
                let rule = text("rule").flatMap(DecisionRule.init(rawValue:))
            else { return malformed("malformed round-opened payload") }
            return .success(.opened(Opening(
                draft: draft, revision: revision, procedures: procedures, participants: participants, closes: closes, rule: rule,
                title: text("title") ?? "")))
        case .roundRevised:
            guard let revision = text("revision"), revision.count == 40 else { return malformed("malformed round-revised payload") }
            return .success(.revised(revision: revision, procedures: texts("procedures")))
        case .roundExtended:
            guard let closes = text("closes").flatMap(Timestamp.parse) else { return malformed("malformed round-extended payload") }
            return .success(.extended(closes: closes))
        case .roundPaused: return .success(.paused(reason: text("reason") ?? ""))
        case .roundResumed: return .success(.resumed(reason: text("reason") ?? ""))
        case .roundClosed, .checkpoint:
            guard let registry = payload["registry"]?.int, registry >= 0, let events = texts("events"),
                events.allSatisfy({ $0.count == 64 })
            else { return malformed("a \(kind.rawValue) names the registry sequence it was made at and the IDs of the events it holds") }
            let held = Held(registry: registry, events: events, earlier: (payload["held"]?.object ?? [:]).compactMapValues(\.int))
            return .success(kind == .checkpoint ? .checkpoint(held) : .closed(held, outcome: payload["outcome"]?.object))
        case .commentAdded:
            guard let number = text("number"), let revision = text("revision"), let procedure = text("procedure"), let section = text("section"),
                let type = text("type").flatMap(Comment.Kind.init(rawValue:))
            else { return malformed("malformed comment: it needs number, a revision of this round, procedure, section and type ge, te or ed") }
            var quote: Comment.Quote?
            if let value = payload["quote"] {
                guard let exact = value["exact"]?.string, !exact.isEmpty else { return malformed("malformed quote") }
                quote = Comment.Quote(prefix: value["prefix"]?.string ?? "", exact: exact, suffix: value["suffix"]?.string ?? "")
            }
            return .success(.comment(NewComment(
                number: number, revision: revision, procedure: procedure, section: section, sectionNumber: text("sectionNumber"),
                paragraph: text("paragraph"), quote: quote, type: type, text: text("text") ?? "", proposed: text("proposed"),
                blocking: payload["blocking"]?.bool ?? false, language: text("language"), quotedIn: text("quotedIn"))))
        case .commentReplied: return .success(.reply(comment: text("comment") ?? "", text: text("text") ?? ""))
        case .commentDisposed:
            guard let resolution = text("resolution").flatMap(Comment.Resolution.init(rawValue:)) else {
                return malformed("a disposition is accepted, modified, rejected or noted")
            }
            let applied = text("applied")
            if let applied, !(applied.count == 40 && applied.allSatisfy(\.isHexDigit)) {
                return malformed("a disposition's 'applied' names the commit that applied the suggestion (40 hex digits)")
            }
            return .success(.disposition(comment: text("comment") ?? "", resolution: resolution, reason: text("reason") ?? "", applied: applied))
        case .blockingCleared: return .success(.cleared(comment: text("comment") ?? ""))
        case .positionStated:
            guard let stance = text("position").flatMap(Position.Stance.init(rawValue:)) else {
                return malformed("a position is approve, approve-with-comments, object or abstain")
            }
            guard let revision = text("revision") else { return malformed("a position must name a revision of this round") }
            var reservations: [Position.Reservation] = []
            for value in payload["reservations"]?.array ?? [] {
                guard let sections = value["sections"]?.array?.compactMap(\.string), let statement = value["statement"]?.string else {
                    return malformed("a reservation names 1 to \(Round.maximumReservations) sections and carries a statement")
                }
                reservations.append(Position.Reservation(sections: sections, statement: statement))
            }
            return .success(.position(Stated(
                stance: stance, reason: text("reason"), reservations: reservations, revision: revision,
                fingerprints: (payload["fingerprints"]?.object ?? [:]).compactMapValues(\.string))))
        case .positionsCarried:
            guard let to = text("to"), let positions = texts("positions") else {
                return malformed("positions can only be carried to the current revision")
            }
            return .success(.carried(to: to, positions: positions))
        }
    }
}
