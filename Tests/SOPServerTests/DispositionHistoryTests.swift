import Foundation
import Git
import HummingbirdTesting
import SOPKit
import Testing

/// A disposition the secretariat changes is kept beside the new one, struck through, in the
/// portal and in the disposition table: a changed answer is never a silent one.
@Suite struct DispositionHistoryTests {
    @Test func aChangedDispositionShowsTheAnswerItReplaced() async throws {
        let fixture = try PortalFixture()
        let consultation = Consultation(fixture.workspace)
        consultation.keyDirectory = fixture.keys
        let tt = Actor(participant: "TT", author: Signature(name: "Official TT", email: "ana@immigration.gov.tt"))
        _ = try consultation.addComments(
            [CommentDraft(section: "SOP-004#detection", type: .te, text: "One hour is too short at night.")], round: "night-1", as: tt, now: fixture.clock.now)
        _ = try consultation.dispose("TT-1", resolution: .accepted, reason: nil, as: fixture.secretariat, now: fixture.clock.now)
        _ = try consultation.dispose("TT-1", resolution: .rejected, reason: "Kept at one hour after the ministers' meeting", as: fixture.secretariat, now: fixture.clock.now)
        let comment = try #require(try fixture.currentRound().comments.first)
        #expect(comment.disposition?.resolution == .rejected && comment.earlierDispositions.map(\.resolution) == [.accepted])
        try await fixture.test { client, _ in
            let official = Browser(client)
            try await official.signIn(try #require(fixture.accounts["TT"]))
            let page = try await official.get("/rounds/night-1").body
            #expect(page.contains("Earlier answer, replaced: <del>accepted</del>"), "\(page)")
            #expect(page.contains("Secretariat: rejected</strong> — <bdi>Kept at one hour after the ministers&#39; meeting</bdi> <small>(5 January 2027 at 09:00 UTC)</small>"), "no empty parts")
        }
        let text = try RevisionText(workspace: fixture.workspace, commit: comment.commit, scope: ["SOP-004"])
        let table = String(decoding: try CommentForm.dispositions(fixture.currentRound(), text: text), as: UTF8.self)
        #expect(table.contains("Rejected: Kept at one hour after the ministers' meeting\n(replaced: Accepted)"), "\(table)")
    }
}
