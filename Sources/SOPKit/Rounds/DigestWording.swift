import Foundation
import Markdown

/// A ``Digest`` in words of one language, from the portal's catalogue: what the terminal,
/// both parts of the mail and the portal's dashboard show, laid out by each but worded once.
public struct DigestWording: Sendable {
    /// A heading and its lines.
    public struct Section: Sendable {
        /// What the section tells, so that a page which shows the deadline and what is owed
        /// elsewhere (the dashboard's table) can leave those out.
        public enum Kind: Sendable { case closed, revisions, comments, answers, deadline, owed }
        public let kind: Kind
        public let heading: String
        public let items: [String]
    }

    /// One round: its title, ID and sections.
    public struct RoundPart: Sendable {
        public let id: String
        public let title: String
        public let sections: [Section]
    }

    /// The most comments or answers a section lists; the rest are counted, and the JSON and
    /// the portal have them all. A mail of a thousand comments is read by nobody.
    public static let listed = 25

    /// The most characters of a participant's words a digest quotes: enough to recognise a
    /// comment, short enough for a mail read on a telephone; the portal has the rest.
    public static let quoted = 280

    public let language: String
    public let subject: String
    public let greeting: String
    public let introduction: String
    public let rounds: [RoundPart]
    /// Said instead of the rounds when there is nothing to tell.
    public let nothing: String
    public let closing: String
    public let signature: String

    /// Words `digest` for `recipientName` (the participant's name in set.yaml) of the set
    /// `setTitle`, in the digest's language.
    public init(_ digest: Digest, recipientName: String, setTitle: String, catalogue: Catalogue) {
        let language = digest.language
        func text(_ key: String, _ values: [String: String] = [:]) -> String { catalogue.text(key, language, values) }
        func date(_ value: Date) -> String { Catalogue.format(date: value, language: language) }
        self.language = language
        subject = text("digest.subject", ["set": setTitle, "date": date(digest.now)])
        greeting =
            digest.recipient == Round.secretariat ? text("digest.greetingSecretariat") : text("digest.greeting", ["participant": recipientName])
        introduction = digest.since.map { text("digest.introSince", ["date": Catalogue.format(dateTime: $0, language: language)]) } ?? text("digest.introFirst")
        nothing = text("digest.nothing")
        closing = text("digest.closing")
        signature = text("signinMessage.signature")
        rounds = digest.rounds.map { round in
            var sections: [Section] = []
            if let closed = round.closed { sections.append(Section(kind: .closed, heading: text("digest.closedHeading"), items: [text("digest.closed", ["date": date(closed)])])) }
            if !round.revisions.isEmpty {
                let items = round.revisions.map { text("digest.revision", ["number": Catalogue.format(number: $0.number, language: language), "date": date($0.at)]) }
                sections.append(Section(kind: .revisions, heading: text("digest.revisionsHeading"), items: items))
            }
            if !round.comments.isEmpty {
                let heading = digest.recipient == Round.secretariat ? "digest.commentsAllHeading" : "digest.commentsHeading"
                sections.append(Section(kind: .comments, heading: text(heading), items: DigestWording.items(round.comments, language, text)))
            }
            if !round.answers.isEmpty {
                sections.append(Section(kind: .answers, heading: text("digest.answersHeading"), items: DigestWording.items(round.answers, language, text)))
            }
            if let closes = round.closesSoon, let days = round.daysLeft {
                let values = ["count": Catalogue.format(number: days, language: language), "date": Catalogue.format(dateTime: closes, language: language)]
                sections.append(Section(kind: .deadline, heading: text("digest.deadlineHeading"), items: [text(days == 1 ? "digest.closesOne" : "digest.closesMany", values)]))
            }
            var owed = round.owed.map { text($0.key) }
            if let undisposed = round.undisposed, undisposed > 0 {
                owed.append(
                    text(undisposed == 1 ? "dashboard.undisposedOne" : "dashboard.undisposedMany", ["count": Catalogue.format(number: undisposed, language: language)]))
            }
            if !owed.isEmpty { sections.append(Section(kind: .owed, heading: text("dashboard.owed"), items: owed)) }
            return RoundPart(id: round.id, title: round.title, sections: sections)
        }
    }

    /// The first ``listed`` items in lines, and how many more there are.
    static func items(_ items: [Digest.Item], _ language: String, _ text: (String, [String: String]) -> String) -> [String] {
        let lines = items.prefix(listed).map { item($0, text) }
        guard items.count > listed else { return lines }
        return lines + [text("digest.more", ["count": Catalogue.format(number: items.count - listed, language: language)])]
    }

    /// One comment, reply or disposition in a line, the participant's words shortened.
    static func item(_ item: Digest.Item, _ text: (String, [String: String]) -> String) -> String {
        var values = ["number": item.number, "participant": item.participant, "section": item.anchor, "text": DigestWording.shortened(item.text)]
        switch item.kind {
        case .comment:
            return text(item.needsDisposition == true ? "digest.commentToDispose" : "digest.comment", values)
        case .reply:
            return text("digest.reply", values)
        case .disposition:
            values["resolution"] = text("resolution." + (item.resolution ?? ""), [:])
            return text(item.text.contains { !$0.isWhitespace } ? "digest.disposition" : "digest.dispositionNoReason", values)
        }
    }

    /// Words on one line, at most ``quoted`` characters, with reordering controls shown as
    /// markers (``DisplayText/shown(_:)``).
    static func shortened(_ words: String) -> String {
        let line = DisplayText.shown(words).split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return line.count <= quoted ? line : String(line.prefix(quoted - 1)) + "…"
    }

    /// The plain-text digest: greeting, introduction, each round with its sections, closing.
    public var text: String {
        var lines = [greeting, "", introduction, ""]
        if rounds.isEmpty { lines += [nothing, ""] }
        for round in rounds {
            let title = "\(round.title) (\(round.id))"
            lines += [title, String(repeating: "=", count: title.count)]
            for section in round.sections {
                lines.append(section.heading)
                lines += section.items.map { "  - " + $0 }
            }
            lines.append("")
        }
        lines += [closing, "", signature]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The digest as an HTML fragment (a `section` in the digest's language), everything
    /// anyone wrote escaped.
    public var html: String {
        func escape(_ text: String) -> String { MarkdownDocument.escape(text) }
        var out = "<section lang=\"\(escape(language))\">\n<p>\(escape(greeting))</p>\n<p>\(escape(introduction))</p>\n"
        if rounds.isEmpty { out += "<p>\(escape(nothing))</p>\n" }
        for round in rounds {
            out += "<h2><bdi>\(escape(round.title))</bdi> <small>(\(escape(round.id)))</small></h2>\n"
            for section in round.sections {
                out += "<h3>\(escape(section.heading))</h3>\n<ul>\n"
                for item in section.items { out += "<li><bdi>\(escape(item))</bdi></li>\n" }
                out += "</ul>\n"
            }
        }
        return out + "<p>\(escape(closing))</p>\n<p>\(escape(signature))</p>\n</section>\n"
    }

    /// A whole HTML page holding `parts` (one or more digests), titled `title`, in the first
    /// part's language.
    public static func document(_ parts: [DigestWording], title: String) -> String {
        let language = parts.first?.language ?? Catalogue.reference
        return "<!DOCTYPE html>\n<html lang=\"\(MarkdownDocument.escape(language))\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(MarkdownDocument.escape(title))</title>\n</head>\n<body>\n"
            + parts.map(\.html).joined(separator: "<hr>\n") + "</body>\n</html>\n"
    }
}
