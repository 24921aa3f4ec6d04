import Foundation
import Yams

/// `Procedures/set.yaml`: the protocol set's title, who takes part, and how it decides.
public struct ProtocolSet: Sendable, Equatable, Codable {
    public static let path = "Procedures/set.yaml"
    /// The repository format version this code reads and writes (see the DocC article).
    public static let formatVersion = 2

    public var format: Int
    public var title: String
    public var shortTitle: String?
    public var languages: [String]
    /// The languages whose text is authentic (`authentic:`; by default the first of
    /// `languages`, the language of the files in `Procedures/`). An approval binds to every
    /// authentic version; the others are translations.
    public var authentic: [String] = []
    public var defaultRule: DecisionRule
    public var secretariat: Role
    /// The consultation portal (`sop serve`): its keys sign events on behalf of the officials
    /// signed in to it, each event naming the account (`via: portal`).
    public var portal: Role?
    public var participants: [Participant]
    /// How much one participant may put into a round, so that nobody floods it for everyone.
    public var limits = Limits()
    /// How long a procedure stays in force before its next review (`review-period:`, default 2y).
    public var reviewPeriod = Period.standard
    /// How long participants have to acknowledge a version once it takes effect
    /// (`acknowledgement-period:`, default 30d); an adoption may set its own.
    public var acknowledgementPeriod = Period.acknowledgement

    /// The set's bounds on what one participant sends (`limits:` in set.yaml; every key optional).
    public struct Limits: Sendable, Equatable, Codable {
        /// The most comments one participant records in one round. The secretariat, which runs
        /// the round and signs every event with its registered key, is not counted against it.
        public var commentsPerParticipant = 2_000
        /// The most rows with a comment one uploaded comment form may hold (the empty rows the
        /// export adds for each section do not count).
        public var formRows = 5_000
        /// The most replies one participant writes in one round; the secretariat, which
        /// answers every comment, is not counted against it.
        public var repliesPerParticipant = 2_000

        public init(commentsPerParticipant: Int = 2_000, formRows: Int = 5_000, repliesPerParticipant: Int = 2_000) {
            self.commentsPerParticipant = commentsPerParticipant
            self.formRows = formRows
            self.repliesPerParticipant = repliesPerParticipant
        }

        enum CodingKeys: String, CodingKey {
            case commentsPerParticipant = "comments-per-participant"
            case formRows = "form-rows"
            case repliesPerParticipant = "replies-per-participant"
        }
    }

    enum CodingKeys: String, CodingKey {
        case format, title, languages, authentic, participants, secretariat, portal, limits
        case shortTitle = "short-title"
        case defaultRule = "default-rule"
    }

    /// The language the procedures in `Procedures/` are written in; translations live in
    /// `Procedures/<language>/`.
    public var sourceLanguage: String { languages.first ?? "en" }

    /// The set's languages other than ``sourceLanguage``: those a translation may be in.
    public var translationLanguages: [String] { Array(languages.dropFirst()) }

    public func participant(_ code: String) -> Participant? { participants.first { $0.code == code } }

    /// The keys set.yaml lists for a holder, for people to read; the key registry decides.
    public func listedKeys(for holder: String) -> [RegisteredKey] {
        if holder == Round.secretariat { return secretariat.keys }
        if holder == KeyRegistry.portal { return portal?.keys ?? [] }
        return participant(holder)?.focalPoints.flatMap(\.keys) ?? []
    }

    /// Reads set.yaml strictly: every problem is an error at its line, because every other
    /// command trusts this file. The same text is read once per process (``ParsedSets``).
    public static func parse(_ text: String, path: String = ProtocolSet.path) throws -> ProtocolSet {
        if let known = ParsedSets.shared.set(text, path: path) { return known }
        let set = try read(text, path: path)
        ParsedSets.shared.remember(set, text: text, path: path)
        return set
    }

    private static func read(_ text: String, path: String) throws -> ProtocolSet {
        let root = try YAMLMapping.parse(text, path: path, firstLine: 1)
        var reader = Reader(path: path)
        let format = try reader.int(root, "format")
        guard format == formatVersion else {
            throw SOPError(
                .invalidFile, "set.yaml is format \(format); this sop reads format \(formatVersion)",
                at: root.location(of: "format"), hint: "upgrade sop, or check the 'format' line")
        }
        let title = try reader.string(root, "title")
        let shortTitle = try reader.optionalString(root, "short-title")
        let languages = try reader.list(root, "languages")
        for language in languages where !Metadata.isLanguageCode(language) {
            throw SOPError(.invalidFile, "'\(language)' is not a two-letter language code", at: root.location(of: "languages"))
        }
        let authentic = root["authentic"] == nil ? Array(languages.prefix(1)) : try reader.list(root, "authentic")
        for language in authentic where !languages.contains(language) {
            throw SOPError(
                .invalidFile, "authentic language '\(language)' is not one of the set's languages (\(languages.joined(separator: ", ")))",
                at: root.location(of: "authentic"), hint: "add it to 'languages', or remove it from 'authentic'")
        }
        if let first = languages.first, !authentic.contains(first) {
            throw SOPError(
                .invalidFile, "'authentic' must include \(first), the language of the procedures in Procedures/ (the first of 'languages')",
                at: root.location(of: "authentic"))
        }
        let ruleName = try reader.string(root, "default-rule")
        guard let rule = DecisionRule(rawValue: ruleName) else {
            throw SOPError(
                .invalidFile, "unknown decision rule '\(ruleName)'; use one of: \(DecisionRule.allCases.map(\.rawValue).joined(separator: ", "))",
                at: root.location(of: "default-rule"))
        }
        let roles = try reader.mapping(root, "roles")
        let secretariatMap = try reader.mapping(roles, "secretariat")
        let secretariat = Role(
            name: try reader.string(secretariatMap, "name"),
            email: try reader.optionalString(secretariatMap, "email"),
            keys: try reader.keys(secretariatMap))
        let portal = try roles["portal"].map { _ in
            let map = try reader.mapping(roles, "portal")
            return Role(name: try reader.string(map, "name"), email: try reader.optionalString(map, "email"), keys: try reader.keys(map))
        }
        guard let list = root["participants"]?.sequence else {
            throw SOPError(.invalidFile, "'participants' must be a list", at: root.location(of: "participants") ?? Location(path, line: 1))
        }
        var participants: [Participant] = []
        for item in list {
            let map = try YAMLMapping(item, path: path, firstLine: 1)
            let code = try reader.string(map, "code")
            let where_ = map.location(of: "code")
            guard Participant.isCode(code) else {
                throw SOPError(.invalidFile, "'\(code)' is not a participant code; use an ISO 3166-1 alpha-2 code such as TT, or an uppercase organisation code such as IOM", at: where_)
            }
            if participants.contains(where: { $0.code == code }) {
                throw SOPError(.invalidFile, "participant '\(code)' is listed twice", at: where_)
            }
            let kindName = try reader.string(map, "kind")
            guard let kind = Participant.Kind(rawValue: kindName) else {
                throw SOPError(.invalidFile, "unknown kind '\(kindName)' for \(code); use member, territory or observer", at: map.location(of: "kind"))
            }
            if kind != .observer, !Participant.isCountryCode(code) {
                throw SOPError(.invalidFile, "\(kind.rawValue) '\(code)' needs an ISO 3166-1 alpha-2 code (two letters)", at: where_)
            }
            let parent = try reader.optionalString(map, "parent")
            if kind == .territory {
                guard let parent, Participant.isCountryCode(parent) else {
                    throw SOPError(.invalidFile, "territory '\(code)' needs 'parent:' with its parent state's ISO code (e.g. GB, NL)", at: where_)
                }
            } else if parent != nil {
                throw SOPError(.invalidFile, "only a territory has a 'parent'", at: map.location(of: "parent"))
            }
            var focalPoints: [FocalPoint] = []
            for point in map["focal-points"]?.sequence ?? [] {
                let pointMap = try YAMLMapping(point, path: path, firstLine: 1)
                focalPoints.append(
                    FocalPoint(
                        name: try reader.string(pointMap, "name"),
                        role: try reader.optionalString(pointMap, "role"),
                        email: try reader.optionalString(pointMap, "email"),
                        keys: try reader.keys(pointMap)))
            }
            participants.append(
                Participant(code: code, name: try reader.string(map, "name"), kind: kind, parent: parent, focalPoints: focalPoints))
        }
        var limits = Limits()
        if root["limits"] != nil {
            let map = try reader.mapping(root, "limits")
            limits.commentsPerParticipant = try reader.optionalLimit(map, "comments-per-participant") ?? limits.commentsPerParticipant
            limits.formRows = try reader.optionalLimit(map, "form-rows") ?? limits.formRows
            limits.repliesPerParticipant = try reader.optionalLimit(map, "replies-per-participant") ?? limits.repliesPerParticipant
        }
        let reviewPeriod = try reader.optionalPeriod(root, "review-period", "a review period") ?? .standard
        let acknowledgementPeriod = try reader.optionalPeriod(root, "acknowledgement-period", "an acknowledgement period") ?? .acknowledgement
        return ProtocolSet(
            format: format, title: title, shortTitle: shortTitle, languages: languages, authentic: authentic, defaultRule: rule,
            secretariat: secretariat, portal: portal, participants: participants, limits: limits, reviewPeriod: reviewPeriod,
            acknowledgementPeriod: acknowledgementPeriod)
    }

    /// Typed access to YAML values, failing at the line of the offending key.
    private struct Reader {
        let path: String

        func node(_ map: YAMLMapping, _ key: String) throws -> Node {
            guard let node = map[key] else {
                let place = map.entries.first.map { Location(path, line: $0.location.line) } ?? Location(path, line: map.firstLine)
                throw SOPError(.invalidFile, "missing '\(key)'", at: place, hint: "see Procedures/set.yaml in the sample set (`sop init --sample`)")
            }
            return node
        }

        /// A period (`2y`, `18m`, `30d`) under `key`, refused at its line when it is not one.
        func optionalPeriod(_ map: YAMLMapping, _ key: String, _ what: String) throws -> Period? {
            guard let text = try optionalString(map, key) else { return nil }
            guard let period = Period(text) else {
                throw SOPError(
                    .invalidFile, "'\(text)' is not \(what)", at: map.location(of: key),
                    hint: "write a number of years, months or days: 2y, 18m or 30d")
            }
            return period
        }

        func string(_ map: YAMLMapping, _ key: String) throws -> String {
            let node = try node(map, key)
            guard let text = node.text, !text.isEmpty else {
                throw SOPError(.invalidFile, "'\(key)' must be a non-empty text value", at: map.location(of: node))
            }
            return text
        }

        func optionalString(_ map: YAMLMapping, _ key: String) throws -> String? {
            map[key] == nil ? nil : try string(map, key)
        }

        func int(_ map: YAMLMapping, _ key: String) throws -> Int {
            let text = try string(map, key)
            guard let value = Int(text) else {
                throw SOPError(.invalidFile, "'\(key)' must be a whole number", at: map.location(of: key))
            }
            return value
        }

        /// A limit: a whole number of at least 1, or nil when the key is absent.
        func optionalLimit(_ map: YAMLMapping, _ key: String) throws -> Int? {
            guard map[key] != nil else { return nil }
            let value = try int(map, key)
            guard value >= 1 else {
                throw SOPError(.invalidFile, "'\(key)' must be at least 1", at: map.location(of: key))
            }
            return value
        }

        func list(_ map: YAMLMapping, _ key: String) throws -> [String] {
            guard let list = try node(map, key).textList else {
                throw SOPError(.invalidFile, "'\(key)' must be a list of text values", at: map.location(of: key))
            }
            return list
        }

        /// `keys:` as a list of bare keys or of mappings with `key`, `name`, `role`, `added`, `revoked`.
        func keys(_ map: YAMLMapping) throws -> [RegisteredKey] {
            guard let node = map["keys"] else { return [] }
            guard let items = node.sequence else {
                throw SOPError(.invalidFile, "'keys' must be a list", at: map.location(of: "keys"))
            }
            return try items.map { item in
                func checked(_ text: String, at place: Location) throws -> String {
                    guard KeyPair.decodePublicKey(text) != nil else {
                        throw SOPError(.invalidFile, "'\(text.prefix(20))…' is not an ed25519 public key", at: place)
                    }
                    return text
                }
                if let text = item.text { return RegisteredKey(key: try checked(text, at: map.location(of: item))) }
                let entry = try YAMLMapping(item, path: path, firstLine: map.firstLine)
                func time(_ key: String) throws -> Date? {
                    guard let text = try optionalString(entry, key) else { return nil }
                    guard let date = Timestamp.parse(text) else {
                        throw SOPError(.invalidFile, "'\(key)' must be a UTC time such as 2027-01-05T10:00:00Z", at: entry.location(of: key))
                    }
                    return date
                }
                return RegisteredKey(
                    key: try checked(try string(entry, "key"), at: entry.location(of: "key") ?? map.location(of: item)),
                    name: try optionalString(entry, "name"), role: try optionalString(entry, "role"),
                    added: try time("added"), revoked: try time("revoked"))
            }
        }

        func mapping(_ map: YAMLMapping, _ key: String) throws -> YAMLMapping {
            try YAMLMapping(try node(map, key), path: path, firstLine: map.firstLine)
        }
    }
}
