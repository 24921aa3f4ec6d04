import Foundation
import Git
import Markdown
import Testing
@testable import SOPKit

@Suite struct AdoptionTests {
    /// Main moved on in another procedure while the draft was consulted on: adoption makes a
    /// merge commit, and the procedure the draft supersedes is marked superseded.
    @Test func mergeCommitAndSupersededProcedures() throws {
        let states = ["BZ", "TT", "JM", "DO", "BS"]
        let fixture = try RoundWorkspace(keys: ["secretariat"] + states)
        try fixture.edit { $0.replacingOccurrences(of: "supersedes: []", with: "supersedes: [SOP-002]") }
        _ = try Drafts(fixture.workspace).save(message: "SOP-004 replaces SOP-002", author: fixture.secretariat.author)
        let repository = fixture.workspace.repository
        let path = "Procedures/SOP-001-regional-framework.md"
        try repository.updateReference("refs/heads/main", message: "edit on main") { parent in
            let text = String(decoding: try repository.file(at: path, inCommit: parent!)!, as: UTF8.self) + "\nA note added on main.\n"
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: path, blob: try repository.writeBlob(Data(text.utf8)))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "Note on SOP-001", author: fixture.secretariat.author)
        }
        let mainBefore = try repository.reference("refs/heads/main")!
        let round = try fixture.open(states)
        for code in states { try fixture.state(code, .approve, on: round.id) }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        let result = try Adoption(fixture.consultation).adopt(round.id, version: "2027.1", effective: Day("2027-03-01")!, as: fixture.secretariat, now: fixture.at(4))
        let commit = try repository.commit(result.commit)
        #expect(commit.parents.count == 2)
        #expect(commit.parents.first == mainBefore)
        let main = try repository.reference("refs/heads/main")!
        #expect(main == result.commit)
        let sop001 = String(decoding: try repository.file(at: path, inCommit: main)!, as: UTF8.self)
        #expect(sop001.contains("A note added on main."))
        let sop002 = String(decoding: try repository.file(at: "Procedures/SOP-002-border-interview.md", inCommit: main)!, as: UTF8.self)
        #expect(sop002.contains("status: superseded"))
        let sop004 = String(decoding: try repository.file(at: fixture.path, inCommit: main)!, as: UTF8.self)
        #expect(sop004.contains("status: adopted") && sop004.contains("version: \"1.1\"") && sop004.contains("effective: 2027-03-01"))
        #expect(result.record.body["superseded"] == .array(["SOP-002"]))
        let report = try Verification(fixture.workspace).tag("set/2027.1")
        #expect(report.ok, "\(report.checks.filter { !$0.ok }.map(\.what))")
    }

    @Test func keyRegistrationKeepsTheFileAsWritten() throws {
        let workspace = try TemporaryWorkspace()
        let text = try workspace.read(ProtocolSet.path)
        let pair = KeyPair.generate(participant: "JM", name: "Focal: \"Kingston\"", role: "Director")
        let added = try KeyRegistration.adding(RegisteredKey(key: pair.publicKey, name: pair.name, role: "Director", added: Timestamp.parse("2027-01-01T00:00Z")), for: "JM", to: text)
        #expect(added.hasPrefix("# Caribbean Migration Consultations"))
        let set = try ProtocolSet.parse(added)
        #expect(set.listedKeys(for: "JM").map(\.name) == ["Focal: \"Kingston\""])
        #expect(set.listedKeys(for: "TT").isEmpty)
        let revoked = try KeyRegistration.revoking(pair.publicKey, of: "JM", at: Timestamp.parse("2027-02-01T00:00Z")!, in: added)
        #expect(try ProtocolSet.parse(revoked).listedKeys(for: "JM").first?.revoked == Timestamp.parse("2027-02-01T00:00Z"))
        #expect(Lines.split(revoked).count == Lines.split(text).count + 5)
        #expect(throws: SOPError.self) { try KeyRegistration.revoking(pair.publicKey, of: "TT", at: Date(), in: added) }
    }
}

extension AdoptionTests {
    /// Main changed another section of the same procedure: adopting would put text in force
    /// that nobody approved in this round, so it is refused with main's sections named.
    @Test func mainsOwnChangesToTheSameProcedureMustGoThroughTheDraft() throws {
        let states = ["BZ", "TT", "JM", "DO", "BS"]
        let fixture = try RoundWorkspace(keys: ["secretariat"] + states)
        let repository = fixture.workspace.repository
        try repository.updateReference("refs/heads/main", message: "edit on main") { parent in
            let text = String(decoding: try repository.file(at: fixture.path, inCommit: parent!)!, as: UTF8.self)
                .replacingOccurrences(of: "## 6 Records {#records}\n", with: "## 6 Records {#records}\n\nRecords are kept for ten years.\n")
            let tree = try repository.updateTree(try repository.commit(parent!).tree, applying: [.write(path: fixture.path, blob: try repository.writeBlob(Data(text.utf8)))])
            return try repository.createCommit(tree: tree, parents: [parent!], message: "Retention on main", author: fixture.secretariat.author)
        }
        let main = try repository.reference("refs/heads/main")
        let round = try fixture.open(states)
        for code in states { try fixture.state(code, .approve, on: round.id) }
        _ = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(3))
        let error = #expect(throws: SOPError.self) {
            try Adoption(fixture.consultation).adopt(round.id, version: "2027.1", effective: Day(fixture.at(4)), as: fixture.secretariat, now: fixture.at(4))
        }
        #expect(error?.message == "main has changed SOP-004#records since the draft left it; those sections were not part of what was approved")
        #expect(try repository.reference("refs/heads/main") == main)
        #expect(try repository.tag("set/2027.1") == nil)
    }
}
