import Foundation
import Hummingbird
import SOPKit

/// The secretariat's side of a round: open it on a draft, consult on a revised draft, close
/// it (recording the outcome), and adopt it as a new version of the set.
struct SecretariatRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.post("rounds") { _, context in
            let identity = try context.secretariat()
            let form = context.form
            guard let draft = form["draft"] else { throw PortalError.badRequest("error.chooseDraft") }
            guard let day = form["closes"], let closes = Timestamp.parse(day.count == 10 ? day + "T17:00Z" : day) else {
                throw PortalError.badRequest("error.closingDate")
            }
            let rule = try form["rule"].map { name in
                guard let rule = DecisionRule(rawValue: name) else { throw PortalError.badRequest("error.unknownRule", ["rule": String(name.prefix(40))]) }
                return rule
            }
            let invited = form["invited"].map(Consultation.Invitation.init) ?? .all
            let workspace = try portal.workspace()
            let round = try portal.consultation(workspace).open(
                draft: draft, invitation: invited, closes: closes, rule: rule, title: form["title"], as: identity.account.actor, now: portal.now)
            context.logger.info("round opened", metadata: ["round": .string(round.id)])
            return Page.redirect("/rounds/\(round.id)")
        }
        router.post("rounds/{round}/revise") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            _ = try access.consultation.revise(access.round.id, as: access.actor, now: portal.now)
            return Page.redirect(access.page)
        }
        router.post("rounds/{round}/close") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            let round = try access.consultation.close(access.round.id, as: access.actor, now: portal.now)
            context.logger.info("round closed", metadata: ["round": .string(round.id), "outcome": .string(round.recordedOutcome?["result"]?.string ?? "")])
            return Page.redirect(access.page)
        }
        // Adoption cannot be undone, so the adopt form leads to a preview of what would go into
        // force; only the preview's page carries the button that adopts, bound to what it showed.
        router.post("rounds/{round}/adopt/preview") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            let terms = try Self.terms(context.form)
            let preview = try Adoption(access.consultation).preview(
                access.round.id, version: terms.version, effective: terms.effective, allowUndisposed: terms.allowUndisposed,
                acknowledgement: terms.acknowledgement, as: access.actor, now: portal.now)
            let page = Page(portal, context)
            return page.render(
                "adopt", title: page.words.text("adopt.pageTitle", ["tag": preview.tag]),
                AdoptPage.context(preview, round: access.round, set: access.round.registry?.set, words: page.words))
        }
        router.post("rounds/{round}/adopt") { _, context in
            let access = try RoundAccess(portal, context)
            _ = try context.secretariat()
            let terms = try Self.terms(context.form)
            guard let basis = context.form["basis"], basis.count == 64, basis.allSatisfy(\.isHexDigit) else {
                throw PortalError(.conflict, "error.adoptUnpreviewed", hint: "error.adoptUnpreviewedHint")
            }
            let result = try Adoption(access.consultation).adopt(
                access.round.id, version: terms.version, effective: terms.effective, allowUndisposed: terms.allowUndisposed,
                acknowledgement: terms.acknowledgement, previewed: basis,
                as: access.actor, now: portal.now)
            context.logger.info("round adopted", metadata: ["round": .string(access.round.id), "tag": .string(result.tag)])
            return Page.redirect(access.page + "?adopted=\(result.tag.replacingOccurrences(of: "set/", with: ""))")
        }
    }

    /// The adopt form's terms: the version (optional), the effective date (required), whether
    /// comments without a disposition may stay so, and whether participants must acknowledge it
    /// (by default within set.yaml's period; not for an editorial change).
    static func terms(_ form: Form) throws -> (version: String?, effective: Day, allowUndisposed: Bool, acknowledgement: AcknowledgementTerms?) {
        guard let text = form["effective"], let effective = Day(text) else { throw PortalError.badRequest("error.effectiveDate") }
        let editorial = form["noAcknowledgement"] != nil ? AcknowledgementTerms(required: false, within: .acknowledgement) : nil
        return (form["version"], effective, form["allowUndisposed"] != nil, editorial)
    }
}
