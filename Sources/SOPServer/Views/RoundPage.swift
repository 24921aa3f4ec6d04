import Foundation
import SOPKit

/// A proposal under consultation: the text of the current revision with each section's
/// comments beside it, the comments that can no longer be placed, the participants' status
/// and the forms the signed-in official may use.
enum RoundPage {
    /// What the form just posted did, from the query its redirect carries (`imported`,
    /// `position`, `adopted`); only values of the expected shape are shown.
    static func notice(_ words: Words, _ query: (String) -> String?) -> String? {
        if let count = query("imported").flatMap(Int.init), count >= 0 {
            return count == 0 ? words.text("notice.importedNone") : words.count(count, one: "notice.importedOne", many: "notice.importedMany")
        }
        if let stance = query("position").flatMap(Position.Stance.init(rawValue:)) {
            return words.text("notice.position", ["stance": words.text(PositionRoutes.labelKey(stance))])
        }
        if let version = query("adopted"), !version.isEmpty, version.count <= 40, version.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) {
            return words.text("notice.adopted", ["version": version])
        }
        if let commit = query("applied"), commit.count == 10, commit.allSatisfy(\.isHexDigit) {
            return words.text("notice.applied", ["commit": commit])
        }
        return nil
    }

    /// The hidden fields of a form that binds to the text on the page.
    static func seen(_ seen: SeenText) -> [String: Any] { ["revision": seen.revision, "fingerprints": seen.fingerprints] }

    /// `chosen`: the section a "Comment on …" link asked the comment form to preselect;
    /// `rendered`: a comment as the page shows it (``Page/comment(_:roundID:values:)``), from
    /// a stamp of everything its values depend on but the viewer, and the values themselves.
    static func context(
        _ round: Round, view: RevisionView, identity: Identity, set: ProtocolSet?, now: Date, words: Words, chosen: String? = nil,
        rendered: (_ stamp: String, _ values: () -> [String: Any]) -> String
    ) -> [String: Any] {
        let account = identity.account
        let report = RoundReport(round, set: set, now: now)
        let open = round.state == .open && !report.deadlinePassed
        let invited = round.participants.contains(account.participant)
        var placed: [String: [Comment]] = [:]
        var unplaced: [Comment] = []
        for comment in round.comments {
            if view.isPlaced(comment) { placed[comment.anchor, default: []].append(comment) } else { unplaced.append(comment) }
        }
        func commentContext(_ comment: Comment) -> [String: Any] {
            var values: [String: Any] = [
                "id": comment.id, "number": comment.number, "participant": Vocabulary.participant(comment.participant, in: set, words), "author": comment.author,
                "at": words.dateTime(comment.at), "type": comment.type.rawValue, "typeName": Vocabulary.type(comment.type, words),
                "text": comment.text, "anchor": comment.anchor, "stateName": Vocabulary.commentState(comment, words),
                "onRevision": words.text("comment.onRevision", ["revision": words.number(comment.revision)]),
                "section": [comment.sectionNumber, comment.section].compactMap { $0 }.joined(separator: " "),
                "revision": comment.revision, "blocking": comment.blocking, "state": comment.state, "holding": comment.isHolding,
                "replies": comment.replies.map { ["participant": Vocabulary.participant($0.participant, in: set, words), "author": $0.author, "text": $0.text, "at": words.dateTime($0.at)] },
                "mayReply": (account.isSecretariat || invited) && round.state != .closed || account.isSecretariat,
                "mayDispose": account.isSecretariat,
                "mayApply": account.isSecretariat && round.state != .closed && comment.quote != nil
                    && !(comment.proposed ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty && comment.disposition?.applied == nil,
                "resolutions": Comment.Resolution.allCases.map {
                    ["resolution": $0.rawValue, "name": Vocabulary.resolution($0, words), "selected": comment.disposition?.resolution == $0] as [String: Any]
                },
                "mayClear": comment.blocking && !comment.cleared && comment.disposition != nil && comment.participant == account.participant
                    && round.state != .closed,
            ]
            let written = comment.language ?? view.sourceLanguage
            values["lang"] = written
            values["quoteLang"] = comment.quotedIn ?? view.sourceLanguage
            if written != words.language { values["writtenIn"] = words.text("comment.writtenIn", ["language": words.languageName(written)]) }
            if let quote = comment.quote { values["quote"] = quote.exact }
            if let proposed = comment.proposed { values["proposed"] = proposed }
            // An empty reason is left out: Mustache shows a section for any string, empty too.
            values["earlier"] = comment.earlierDispositions.map { earlier -> [String: Any] in
                var shown: [String: Any] = ["resolutionName": Vocabulary.resolution(earlier.resolution, words), "at": words.dateTime(earlier.at)]
                if !earlier.reason.isEmpty { shown["reason"] = earlier.reason }
                return shown
            }
            if let disposition = comment.disposition {
                var shown: [String: Any] = [
                    "resolution": disposition.resolution.rawValue, "resolutionName": Vocabulary.resolution(disposition.resolution, words),
                    "at": words.dateTime(disposition.at),
                ]
                if !disposition.reason.isEmpty { shown["reason"] = disposition.reason }
                if let applied = disposition.applied { shown["applied"] = words.text("comment.appliedIn", ["commit": String(applied.prefix(10))]) }
                values["disposition"] = shown
            }
            return values
        }
        // A round's comments change only with the events the fold applies (all of them: an
        // event a replica brings can sort before one applied so far and get it refused, which
        // leaves their count alone), and with the deadline; the viewer's words, rights and form
        // token are the page's.
        let state = "\(round.id) \(ContentHash.of(round.applied.joined(separator: " "))) \(open)"
        func shown(_ comment: Comment) -> String {
            rendered("\(state) \(comment.id)") { commentContext(comment) }
        }
        let source = words.languageName(view.sourceLanguage)
        let procedures: [[String: Any]] = view.procedures.map { procedure in
            var values: [String: Any] = [
                "id": procedure.id, "title": procedure.title, "versionText": words.text("round.procedureVersion", ["version": procedure.version ?? ""]),
                "sections": procedure.sections.map { section -> [String: Any] in
                    let comments = placed[section.anchor] ?? []
                    let heading = [section.number, section.title].compactMap { $0 }.joined(separator: " ")
                    var values: [String: Any] = [
                        "anchor": section.anchor, "domID": section.anchor.replacingOccurrences(of: "#", with: "--"),
                        "anchorQuery": section.anchor.replacingOccurrences(of: "#", with: "%23"),
                        "commentHere": words.text("round.commentHere", ["section": heading]),
                        "number": section.number ?? "", "title": section.title, "html": section.html, "lang": section.language,
                        "comments": RenderedHTML(renderText: comments.map(shown).joined()), "hasComments": !comments.isEmpty,
                        "countText": words.count(comments.count, one: "round.commentCountOne", many: "round.commentCountMany"),
                        "commentsLabel": words.text("round.commentsOn", ["section": heading]),
                    ]
                    if let sourceHTML = section.sourceHTML {
                        values["behind"] = [
                            "note": words.text("round.sectionBehind", ["source": source]), "show": words.text("round.sourceText", ["source": source]),
                            "html": sourceHTML, "lang": view.sourceLanguage,
                        ]
                    } else if procedure.translation != nil, section.language == view.sourceLanguage {
                        values["untranslated"] = words.text("round.sectionUntranslated", ["language": words.languageName(words.language), "source": source])
                    }
                    return values
                },
            ]
            if let entry = procedure.translation, let status = entry.status {
                let named = ["status": words.text("translation.\(status.rawValue)"), "source": source]
                values["translationNote"] =
                    entry.sections.isEmpty
                    ? words.text("round.versionCurrent", named)
                    : words.count(entry.sections.count, one: "round.versionBehindOne", many: "round.versionBehindMany", named)
            } else if procedure.unusable {
                values["translationNote"] = words.text("round.versionUnusable", ["language": words.languageName(words.language), "source": source])
            }
            return values
        }
        let outcome = report.outcome
        var values: [String: Any] = [
            "round": [
                "id": round.id, "title": round.title, "draft": round.draft, "state": round.state.rawValue,
                "summary": words.text(
                    "round.summary",
                    [
                        "round": round.id, "draft": round.draft, "revision": words.number(round.revision.number),
                        "commit": String(round.revision.commit.prefix(10)), "rule": Vocabulary.rule(round.rule.rawValue, words),
                        "state": Vocabulary.state(round.state, words),
                    ]),
                "remaining": words.count(
                    report.daysLeft, one: "round.remainingOne", many: "round.remainingMany", ["date": words.deadline(report.effectiveCloses)]),
                "deadlinePassed": report.deadlinePassed,
                "outcome": Vocabulary.outcome(outcome, rule: round.rule, deadline: report.effectiveCloses, in: round.registry?.set, words),
                "result": outcome.result.rawValue, "resultName": Vocabulary.result(outcome.result, words),
                "isOpen": open, "isClosed": round.state == .closed,
                "isPaused": round.state == .paused, "hasEarlierRevision": round.revisions.count > 1,
            ] as [String: Any],
            "procedures": procedures, "roundID": round.id,
            "unplaced": RenderedHTML(renderText: unplaced.map(shown).joined()), "hasUnplaced": !unplaced.isEmpty,
            "participants": report.participants.map { status -> [String: Any] in
                [
                    "code": status.code, "name": status.name, "kind": Vocabulary.kind(status.kind, words), "comments": words.number(status.comments),
                    "position": Vocabulary.position(status.position, words), "hasReservations": !status.reservations.isEmpty,
                    "reservations": status.reservations.map {
                        ["on": words.text("round.reservationOn", ["sections": $0.sections.joined(separator: ", ")]), "statement": $0.statement]
                    },
                    "isMe": status.code == account.participant,
                ]
            },
            "sectionOptions": view.sections.map {
                ["anchor": $0.anchor, "label": "\($0.anchor) — \([$0.number, $0.title].compactMap { $0 }.joined(separator: " "))", "selected": $0.anchor == chosen]
            },
            "types": [Comment.Kind.te, .ge, .ed].map { ["type": $0.rawValue, "label": Vocabulary.type($0, words)] },
            "mayComment": open && (account.isSecretariat || invited),
            "mayBlock": account.role == .focalPoint || account.isSecretariat,
            "mayTakePosition": round.state != .closed && invited && account.mayTakePositions,
            "mayUploadForm": open && invited,
            "speaksFor": account.participant,
            "statePosition": words.text("round.statePosition", ["participant": Vocabulary.participant(account.participant, in: set, words)]),
            "seen": RoundPage.seen(view.seen),
        ]
        if account.isSecretariat {
            values["secretariat"] = [
                "mayClose": round.state != .closed, "mayAdopt": round.state == .closed && (round.recordedOutcome?["result"]?.string == "adopted"),
                "mayRevise": round.state != .closed,
            ]
        }
        return values
    }
}
