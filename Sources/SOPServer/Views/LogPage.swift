import Foundation
import SOPKit

/// A round's activity log (``RoundLog``) in the reader's language: when each event was
/// recorded, who wrote it, through which channel and what it did, in sentences of the
/// catalogue (not the command line's English), with the events the rules refused marked.
enum LogPage {
    static func context(_ log: RoundLog, title: String, set: ProtocolSet?, words: Words) -> [String: Any] {
        [
            "round": ["id": log.round, "title": title],
            "heading": words.text("log.title"),
            "lead": words.text("log.lead", ["round": log.round]),
            "entries": log.entries.map { entry -> [String: Any] in
                var values: [String: Any] = [
                    "at": words.dateTime(entry.at), "clock": entry.clock, "participant": Vocabulary.participant(entry.participant, in: set, words),
                    "author": (try? Author.parse(entry.author).name) ?? entry.author,
                    "channel": Vocabulary.channel(entry.channel, words), "what": sentence(entry, set: set, words),
                ]
                if let refused = entry.refused { values["refused"] = LogPage.refused(refused, words) }
                switch entry.action {
                case .paused(let reason), .resumed(let reason): values["reason"] = reason
                default: break
                }
                return values
            },
        ]
    }

    /// What an entry did, in one sentence of the catalogue; what people wrote (a pause's
    /// reason) is shown beside it, not in it.
    static func sentence(_ entry: RoundLog.Entry, set: ProtocolSet?, _ words: Words) -> String {
        let who = ["participant": Vocabulary.participant(entry.participant, in: set, words)]
        func text(_ key: String, _ values: [String: String] = [:]) -> String { words.text(key, who.merging(values) { _, new in new }) }
        func count(_ number: Int, _ one: String, _ many: String, _ values: [String: String] = [:]) -> String {
            words.count(number, one: one, many: many, who.merging(values) { _, new in new })
        }
        switch entry.action {
        case .opened(let draft, let revision): return text("log.opened", ["draft": draft, "revision": revision])
        case .revised(let revision): return text("log.revised", ["revision": revision])
        case .extended(let closes): return text("log.extended", ["date": words.deadline(closes)])
        case .paused: return text("log.paused")
        case .resumed: return text("log.resumed")
        case .closed(let result):
            return result.map { text("log.closed", ["result": Vocabulary.result($0, words)]) } ?? text("log.closedWithoutOutcome")
        case .checkpoint(let events): return count(events, "log.checkpointOne", "log.checkpointMany")
        case .commented(let number, let anchor, let type, let blocking):
            return text(blocking ? "log.commentedBlocking" : "log.commented", ["section": anchor, "number": number, "type": Vocabulary.type(type, words)])
        case .replied(let comment): return text("log.replied", ["number": comment])
        case .disposed(let comment, let resolution, let applied):
            let disposed = text("log.disposed", ["number": comment, "resolution": Vocabulary.resolution(resolution, words)])
            return applied.map { disposed + " (" + words.text("comment.appliedIn", ["commit": String($0.prefix(10))]) + ")" } ?? disposed
        case .cleared(let comment): return text("log.cleared", ["number": comment])
        case .stated(let stance, let revision, let reservations):
            let stated = text("log.stated." + stance.rawValue, ["revision": revision])
            return reservations == 0 ? stated : "\(stated) (\(words.count(reservations, one: "log.reservationsOne", many: "log.reservationsMany")))"
        case .carried(let positions, let revision): return count(positions, "log.carriedOne", "log.carriedMany", ["revision": revision])
        case .unreadable: return text("log.unreadable", ["kind": entry.kind])
        }
    }

    /// Why the rules refused an event: their own words for readers of English, the kind of
    /// refusal in the others' language, so no English reaches them.
    static func refused(_ refused: RoundLog.Refused, _ words: Words) -> String {
        if words.language == Catalogue.reference { return words.text("log.refused", ["why": refused.reason]) }
        let key = "refused." + refused.code
        return words.text("log.refused", ["why": words.text(words.catalogue.has(key) ? key : "refused.other")])
    }
}
