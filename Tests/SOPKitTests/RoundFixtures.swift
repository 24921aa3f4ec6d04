import Foundation
import Git
@testable import SOPKit

/// A workspace with a draft that changes SOP-004, ready for a round.
final class RoundWorkspace {
    let base: TemporaryWorkspace
    let consultation: Consultation
    let secretariat = Actor(participant: "secretariat", author: Signature(name: "Secretariat", email: "sec@example.org"))
    let opened = Timestamp.parse("2027-01-04T09:00Z")!
    let closes = Timestamp.parse("2027-02-01T17:00Z")!

    init() throws {
        base = try TemporaryWorkspace()
        consultation = Consultation(base.workspace)
        _ = try Drafts(base.workspace).start("maritime-2027")
        try edit { $0.replacingOccurrences(of: "within two hours", with: "within one hour") }
        _ = try Drafts(base.workspace).save(message: "Tighten reporting", author: secretariat.author)
    }

    var workspace: Workspace { base.workspace }
    let path = "Procedures/SOP-004-maritime-interception.md"

    func edit(_ transform: (String) -> String) throws {
        try base.write(path, transform(try base.read(path)))
    }

    func actor(_ code: String) -> Actor {
        Actor(participant: code, author: Signature(name: "Focal point \(code)", email: "\(code.lowercased())@example.org"))
    }

    func open(_ participants: [String] = ["BZ", "TT", "JM", "DO", "BS"]) throws -> Round {
        try consultation.open(
            draft: "maritime-2027", invitation: .only(participants), closes: closes, rule: nil, title: "Maritime 2027",
            as: secretariat, now: opened)
    }

    func at(_ days: Double) -> Date { opened.addingTimeInterval(days * 86_400) }
}
