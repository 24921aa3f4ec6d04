import Foundation
import SOPKit
@testable import SOPServer
import Testing

/// The portal refuses a comment form beyond the set's `form-rows` limit with 413, and records
/// nothing from it.
@Suite struct FloodRouteTests {
    @Test func aFormBeyondTheRowLimitGets413AndNothingIsRecorded() async throws {
        let fixture = try PortalFixture()
        let limit = ProtocolSet.Limits().formRows
        let rows = (0...limit).map { ["TT", "", "SOP-004#detection", "", "", "ge", "Comment \($0) from the ministry.", "", ""] }
        let data = CSV.write([CommentForm.columns] + rows)
        try await fixture.test { client, _ in
            let tt = Browser(client)
            try await tt.signIn(fixture.accounts["TT"]!)
            try await tt.get("/rounds/night-1")
            let upload = try await tt.upload("/rounds/night-1/form", field: "form", filename: "TT.csv", data: data, fields: [("participant", "TT")])
            #expect(upload.status == .contentTooLarge)
            #expect(upload.body.contains("the form has \(limit + 1) rows with a comment; one form holds at most \(limit)"))
        }
        #expect(try fixture.currentRound().comments.isEmpty)
    }
}
