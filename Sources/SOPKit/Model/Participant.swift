import Foundation

/// A government or organisation taking part in the consultations.
public struct Participant: Sendable, Equatable, Codable {
    /// Member states and territories vote; observers comment but never take positions.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case member, territory, observer
    }

    /// ISO 3166-1 alpha-2 for states and territories (`TT`), a short uppercase code for
    /// organisations (`IOM`, `IMPACS`).
    public var code: String
    public var name: String
    public var kind: Kind
    /// The state a territory belongs to (`GB` for Anguilla).
    public var parent: String?
    public var focalPoints: [FocalPoint]

    enum CodingKeys: String, CodingKey {
        case code, name, kind, parent
        case focalPoints = "focal-points"
    }

    /// The participant's name for readers of `language`: set.yaml's in the set's own language
    /// (`source`); in another, CLDR's name of a state's or territory's ISO 3166 code
    /// ("Trinité-et-Tobago"), so a French page does not name a country in English; set.yaml's
    /// for an organisation, which has no such name.
    public func name(in language: String, source: String) -> String {
        guard language != source, kind != .observer, Self.isCountryCode(code),
            let localized = Locale(identifier: language).localizedString(forRegionCode: code), localized != code
        else { return name }
        return localized
    }

    /// Whether `code` is two uppercase ASCII letters.
    public static func isCountryCode(_ code: String) -> Bool {
        code.count == 2 && code.allSatisfy { $0.isASCII && $0.isUppercase }
    }

    /// Whether `code` can name a participant: a country code, or 2–12 uppercase letters,
    /// digits and hyphens for an organisation.
    public static func isCode(_ code: String) -> Bool {
        (2...12).contains(code.count) && code.first?.isLetter == true
            && code.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }
    }
}

/// The person who speaks for a participant, with the public keys their signatures verify against.
public struct FocalPoint: Sendable, Equatable, Codable {
    public var name: String
    public var role: String?
    public var email: String?
    public var keys: [RegisteredKey]
}

/// A public key as set.yaml lists it for people, with when it was registered and, once
/// revoked, when. It decides nothing: the key registry does (``Registry``).
///
/// Written either as the bare key (`ed25519:…`) or as a mapping with `key`, `name`, `role`,
/// `added` and `revoked`.
public struct RegisteredKey: Sendable, Equatable, Codable {
    public var key: String
    public var name: String?
    public var role: String?
    public var added: Date?
    public var revoked: Date?

    public init(key: String, name: String? = nil, role: String? = nil, added: Date? = nil, revoked: Date? = nil) {
        self.key = key
        self.name = name
        self.role = role
        self.added = added
        self.revoked = revoked
    }
}

/// A role held outside the participant list (the secretariat).
public struct Role: Sendable, Equatable, Codable {
    public var name: String
    public var email: String?
    public var keys: [RegisteredKey]
}

/// How a round's positions turn into an outcome.
public enum DecisionRule: String, Sendable, Codable, CaseIterable {
    case consensus, silence, majority, qualified
}
