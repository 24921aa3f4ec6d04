import Foundation
import Testing

/// `sop digest` through the built binary: text, JSON, HTML and the messages of `--mail`, in
/// each recipient's language, and the refusals of bad input.
@Suite struct DigestCLITests {
    /// A round on BZ, TT and HT in which TT and BZ comment on detection (BZ's words with
    /// markup) and the secretariat answers TT-1.
    func consultation(_ box: Sandbox) throws -> String {
        let round = try RoundCLITests().openRound(box, participants: "BZ,TT,HT")
        for (code, text) in [("TT", "Not achievable at night"), ("BZ", "Agree with <script>alert(1)</script> & TT")] {
            let added = try box.sop("comment", "add", round, "--as", code, "--section", "detection", "--type", "te", "--text", text)
            #expect(added.status == 0, "\(added.output)")
        }
        #expect(try box.sop("comment", "reply", "TT-1", "--as", "secretariat", "--text", "A night limit is coming").status == 0)
        return round
    }

    @Test func aDigestInTextAndJSONSaysWhatChangedForEachRecipientAndOnlyRecordsWhenAsked() throws {
        let box = try Sandbox()
        let round = try consultation(box)
        let text = try box.sop("digest", "--as", "TT")
        #expect(text.status == 0, "\(text.output)")
        for expected in [
            "To the focal point of Trinidad and Tobago:", "(\(round))", "New comments on sections you commented or reserved on",
            "  - BZ-1 (BZ) on SOP-004#detection: Agree with <script>alert(1)</script> & TT", "  - secretariat replied to TT-1 on SOP-004#detection: A night limit is coming",
            "Still owed by you\n  - a position",
        ] {
            #expect(text.stdout.contains(expected), "\(expected) in \(text.stdout)")
        }
        let all = try #require(try json(try box.sop("digest", "--format", "json").stdout) as? [[String: Any]])
        #expect(all.map { $0["recipient"] as? String } == ["BZ", "HT", "TT", "secretariat"])
        let tt = try #require(all.first { $0["recipient"] as? String == "TT" })
        let part = try #require((tt["rounds"] as? [[String: Any]])?.first)
        #expect((part["comments"] as? [[String: Any]])?.map { $0["number"] as? String } == ["BZ-1"])
        #expect((part["answers"] as? [[String: Any]])?.map { $0["kind"] as? String } == ["reply"])
        #expect(part["owed"] as? [String] == ["position"] && tt["language"] as? String == "en" && tt["since"] == nil)
        let secretariat = try #require((all.last?["rounds"] as? [[String: Any]])?.first)
        #expect(secretariat["undisposed"] as? Int == 2)
        #expect(!FileManager.default.fileExists(atPath: box.path(".git/sop/digests.json").path), "printing records nothing")

        // On a clock past every event: one in the very second of a recorded digest shows again.
        let later = ["SOP_NOW": "2027-01-20T00:00Z"]
        #expect(try box.run(Sandbox.binary, ["digest", "--as", "TT", "--record"], in: "ws", stdin: nil, environment: later).status == 0)
        let again = try #require(
            try json(try box.run(Sandbox.binary, ["digest", "--as", "TT", "--format", "json"], in: "ws", stdin: nil, environment: later).stdout) as? [[String: Any]])
        let quiet = try #require((again.first?["rounds"] as? [[String: Any]])?.first)
        #expect(again.first?["since"] as? String == "2027-01-20T00:00:00Z" && (quiet["comments"] as? [Any])?.isEmpty == true && quiet["owed"] as? [String] == ["position"])
        let earlier = try #require(try json(try box.sop("digest", "--as", "TT", "--since", "2020-01-01", "--format", "json").stdout) as? [[String: Any]])
        #expect(((earlier.first?["rounds"] as? [[String: Any]])?.first?["comments"] as? [Any])?.count == 1, "--since wins over the record")

        let html = try box.sop("digest", "--as", "BZ", "--format", "html").stdout
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("Not achievable at night"))
        #expect(try box.sop("digest", "--as", "TT", "--since", "2020-01-01", "--format", "html").stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; TT"))
    }

    @Test func mailWritesOneMessagePerRecipientWithBothPartsInTheAccountsLanguage() throws {
        let box = try Sandbox()
        _ = try consultation(box)
        let added = try box.sop("user", "add", "marie.joseph@immigration.gouv.ht", "--as", "HT", "--name", "Marie Joseph", "--lang", "fr")
        #expect(added.status == 0, "\(added.output)")
        let mailed = try box.sop("digest", "--mail", "outbox")
        #expect(mailed.status == 0, "\(mailed.output)")
        let names = try FileManager.default.contentsOfDirectory(atPath: box.path("outbox").path).sorted()
        #expect(names == ["BZ.eml", "HT.eml", "TT.eml", "secretariat.eml"])
        let data = try Data(contentsOf: box.path("outbox/HT.eml"))
        let raw = String(decoding: data, as: UTF8.self)
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")
        let message = try #require(Email(raw))
        #expect(message.header("From") == "\"CMC Technical Secretariat\" <secretariat@cmc.example.org>")
        #expect(message.header("To")?.contains("focal.ht@cmc.example.org") == true && message.header("To")?.contains("marie.joseph@immigration.gouv.ht") == true)
        #expect(message.header("Subject")?.hasPrefix("CMC Protocol Set\u{A0}: point sur les consultations au ") == true, "\(message.header("Subject") ?? "")")
        #expect(message.header("MIME-Version") == "1.0" && message.header("Date")?.hasSuffix(" +0000") == true)
        #expect(message.header("Message-ID")?.hasPrefix("<digest.") == true && message.header("Message-ID")?.hasSuffix("@cmc.example.org>") == true)
        #expect(message.header("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        #expect(message.parts.map { $0.header("Content-Type") } == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
        #expect(message.parts.allSatisfy { $0.header("Content-Transfer-Encoding") == "quoted-printable" })
        let plain = try #require(message.parts.first?.decoded)
        let html = try #require(message.parts.last?.decoded)
        #expect(plain.contains("À l'attention du point focal de Haïti\u{A0}:") && plain.contains("Encore attendu de vous\r\n  - une position"), "\(plain)")
        #expect(html.contains("<html lang=\"fr\">") && html.contains("Encore attendu de vous"), "\(html)")
        let desk = try #require(Email(try String(contentsOf: box.path("outbox/secretariat.eml"), encoding: .utf8))?.parts.last?.decoded)
        #expect(desk.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; TT") && !desk.contains("<script>"), "what people wrote is escaped")
        let english = try #require(Email(try String(contentsOf: box.path("outbox/TT.eml"), encoding: .utf8)))
        #expect(english.header("Subject")?.hasPrefix("CMC Protocol Set: consultation digest of ") == true)
        let record = try box.read(".git/sop/digests.json")
        #expect(["\"HT\"", "\"TT\"", "\"BZ\"", "\"secretariat\""].allSatisfy(record.contains), "--mail records the digests: \(record)")
        let spanish = try box.sop("digest", "--as", "HT", "--lang", "es")
        #expect(spanish.stdout.contains("A la atención del punto focal de Haití:"), "--lang wins over the account's: \(spanish.output)")
    }

    @Test func aDigestForAnUnknownParticipantOrFromABadDateIsRefused() throws {
        let box = try Sandbox()
        _ = try consultation(box)
        try box.expectRefusal(["digest", "--as", "XX"], says: "unknown participant 'XX'", "hint: use --as secretariat or one of:")
        try box.expectRefusal(["digest", "--since", "2027-13-45"], says: "'2027-13-45' is not a date or a UTC time", "--since 2027-01-11T09:00Z")
        try box.expectRefusal(["digest", "--as", "TT", "--lang", "xx"], says: "unknown language 'xx'")
        try box.expectRefusal(["digest", "--format", "pdf"], says: "pdf")
    }
}

/// An RFC 5322 message read back: unfolded headers, and its MIME parts.
struct Email {
    let headers: [(String, String)]
    let body: String

    init?(_ raw: String) {
        guard let split = raw.range(of: "\r\n\r\n") else { return nil }
        var headers: [(String, String)] = []
        for line in raw[..<split.lowerBound].components(separatedBy: "\r\n") {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.0, last.1 + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        self.headers = headers
        body = String(raw[split.upperBound...])
    }

    /// A header's value with RFC 2047 `=?utf-8?B?…?=` words decoded.
    func header(_ name: String) -> String? {
        guard let value = headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1 else { return nil }
        let words = value.matches(of: /=\?utf-8\?B\?([A-Za-z0-9+\/=]*)\?=/)
        guard !words.isEmpty else { return value }
        return words.map { String(decoding: Data(base64Encoded: String($0.1)) ?? Data(), as: UTF8.self) }.joined()
    }

    var parts: [Email] {
        guard let type = header("Content-Type"), let match = type.firstMatch(of: /boundary="([^"]+)"/) else { return [] }
        let delimiter = "--" + match.1
        return body.components(separatedBy: "\r\n" + delimiter).dropFirst().compactMap { chunk in
            chunk.hasPrefix("--") ? nil : Email(String(chunk.drop { $0 == "\r" || $0 == "\n" }))
        }
    }

    /// The body with quoted-printable undone (soft breaks joined, `=XX` bytes put back).
    var decoded: String {
        var bytes: [UInt8] = []
        let text = Array(body.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "="), index + 2 < text.count, let byte = UInt8(String(decoding: text[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(text[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
