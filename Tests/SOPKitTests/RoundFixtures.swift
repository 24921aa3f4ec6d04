import Foundation
import Git
@testable import SOPKit

/// A workspace with a draft that changes SOP-004, ready for a round.
final class RoundWorkspace {
    let base: TemporaryWorkspace
    let consultation: Consultation
    let secretariat = Actor(participant: "secretariat", author: Signature(name: "Secretariat", email: "sec@example.org"))
    let opened = Timestamp.parse("2027-01-04T09:00Z")!
    /// The clock syncs run on in tests: after every event the fixtures write.
    static let syncClock = Timestamp.parse("2027-06-01T00:00Z")!
    let closes = Timestamp.parse("2027-02-01T17:00Z")!

    /// The secretariat's key (the registry's root) and keys for these participants are made
    /// and registered before the draft starts.
    init(keys: [String] = []) throws {
        base = try TemporaryWorkspace()
        let keyDirectory = base.url.appendingPathComponent(".git/test-keys")
        let root = try RoundWorkspace.register(Round.secretariat, in: base.workspace, keys: keyDirectory, signer: nil, author: secretariat.author)
        for code in keys where code != Round.secretariat {
            try RoundWorkspace.register(code, in: base.workspace, keys: keyDirectory, signer: root, author: secretariat.author)
        }
        consultation = Consultation(base.workspace)
        consultation.keyDirectory = keyDirectory
        _ = try Drafts(base.workspace).start("maritime-2027")
        try edit { $0.replacingOccurrences(of: "within two hours", with: "within one hour") }
        _ = try Drafts(base.workspace).save(message: "Tighten reporting", author: secretariat.author)
    }

    /// Makes a key for `holder`, saves it and registers it, signed by `signer` (by itself
    /// when nil: the root).
    @discardableResult
    static func register(_ holder: String, in workspace: Workspace, keys: URL, signer: KeyPair?, author: Signature) throws -> KeyPair {
        let pair = KeyPair.generate(participant: holder, name: "Official \(holder)", role: nil)
        _ = try pair.save(in: keys)
        _ = try workspace.registerKey(
            pair.publicKey, name: pair.name, role: nil, for: holder, signer: signer ?? pair, author: author, now: Timestamp.parse("2027-01-01T00:00Z")!)
        return pair
    }

    /// A round on which every one of `states` approved, closed and adopted as set/2027.1, with
    /// the work tree on main.
    static func adopted(_ states: [String]) throws -> (fixture: RoundWorkspace, round: Round, result: Adoption.Result) {
        let fixture = try RoundWorkspace(keys: states)
        let round = try fixture.open(states)
        for code in states { try fixture.state(code, .approve, on: round.id) }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        _ = try Drafts(fixture.workspace).switchTo("main")
        let result = try Adoption(fixture.consultation).adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(4))
        return (fixture, round, result)
    }

    var workspace: Workspace { base.workspace }
    let path = "Procedures/SOP-004-maritime-interception.md"

    func edit(_ transform: (String) -> String) throws {
        try base.write(path, transform(try base.read(path)))
    }

    func actor(_ code: String) -> Actor {
        Actor(participant: code, author: Signature(name: "Focal point \(code)", email: "\(code.lowercased())@example.org"))
    }

    func open(_ participants: [String] = ["BZ", "TT", "JM", "DO", "BS"], rule: DecisionRule? = nil) throws -> Round {
        try consultation.open(
            draft: "maritime-2027", invitation: .only(participants), closes: closes, rule: rule, title: "Maritime 2027",
            as: secretariat, now: opened)
    }

    var keyDirectory: URL { consultation.keyDirectory }

    func state(_ code: String, _ stance: Position.Stance, on round: String, reason: String? = nil, day: Double = 2) throws {
        _ = try consultation.state(stance, round: round, reason: reason ?? (stance == .object ? "Not workable" : nil), reservations: [], statement: nil, as: actor(code), now: at(day))
    }

    func outcome(_ round: String, day: Double) throws -> Outcome {
        let folded = try consultation.log.round(round)
        return Decision.evaluate(folded, set: folded.registry?.set, now: at(day))
    }

    func at(_ days: Double) -> Date { opened.addingTimeInterval(days * 86_400) }
}
