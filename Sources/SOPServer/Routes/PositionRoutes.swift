import Foundation
import Hummingbird
import SOPKit

/// A country's position on the current revision: approve, approve with comments, object
/// with reasons, or abstain, with reservations on sections. The portal signs it with its key
/// on behalf of the signed-in focal point.
struct PositionRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.get("rounds/{round}/position") { _, context in
            let access = try RoundAccess(portal, context)
            try requireFocalPoint(access)
            let view = try portal.revisions.view(access.workspace, commit: access.round.revision.commit, scope: access.round.procedures, language: context.language)
            let current = access.round.currentPositions[access.identity.account.participant]
            let page = Page(portal, context)
            let words = page.words
            let participant = access.identity.account.participant
            var values: [String: Any] = [
                "round": ["id": access.round.id, "title": access.round.title, "revision": access.round.revision.number, "isClosed": access.round.state == .closed],
                // Named as the officials know it, with its code: "Position of Haiti (HT)".
                "heading": words.text("position.title", ["participant": Vocabulary.participant(participant, in: access.round.registry?.set, words)]),
                "lead": words.text("position.lead", ["round": access.round.id, "revision": words.number(access.round.revision.number)]),
                "speaksFor": participant,
                "stances": Position.Stance.allCases.map { stance -> [String: Any] in
                    ["stance": stance.rawValue, "label": words.text(Self.labelKey(stance)), "checked": current?.stance == stance]
                },
                "seen": RoundPage.seen(view.seen),
                "sections": view.sections.map { ["anchor": $0.anchor, "label": [$0.number, $0.title].compactMap { $0 }.joined(separator: " ")] },
            ]
            if let current { values["current"] = ["stance": words.text(Self.labelKey(current.stance)), "at": words.dateTime(current.at)] }
            return page.render("position", title: words.text("position.pageTitle", ["title": access.round.title]), values)
        }
        router.post("rounds/{round}/position") { _, context in
            let access = try RoundAccess(portal, context)
            try access.requireOwnParticipant(context.form)
            try requireFocalPoint(access)
            let form = context.form
            guard let stance = form["stance"].flatMap(Position.Stance.init(rawValue:)) else {
                throw PortalError.badRequest("error.chooseStance")
            }
            let seen = try access.seen(form)
            let position = try access.bound(to: seen, keeping: [("kept.reason", form["reason"]), ("kept.statement", form["statement"])]) {
                try access.consultation.state(
                    stance, round: access.round.id, reason: form["reason"], reservations: form.all("reserve").filter { !$0.isEmpty },
                    statement: form["statement"], as: access.actor, now: portal.now, seen: seen)
            }
            context.logger.info("position stated", metadata: ["round": .string(access.round.id), "participant": .string(position.participant), "position": .string(stance.rawValue)])
            return Page.redirect(access.page + "?position=\(stance.rawValue)")
        }
    }

    /// The rules decide who may take a position (not the secretariat, not an observer, only
    /// the invited); then the portal's own gate: only a focal point's account states its
    /// country's position (an account with the observer role reads and comments).
    private func requireFocalPoint(_ access: RoundAccess) throws {
        if let refusal = access.round.authority(access.actor.participant, .positionStated) { throw PortalError(SOPError(refusal)) }
        guard access.identity.account.mayTakePositions else {
            throw PortalError.forbidden(access.identity.account.isSecretariat ? "error.secretariatNoPosition" : "error.observerNoPosition")
        }
    }

    /// The catalogue's key of a stance as the position form offers it.
    static func labelKey(_ stance: Position.Stance) -> String {
        switch stance {
        case .approve: return "position.approve"
        case .approveWithComments: return "position.approveWithComments"
        case .object: return "position.object"
        case .abstain: return "position.abstain"
        }
    }
}
