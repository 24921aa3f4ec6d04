import Crypto
import Foundation

/// One immutable fact of a consultation round, stored as `events/<ab>/<id>.json` in the
/// round's ref. State is always computed from the events (see ``Round``).
public struct Event: Sendable, Equatable {
    /// The event format this code writes; readers keep fields they do not know.
    public static let format = 2

    /// The largest Lamport clock an event may carry.
    ///
    /// Every writer adds to the highest clock it has seen, so a replica that signed an event
    /// with a clock near `Int.max` would make every later write overflow. 2^40 leaves room for
    /// a trillion events per round, far beyond any consultation, and for the `+ n` of a batch.
    public static let maximumClock = 1 << 40

    /// The largest stored event, in bytes: refused before it is read into memory.
    ///
    /// 4 MiB holds the largest honest event (a checkpoint can list some 50,000 event IDs, about
    /// 3.5 MB as stored) and keeps what one replica can make every reader allocate small.
    public static let maximumSize = 4 << 20

    public enum Kind: String, Sendable, CaseIterable {
        case roundOpened = "round-opened"
        case roundRevised = "round-revised"
        case roundExtended = "round-extended"
        case roundPaused = "round-paused"
        case roundResumed = "round-resumed"
        case roundClosed = "round-closed"
        case commentAdded = "comment-added"
        case commentReplied = "comment-replied"
        case commentDisposed = "comment-disposed"
        case blockingCleared = "blocking-cleared"
        case positionStated = "position-stated"
        case positionsCarried = "positions-carried"
        /// The secretariat's signed list of the events it holds, naming the registry it holds
        /// them under: what orders events against key revocations (see ``KeyRegistry``).
        case checkpoint
    }

    /// The SHA-256 of the canonical JSON of every other field except `signature`, in hex.
    public let id: String
    /// The whole JSON object as stored (fields this version does not know are kept).
    public let body: [String: JSONValue]

    public var kind: Kind? { body["type"]?.string.flatMap(Kind.init(rawValue:)) }
    public var type: String { body["type"]?.string ?? "" }
    public var round: String { body["round"]?.string ?? "" }
    /// The participant code the event speaks for, or `secretariat`.
    public var participant: String { body["participant"]?.string ?? "" }
    /// Who wrote it: `Name <email>`.
    public var author: String { body["author"]?.string ?? "" }
    public let at: Date
    /// Lamport clock: greater than the clock of every event its writer had seen.
    public let clock: Int
    public var payload: [String: JSONValue] { body["payload"]?.object ?? [:] }
    /// The payload decoded by type, once, when the event was read or made (see ``Payload``).
    public let decoded: Result<Payload, Refusal>

    static func decode(_ body: [String: JSONValue]) -> Result<Payload, Refusal> {
        guard let kind = body["type"]?.string.flatMap(Kind.init(rawValue:)) else {
            return .failure(Refusal(.malformed, "unknown event type '\(body["type"]?.string ?? "")'"))
        }
        return Payload.decode(kind, body["payload"]?.object ?? [:])
    }

    /// Builds an event and computes its ID.
    public init(
        kind: Kind, round: String, participant: String, author: String, at: Date, clock: Int, payload: [String: JSONValue]
    ) {
        let body: [String: JSONValue] = [
            "format": .int(Event.format), "type": .string(kind.rawValue), "round": .string(round),
            "participant": .string(participant), "author": .string(author), "at": .string(Timestamp.string(at)),
            "clock": .int(clock), "payload": .object(payload),
        ]
        self.id = Event.hash(body)
        self.body = body.merging(["id": .string(id)]) { _, new in new }
        self.at = Timestamp.parse(Timestamp.string(at)) ?? at
        self.clock = clock
        self.decoded = Event.decode(self.body)
    }

    /// Reads a stored event, checking that its ID is the hash of its content and that it sits
    /// at the path its ID gives.
    public init(json data: Data, path: String) throws {
        guard data.count <= Event.maximumSize else { throw Event.tooLarge(data.count, at: path) }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch let failure as JSONParser.Failure {
            throw SOPError(.invalidFile, "malformed event: \(failure.reason) at byte \(failure.offset)", at: Location(path))
        }
        guard let object = value.object, let id = object["id"]?.string else {
            throw SOPError(.invalidFile, "malformed event: no 'id'", at: Location(path))
        }
        guard object["format"]?.int == Event.format else {
            throw SOPError(.invalidFile, "event format \(object["format"]?.serialized() ?? "missing") is not \(Event.format)", at: Location(path))
        }
        for key in ["type", "round", "participant", "author", "at"] where object[key]?.string == nil {
            throw SOPError(.invalidFile, "malformed event: '\(key)' must be text", at: Location(path))
        }
        guard let clock = object["clock"]?.int, clock >= 1, object["payload"]?.object != nil,
            let at = object["at"]?.string.flatMap(Timestamp.parse)
        else {
            throw SOPError(.invalidFile, "malformed event: needs a UTC 'at', a positive 'clock' and a 'payload' object", at: Location(path))
        }
        guard clock <= Event.maximumClock else {
            throw SOPError(.invalidFile, "malformed event: its clock \(clock) exceeds the largest allowed, \(Event.maximumClock)", at: Location(path))
        }
        let computed = Event.hash(object)
        guard computed == id else {
            throw SOPError(.invalidFile, "event content does not match its id (it was changed after it was written)", at: Location(path))
        }
        guard path == Event.path(for: id) else {
            throw SOPError(.invalidFile, "event \(id.prefix(12)) is stored at the wrong path", at: Location(path))
        }
        self.id = id
        self.body = object
        self.at = at
        self.clock = clock
        self.decoded = Event.decode(self.body)
    }

    /// An event read back from ``EventCache``, whose hash was checked when it was first read.
    init?(checked body: [String: JSONValue]) {
        guard let id = body["id"]?.string, let clock = body["clock"]?.int, (1...Event.maximumClock).contains(clock),
            let at = body["at"]?.string.flatMap(Timestamp.parse)
        else {
            return nil
        }
        self.id = id
        self.body = body
        self.clock = clock
        self.decoded = Event.decode(self.body)
        self.at = at
    }

    /// The refusal of a stored event of `size` bytes, more than ``maximumSize``.
    static func tooLarge(_ size: Int, at path: String) -> SOPError {
        SOPError(.invalidFile, "malformed event: \(size) bytes, more than the largest allowed, \(Event.maximumSize)", at: Location(path))
    }

    /// The clock of the `index`-th event of a batch written after seeing clock `seen`.
    ///
    /// Stored clocks are at most ``maximumClock``, so this only fails when a round already
    /// holds an event at the limit; it then refuses the write instead of overflowing, or of
    /// writing an event every reader would refuse.
    static func clock(after seen: Int, index: Int, round: String) throws -> Int {
        let (next, overflow) = seen.addingReportingOverflow(1 + index)
        guard !overflow, next <= maximumClock else {
            throw SOPError(
                .invalidFile, "round \(round) holds an event whose clock (\(seen)) leaves no room for another",
                hint: "`sop verify \(round)` lists the round's events; the secretariat may open a new round")
        }
        return next
    }

    /// The Ed25519 signature over ``signedContent``, with the public key that made it.
    public struct Signature: Sendable, Equatable {
        public let key: String
        public let value: String
    }

    public var signature: Signature? {
        guard let object = body["signature"]?.object, let key = object["key"]?.string, let value = object["value"]?.string else {
            return nil
        }
        return Signature(key: key, value: value)
    }

    /// What is hashed into the ID and signed: the canonical JSON of everything but `id` and
    /// `signature`.
    public var signedContent: Data { Event.content(body) }

    static func content(_ body: [String: JSONValue]) -> Data {
        var content = body
        content["id"] = nil
        content["signature"] = nil
        return Data(JSONValue.object(content).serialized().utf8)
    }

    /// The channel the event was written through (`portal`), when not an official's own key.
    public var via: String? { body["via"]?.string }
    /// The portal account that wrote the event (its e-mail address).
    public var account: String? { body["account"]?.string }

    /// The same event signed with an official's key. Signed with the portal's key, it also
    /// records that it came through the portal and which account wrote it (the author's
    /// e-mail), both covered by its ID and signature.
    public func signed(with key: KeyPair) throws -> Event {
        var body = self.body
        if key.participant == KeyRegistry.portal {
            body["via"] = .string(KeyRegistry.portal)
            body["account"] = .string((try? Author.parse(author))?.email ?? author)
            body["id"] = .string(Event.hash(body))
        }
        body["signature"] = .object(["key": .string(key.publicKey), "value": .string(try key.sign(Event.content(body)))])
        guard let event = Event(checked: body) else {
            throw SOPError(.invalidArgument, "event \(id.prefix(12)) cannot be signed: its clock \(clock) is not between 1 and \(Event.maximumClock)")
        }
        return event
    }

    static func hash(_ body: [String: JSONValue]) -> String { ContentHash.of(content(body)) }

    /// `events/ab/abcdef….json`: fanned out by the first two hex digits, as `.git/objects` is.
    public static func path(for id: String) -> String { "events/\(id.prefix(2))/\(id).json" }

    public var path: String { Event.path(for: id) }

    /// The stored form: canonical ordering, indented for people reading the repository.
    public var json: Data { Data((JSONValue.object(body).serialized(pretty: true) + "\n").utf8) }

    /// The order every replica folds events in: clock, then id.
    public static func < (a: Event, b: Event) -> Bool { (a.clock, a.id) < (b.clock, b.id) }
}
