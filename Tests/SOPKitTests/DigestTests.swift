import Foundation
import Testing
@testable import SOPKit

/// `sop digest`'s choices: what a participant and the secretariat are told since a moment,
/// and what they are not; the record of the last digests; the words and the mail.
@Suite struct DigestTests {
    /// A round on BZ, TT and JM: TT comments on detection (day 1), BZ on detection and JM on
    /// scope (day 2), the secretariat replies to and disposes of TT-1 (day 3), BZ reserves on
    /// boarding and JM comments there (day 4).
    static func consultation() throws -> (RoundWorkspace, Round) {
        let fixture = try RoundWorkspace(keys: ["BZ"])
        let round = try fixture.open(["BZ", "TT", "JM"])
        func comment(_ code: String, _ section: String, _ text: String, day: Double) throws {
            _ = try fixture.consultation.addComments([CommentDraft(section: section, type: .te, text: text)], round: round.id, as: fixture.actor(code), now: fixture.at(day))
        }
        try comment("TT", "detection", "Not achievable at night", day: 1)
        try comment("BZ", "detection", "Agree with <b>TT</b> & more", day: 2)
        try comment("JM", "scope", "Airports too", day: 2)
        _ = try fixture.consultation.reply(to: "TT-1", round: round.id, text: "We will propose a night limit", as: fixture.secretariat, now: fixture.at(3))
        _ = try fixture.consultation.dispose("TT-1", round: round.id, resolution: .modified, reason: "Four hours at night", as: fixture.secretariat, now: fixture.at(3))
        _ = try fixture.consultation.state(
            .approve, round: round.id, reason: nil, reservations: ["boarding"], statement: "Subject to our Maritime Areas Act", as: fixture.actor("BZ"),
            now: fixture.at(4))
        try comment("JM", "boarding", "Boarding needs a warrant", day: 4.5)
        return (fixture, try fixture.consultation.log.round(round.id))
    }

    @Test func aParticipantIsToldOfCommentsOnItsSectionsAndAnswersToItsOwnAndNothingElse() throws {
        let (fixture, round) = try Self.consultation()
        let digest = Digest(recipient: "TT", language: "en", rounds: [round], since: fixture.at(1.5), now: fixture.at(5))
        let part = try #require(digest.rounds.first)
        #expect(part.comments.map(\.number) == ["BZ-1"], "JM's comment on scope is not on a section TT commented on")
        #expect(part.answers.map { "\($0.kind.rawValue) \($0.number)" } == ["reply TT-1", "disposition TT-1"])
        #expect(part.answers.last?.resolution == "modified")
        #expect(part.revisions.isEmpty, "revision 1 was put up before the moment asked for")
        #expect(part.owed == [.position])
        #expect(part.closesSoon == nil, "the deadline is weeks away")
        #expect(part.undisposed == nil)
    }

    @Test func aReservationMakesItsSectionWatched() throws {
        let (fixture, round) = try Self.consultation()
        let digest = Digest(recipient: "BZ", language: "en", rounds: [round], since: fixture.at(3.5), now: fixture.at(5))
        let part = try #require(digest.rounds.first)
        #expect(part.comments.map(\.number) == ["JM-2"], "JM commented on boarding, where BZ reserved")
        #expect(part.owed.isEmpty, "BZ approved and commented")
    }

    @Test func theSecretariatIsToldOfEveryNewCommentAndWhichStillNeedADisposition() throws {
        let (fixture, round) = try Self.consultation()
        let part = try #require(Digest(recipient: Round.secretariat, language: "en", rounds: [round], since: nil, now: fixture.at(5)).rounds.first)
        #expect(part.comments.map(\.number) == ["TT-1", "BZ-1", "JM-1", "JM-2"])
        #expect(part.comments.map { $0.needsDisposition == true } == [false, true, true, true])
        #expect(part.undisposed == 3)
        #expect(part.revisions.map(\.number) == [1], "the first digest counts from the round's opening")
        #expect(part.owed.isEmpty)
    }

    @Test func aDeadlineWithinAWeekIsAnnouncedAndAnUninvitedParticipantHearsNothing() throws {
        let (fixture, round) = try Self.consultation()
        let late = fixture.closes.addingTimeInterval(-3 * 86_400 + 60)
        let part = try #require(Digest(recipient: "JM", language: "en", rounds: [round], since: late, now: late).rounds.first)
        #expect(part.closesSoon == fixture.closes && part.daysLeft == 3)
        #expect(part.comments.isEmpty && part.answers.isEmpty)
        #expect(part.owed == [.position], "JM commented but has no position")
        #expect(Digest(recipient: "DO", language: "en", rounds: [round], since: nil, now: fixture.at(5)).isEmpty)
        let quiet = Digest(recipient: "BZ", language: "en", rounds: [round], since: fixture.at(6), now: fixture.at(6))
        #expect(quiet.isEmpty, "nothing new, nothing owed, no deadline near")
    }

    @Test func stillOwedIsOneRuleANewPositionWhenTheTextChangedAndNothingOnceClosed() throws {
        let (fixture, round) = try Self.consultation()
        #expect(round.owed(by: "BZ", takesPositions: true).isEmpty)
        #expect(round.owed(by: "JM", takesPositions: false).isEmpty, "an observer owes no position, and JM commented")
        #expect(round.owed(by: "DO", takesPositions: true).isEmpty, "not invited")
        try fixture.edit { $0.replacingOccurrences(of: "within one hour", with: "within thirty minutes") }
        _ = try Drafts(fixture.workspace).save(message: "Thirty minutes", author: fixture.secretariat.author)
        let revised = try fixture.consultation.revise(round.id, as: fixture.secretariat, now: fixture.at(6))
        #expect(revised.owed(by: "BZ", takesPositions: true) == [.newPosition])
        let closed = try fixture.consultation.close(round.id, as: fixture.secretariat, now: fixture.at(7))
        #expect(closed.owed(by: "TT", takesPositions: true).isEmpty)
        let part = try #require(Digest(recipient: "BZ", language: "en", rounds: [closed], since: fixture.at(5.5), now: fixture.at(8)).rounds.first)
        #expect(part.revisions.map(\.number) == [2] && part.closed == fixture.at(7) && part.owed.isEmpty)
    }

    @Test func datesParseAsADayOrAUTCTimeAndAnythingElseIsAClearError() throws {
        #expect(try Digests.since(parsing: "2027-01-11") == Timestamp.parse("2027-01-11T00:00Z"))
        #expect(try Digests.since(parsing: "2027-01-11T09:00Z") == Timestamp.parse("2027-01-11T09:00Z"))
        for bad in ["2027-02-30", "yesterday", "2027-01-11 09:00", "11/01/2027"] {
            #expect(throws: SOPError.self) { try Digests.since(parsing: bad) }
        }
        do {
            _ = try Digests.since(parsing: "tomorrow")
        } catch let error as SOPError {
            #expect(error.message.contains("'tomorrow' is not a date") && error.hint?.contains("2027-01-11T09:00Z") == true)
        }
    }

    @Test func theRecordOfDigestsKeepsEachRecipientsLastAndRefusesAFileItCannotRead() throws {
        let (fixture, _) = try Self.consultation()
        let file = DigestRecord.defaultFile(for: fixture.workspace)
        var record = try DigestRecord(file: file)
        #expect(record.last.isEmpty)
        try record.record(["TT", Round.secretariat], at: fixture.at(5))
        try record.record(["TT"], at: fixture.at(6))
        let read = try DigestRecord(file: file)
        #expect(read.last == ["TT": fixture.at(6), Round.secretariat: fixture.at(5)])
        try Data("{\"format\": 1, \"digests\": {\"TT\": \"last week\"}}".utf8).write(to: file)
        #expect(throws: SOPError.self) { try DigestRecord(file: file) }
    }

    @Test func theWordsComeFromTheCatalogueInTheDigestsLanguageAndTheHTMLEscapesWhatPeopleWrote() throws {
        let (fixture, round) = try Self.consultation()
        let catalogue = try Catalogue.load(templates: nil, directory: Workspace.templatesDirectory + "/portal")
        let digest = Digest(recipient: "TT", language: "fr", rounds: [round], since: fixture.at(1.5), now: fixture.at(5))
        let words = DigestWording(digest, recipientName: "Trinidad and Tobago", setTitle: "CMC", catalogue: catalogue)
        #expect(words.subject == "CMC\u{A0}: point sur les consultations au 9 janvier 2027")
        #expect(words.text.contains("BZ-1 (BZ) sur SOP-004#detection\u{A0}: «\u{A0}Agree with <b>TT</b> & more\u{A0}»"))
        #expect(words.text.contains("Encore attendu de vous\n  - une position"))
        #expect(words.html.contains("Agree with &lt;b&gt;TT&lt;/b&gt; &amp; more") && !words.html.contains("<b>TT"))
        let item = try #require(Digest(recipient: Round.secretariat, language: "en", rounds: [round], since: nil, now: fixture.at(5)).rounds.first?.comments.first)
        let listed = DigestWording.items(Array(repeating: item, count: 30), "en") { catalogue.text($0, "en", $1) }
        #expect(listed.count == DigestWording.listed + 1 && listed.last == "… and 5 more on the portal", "a long list is cut, the rest counted")
        let long = DigestWording.shortened(String(repeating: "word ", count: 200))
        #expect(long.count == DigestWording.quoted && long.hasSuffix("…"))
    }

    @Test func aMessageHasItsHeadersBothPartsInQuotedPrintableAndRefusesAnAddressThatWouldAddHeaders() throws {
        let data = try DigestMail.message(
            from: .init(name: "CMC Secretariat", address: "sec@cmc.example.org"), to: [.init(address: "focal.ht@cmc.example.org")], subject: "Point\u{A0}: été",
            language: "fr", text: "Réponse\n" + String(repeating: "é", count: 60), html: "<p>é</p>", date: Timestamp.parse("2027-01-11T09:00Z")!, id: "HT")
        let message = String(decoding: data, as: UTF8.self)
        #expect(message.contains("Date: Mon, 11 Jan 2027 09:00:00 +0000\r\n"))
        #expect(message.contains("Subject: =?utf-8?B?" + Data("Point\u{A0}: été".utf8).base64EncodedString() + "?=\r\n"))
        #expect(message.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_sop-digest-"))
        #expect(message.contains("R=C3=A9ponse\r\n") && message.contains("<p>=C3=A9</p>"))
        #expect(message.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 78 }, "RFC 5322 lines of at most 78 characters")
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        #expect(throws: SOPError.self) {
            try DigestMail.message(
                from: .init(address: "sec@cmc.example.org"), to: [.init(address: "a@b.org\r\nBcc: x@y.org")], subject: "s", language: "en", text: "t", html: "h",
                date: Date(), id: "x")
        }
    }
}
