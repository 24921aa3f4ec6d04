import Foundation
import Testing

/// Keys through the built binary: a participant rotates its own key, and the secretariat's
/// checkpoint keeps what the old key signed.
@Suite struct KeyCLITests {
    func position(_ box: Sandbox, _ round: String) throws -> String? {
        let status = try json(try box.sop("round", "status", round, "--json").stdout) as? [String: Any]
        let participants = status?["participants"] as? [[String: Any]] ?? []
        return participants.first { $0["code"] as? String == "TT" }?["position"] as? String
    }

    /// A round open on the sample set, in which TT, with a key of its own, approved.
    func approvedByTT() throws -> (Sandbox, String) {
        let box = try Sandbox()
        let round = try RoundCLITests().openRound(box)
        try box.sop("draft", "switch", "main")
        #expect(try box.sop("key", "new", "--as", "TT", "--name", "Ana Ruiz", "--register").status == 0)
        #expect(try box.sop("position", round, "--as", "TT", "approve").status == 0)
        return (box, round)
    }

    @Test func aParticipantRotatesItsKeyAndWhatTheSecretariatCheckpointedStands() throws {
        let (box, round) = try approvedByTT()
        let checkpointed = try box.sop("round", "checkpoint", round, "--as", "secretariat")
        #expect(checkpointed.status == 0, "\(checkpointed.output)")
        let old = try box.read("../keys/TT.key")
        let rotated = try box.sop("key", "rotate", "--as", "TT")
        #expect(rotated.status == 0, "\(rotated.output)")
        #expect(rotated.stdout.contains("rotated: registry entry 4"), "\(rotated.output)")
        #expect(try box.read("../keys/TT.key") != old)
        let retired = try FileManager.default.contentsOfDirectory(atPath: box.url.appendingPathComponent("keys").path).filter { $0.hasPrefix("TT.key.retired-") }
        #expect(retired.count == 1)
        let listed = try box.sop("key", "list").stdout
        #expect(listed.contains("revoked (entry 4)"), "\(listed)")
        #expect(try position(box, round) == "approve", "the checkpointed approval still counts")
        // The new key signs; the old file cannot be used again.
        #expect(try box.sop("position", round, "--as", "TT", "object", "--reason", "Night limit").status == 0)
        #expect(try position(box, round) == "object")
        #expect(try box.sop("verify", round).status == 0)
    }

    @Test func aRotationWithoutACheckpointEndsWhatTheOldKeySigned() throws {
        let (box, round) = try approvedByTT()
        #expect(try box.sop("key", "rotate", "--as", "TT").status == 0)
        #expect(try position(box, round) == nil)
        try box.expectRefusal(["round", "checkpoint", round, "--as", "TT"], says: "only the secretariat may checkpoint a round")
    }
}
