import Foundation
import SOPKit

/// A person who signs in to the portal, and whom they speak for.
///
/// Accounts live with the server (`.git/sop/accounts.json`), never in the synced repository,
/// so password hashes do not travel to other capitals.
public struct Account: Sendable, Codable, Equatable {
    /// What an account may do; the server checks it on every request.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// Comments and states positions for its own country.
        case focalPoint = "focal-point"
        /// Opens, revises, closes and adopts rounds; disposes of comments; reads every round.
        case secretariat
        /// Comments, never takes positions.
        case observer
    }

    /// A one-time sign-in link: only its SHA-256 is kept, so the file cannot be used to sign in.
    public struct Link: Sendable, Codable, Equatable {
        public var token: String
        public var expires: Date
    }

    /// Random and never reused, so that a session of a removed account cannot come back
    /// when an account with the same address is made again.
    public var id: String
    public var email: String
    public var name: String
    /// The participant code from set.yaml, or `secretariat`.
    public var participant: String
    public var role: Role
    /// The language the official chose for the portal and for their sign-in messages (`fr`);
    /// when nil, the browser's.
    public var language: String?
    /// The official's time zone (`America/Port_of_Spain`) when they chose one; else their
    /// country's, see ``zone``.
    public var timeZone: String?
    /// The bcrypt hash, once the official has set a password.
    public var password: String?
    public var link: Link?
    /// Raised by a reset, which ends every session of the account.
    public var generation: Int
    public var created: Date

    /// `Name <email>`, as events record their author.
    public var actor: Actor { Actor(participant: participant, author: .init(name: name, email: email)) }
    public var isSecretariat: Bool { role == .secretariat }
    /// The clock deadlines are shown on beside UTC: the chosen zone, else the participant's
    /// country's when it keeps one (none for the secretariat and organisations).
    public var zone: TimeZone? { timeZone.flatMap(TimeZone.init(identifier:)) ?? CountryTimeZone.zone(of: participant) }
    public var mayTakePositions: Bool { role == .focalPoint }

    /// How an address is stored and looked up: trimmed and lower-cased.
    public static func key(_ email: String) -> String { email.trimmingCharacters(in: .whitespaces).lowercased() }

    /// ``key(_:)``, and shaped like an address (one `@`, no spaces or angle brackets).
    public static func normalized(email: String) throws -> String {
        let email = key(email)
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !email.contains(where: { $0.isWhitespace || "<>\",;".contains($0) || $0.isASCII == false && $0.isLetter == false })
        else {
            throw SOPError(.invalidArgument, "'\(email)' is not an e-mail address", hint: "e.g. ana.ruiz@immigration.gov.tt")
        }
        return email
    }
}
