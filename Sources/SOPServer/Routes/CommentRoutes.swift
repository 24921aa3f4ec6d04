import Foundation
import Hummingbird
import SOPKit

/// Comments on selected words, replies, the secretariat's dispositions and applied
/// suggestions, and lifting a blocking comment once it has been answered.
struct CommentRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.post("rounds/{round}/comments") { _, context in
            let access = try RoundAccess(portal, context)
            try access.requireOwnParticipant(context.form)
            let form = context.form
            guard let section = form["section"] else { throw PortalError.badRequest("error.chooseSection") }
            guard let type = form["type"].flatMap(Comment.Kind.init(rawValue:)) else {
                throw PortalError.badRequest("error.chooseType")
            }
            let draft = CommentDraft(
                section: section, quote: form["quote"], type: type, text: form["text"] ?? "", proposed: form["proposed"],
                blocking: form["blocking"] != nil, paragraph: form["paragraph"],
                language: (try? access.consultation.protocolSet(at: access.round.revision.commit))?.languages.contains(context.language) == true
                    ? context.language : nil)
            let seen = try access.seen(form)
            let added = try access.bound(
                to: seen, keeping: [("kept.quote", form["quote"]), ("kept.comment", form["text"]), ("kept.proposed", form["proposed"])]
            ) {
                try access.consultation.addComments([draft], round: access.round.id, as: access.actor, now: portal.now, seen: seen)
            }
            context.logger.info("comment added", metadata: ["round": .string(access.round.id), "number": .string(added.first?.number ?? "")])
            let anchor = section.contains("#") ? section.replacingOccurrences(of: "#", with: "--") : ""
            return Page.redirect(access.page + (anchor.isEmpty ? "" : "#" + anchor))
        }
        router.post("rounds/{round}/comments/{comment}/replies") { _, context in
            let access = try RoundAccess(portal, context)
            try access.requireOwnParticipant(context.form)
            let comment = try access.comment(context)
            _ = try access.consultation.reply(
                to: comment.id, round: access.round.id, text: context.form["text"] ?? "", as: access.actor, now: portal.now)
            return Page.redirect(access.page + "#c-" + comment.id)
        }
        router.post("rounds/{round}/comments/{comment}/disposition") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            let comment = try access.comment(context)
            guard let resolution = context.form["resolution"].flatMap(Comment.Resolution.init(rawValue:)) else {
                throw PortalError.badRequest("error.chooseResolution")
            }
            _ = try access.consultation.dispose(
                comment.id, round: access.round.id, resolution: resolution, reason: context.form["reason"], as: access.actor, now: portal.now)
            return Page.redirect(access.page + "#c-" + comment.id)
        }
        // The secretariat applies a comment's suggested words to the draft (one commit), which
        // disposes of it; the round consults on them once the secretariat revises it.
        router.post("rounds/{round}/comments/{comment}/apply") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            let comment = try access.comment(context)
            let applied = try access.consultation.apply([comment.id], round: access.round.id, as: access.actor, now: portal.now)
            return Page.redirect(access.page + "?applied=\(applied.commit.prefix(10))#c-" + comment.id)
        }
        router.post("rounds/{round}/comments/{comment}/clear") { _, context in
            let access = try RoundAccess(portal, context)
            let comment = try access.comment(context)
            guard comment.participant == access.identity.account.participant else {
                throw PortalError.forbidden("error.notYourComment", ["participant": comment.participant, "number": comment.number])
            }
            _ = try access.consultation.clear(comment.id, round: access.round.id, as: access.actor, now: portal.now)
            return Page.redirect(access.page + "#c-" + comment.id)
        }
    }
}
