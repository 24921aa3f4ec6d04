import Foundation

/// A digest as an RFC 5322 message for the secretariat's mail system to send: a
/// `multipart/alternative` of a plain-text and an HTML part, both UTF-8 in quoted-printable,
/// CRLF line ends, a subject in an RFC 2047 encoded word when it is not ASCII. `sop` writes
/// these files and never sends anything itself: the secretariat's own mail system knows its
/// relays, signatures and bounce handling.
public enum DigestMail {
    /// A mailbox: an optional display name and an address.
    public struct Mailbox: Sendable, Equatable {
        public let name: String?
        public let address: String

        public init(name: String? = nil, address: String) {
            self.name = name
            self.address = address
        }
    }

    /// The message's bytes. `id` makes its Message-ID unique (the recipient and the time);
    /// every address is checked, since set.yaml and the accounts come from people.
    public static func message(
        from: Mailbox, to: [Mailbox], subject: String, language: String, text: String, html: String, date: Date, id: String
    ) throws -> Data {
        for mailbox in [from] + to { try check(mailbox.address) }
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        let digest = ContentHash.of(Data((id + text + html).utf8))
        let boundary = "=_sop-digest-" + digest.prefix(24)
        let headers = [
            "Date: " + rfc5322(date),
            "From: " + mailbox(from),
            "To: " + to.map(mailbox).joined(separator: ",\r\n "),
            "Subject: " + encodedWord(subject),
            "Message-ID: <digest." + digest.prefix(32) + "@" + domain + ">",
            "MIME-Version: 1.0",
            "Content-Language: " + language,
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"",
        ]
        var lines = headers + ["", "This is a message in MIME format: a plain-text and an HTML part.", ""]
        for (type, body) in [("text/plain", text), ("text/html", html)] {
            lines += [
                "--" + boundary, "Content-Type: " + type + "; charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
                quotedPrintable(body),
            ]
        }
        lines.append("--" + boundary + "--")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Refuses what is not a plain address: a line break or a bracket in one would let
    /// set.yaml or an account add headers or recipients to the message.
    static func check(_ address: String) throws {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard address.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            address.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) && !"<>\"(),;:[]\\".unicodeScalars.contains($0) })
        else {
            throw SOPError(
                .invalidArgument, "'\(DisplayText.shown(String(address.prefix(80))))' is not an e-mail address a message can be written to",
                hint: "correct it in \(ProtocolSet.path) (email of the focal point or of roles: secretariat) or in the portal's accounts (`sop user list`)")
        }
    }

    /// `"CMC Technical Secretariat" <secretariat@cmc.example.org>`, the name encoded when not ASCII.
    static func mailbox(_ mailbox: Mailbox) -> String {
        guard let name = mailbox.name?.split(whereSeparator: \.isNewline).joined(separator: " "), !name.isEmpty else { return mailbox.address }
        let shown = name.allSatisfy { $0.isASCII && !$0.isNewline }
            ? "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
            : encodedWord(name)
        return shown + " <" + mailbox.address + ">"
    }

    /// The text as is when it is printable ASCII, else as RFC 2047 `=?utf-8?B?…?=` words of at
    /// most 45 bytes each (whole characters), folded onto lines of their own.
    static func encodedWord(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        guard !line.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) else { return line }
        var words: [String] = []
        var chunk = ""
        for character in line {
            if chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?utf-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// RFC 2045 quoted-printable of UTF-8 text: lines of at most 76 characters, soft breaks
    /// (`=` at the end) inside long lines, CRLF between the text's own lines.
    static func quotedPrintable(_ text: String) -> String {
        var out: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bytes = Array(line.utf8)
            var current = ""
            for (index, byte) in bytes.enumerated() {
                let last = index == bytes.count - 1
                let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
                let piece = literal ? String(UnicodeScalar(byte)) : "=" + hex(byte)
                if current.count + piece.count > 75 {
                    out.append(current + "=")
                    current = ""
                }
                current += piece
            }
            out.append(current)
        }
        return out.joined(separator: "\r\n")
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// `Mon, 11 Jan 2027 09:00:00 +0000`.
    static func rfc5322(_ date: Date) -> String { Timestamp.formatted(date, "EEE, dd MMM yyyy HH:mm:ss '+0000'") }
}
