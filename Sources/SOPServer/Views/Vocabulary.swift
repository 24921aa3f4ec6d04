import Foundation
import SOPKit

/// The names of the values the rules work with (a round's state, an outcome, a decision
/// rule, a comment's type and state, a participant's kind, a position, an event's channel, a
/// procedure's status), in the page's language. Each key is the value's own under its prefix (`state.closed`), so a test can
/// check that every value has one in every language.
enum Vocabulary {
    static func state(_ state: Round.State, _ words: Words) -> String { words.text("state." + state.rawValue) }
    static func result(_ result: Outcome.Result, _ words: Words) -> String { words.text("result." + result.rawValue) }
    static func rule(_ rule: String, _ words: Words) -> String { words.text("rule." + rule) }
    static func type(_ type: Comment.Kind, _ words: Words) -> String { words.text("type." + type.rawValue) }
    static func resolution(_ resolution: Comment.Resolution, _ words: Words) -> String { words.text("resolution." + resolution.rawValue) }
    static func kind(_ kind: String, _ words: Words) -> String { words.text("kind." + kind) }
    static func change(_ kind: ProcedureDiff.SectionChange.Kind, _ words: Words) -> String { words.text("change." + kind.rawValue) }
    static func channel(_ channel: RoundLog.Channel, _ words: Words) -> String { words.text("channel." + channel.rawValue) }
    static func status(_ status: Status, _ words: Words) -> String { words.text("status." + status.rawValue) }

    /// A comment's state: open, or the secretariat's resolution.
    static func commentState(_ comment: Comment, _ words: Words) -> String {
        comment.disposition.map { resolution($0.resolution, words) } ?? words.text("commentState.open")
    }

    /// A participant as officials know it, in the reader's language, with its code: "Haïti
    /// (HT)"; the secretariat in the reader's words; the code alone when the set does not name it.
    static func participant(_ code: String, in set: ProtocolSet?, _ words: Words) -> String {
        if code == Round.secretariat { return words.text("log.secretariat") }
        guard let set, let participant = set.participant(code) else { return code }
        return "\(participant.name(in: words.language, source: set.sourceLanguage)) (\(code))"
    }

    /// A participant's position in the status table: a stance, `stale` or none yet.
    static func position(_ position: String?, _ words: Words) -> String { words.text("positionState." + (position ?? "none")) }

    /// The outcome so far in one sentence made of its parts (who approves, objects, abstains,
    /// is awaited; which comments block), with participants named as officials know them and
    /// in the page's language: the rules' own sentence has codes only, in English.
    static func outcome(_ outcome: Outcome, rule: DecisionRule, deadline: Date, in set: ProtocolSet?, _ words: Words) -> String {
        if !outcome.blockingComments.isEmpty {
            return words.text("outcome.blockedBy", ["comments": outcome.blockingComments.joined(separator: ", ")])
        }
        var parts: [String] = []
        if rule == .silence, outcome.result == .pending { parts.append(words.text("outcome.silence", ["date": words.deadline(deadline)])) }
        for (key, codes) in [
            ("outcome.approvals", outcome.approvals), ("outcome.objections", outcome.objections),
            ("outcome.abstentions", outcome.abstentions), ("outcome.waitingOn", outcome.waitingOn),
        ] where !codes.isEmpty {
            parts.append(words.text(key, ["participants": codes.map { participant($0, in: set, words) }.joined(separator: ", ")]))
        }
        return parts.joined(separator: "; ")
    }
}
