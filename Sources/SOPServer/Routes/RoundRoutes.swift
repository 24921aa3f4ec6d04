import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// The pages officials read: the dashboard, a proposal with its comments, its changes, its
/// activity log, and the offline comment form (download as CSV or Excel workbook, and upload).
struct RoundRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        router.get("/") { _, context in
            let identity = try context.signedIn()
            let workspace = try portal.workspace()
            let page = Page(portal, context)
            let values = try Dashboard.context(
                workspace, consultation: portal.consultation(workspace), identity: identity, now: portal.now, words: page.words)
            return page.render("dashboard", title: page.words.text("dashboard.title"), values)
        }
        router.get("rounds/{round}") { request, context in
            let access = try RoundAccess(portal, context)
            let view = try portal.revisions.view(access.workspace, commit: access.round.revision.commit, scope: access.round.procedures, language: context.language)
            let page = Page(portal, context)
            var values = RoundPage.context(
                access.round, view: view, identity: access.identity, set: access.round.registry?.set, now: portal.now, words: page.words,
                chosen: request.uri.queryParameters["section"].map(String.init)
            ) { page.comment($0, roundID: access.round.id, values: $1) }
            values["notice"] = RoundPage.notice(page.words) { request.uri.queryParameters[Substring($0)].map(String.init) }
            return page.render("round", title: access.round.title, values)
        }
        router.get("rounds/{round}/changes") { request, context in
            let access = try RoundAccess(portal, context)
            let against = request.uri.queryParameters["against"].map(String.init) ?? (access.round.revisions.count > 1 ? "previous" : "main")
            let page = Page(portal, context)
            let values = try Changes.context(access.round, workspace: access.workspace, against: against, words: page.words)
            return page.render("changes", title: page.words.text("changes.pageTitle", ["title": access.round.title]), values)
        }
        router.get("rounds/{round}/log") { _, context in
            let access = try RoundAccess(portal, context)
            let page = Page(portal, context)
            let log = try access.consultation.log.activity(access.round.id)
            return page.render(
                "log", title: page.words.text("log.pageTitle", ["title": access.round.title]),
                LogPage.context(log, title: access.round.title, set: access.round.registry?.set, words: page.words))
        }
        for format in FormFormat.allCases {
            router.get("rounds/{round}/form.\(format.rawValue)") { _, context in
                let access = try RoundAccess(portal, context)
                let text = try RevisionText(workspace: access.workspace, commit: access.round.revision.commit, scope: access.round.procedures)
                let data = try access.identity.account.isSecretariat
                    ? CommentForm.dispositions(access.round, text: text, as: format)
                    : CommentForm.export(access.round, text: text, participant: access.identity.account.participant, as: format)
                let name = "\(access.round.id)-\(access.identity.account.participant).\(format.rawValue)"
                return Response(
                    status: .ok,
                    headers: [.contentType: format.mediaType, .contentDisposition: "attachment; filename=\"\(name)\""],
                    body: .init(byteBuffer: ByteBuffer(bytes: data)))
            }
        }
        router.post("rounds/{round}/form") { _, context in
            let access = try RoundAccess(portal, context)
            try access.requireOwnParticipant(context.form)
            guard !access.identity.account.isSecretariat else {
                throw PortalError.forbidden("error.formNotYours")
            }
            guard let file = context.form.file("form"), !file.data.isEmpty else {
                throw PortalError.badRequest("error.chooseForm")
            }
            let text = try RevisionText(workspace: access.workspace, commit: access.round.revision.commit, scope: access.round.procedures)
            let drafts = try CommentForm.read(
                file.data, path: file.name.isEmpty ? "form" : file.name, participant: access.identity.account.participant, round: access.round, text: text)
            let added = drafts.isEmpty ? [] : try access.consultation.addComments(drafts, round: access.round.id, as: access.actor, now: portal.now)
            context.logger.info("form imported", metadata: ["round": .string(access.round.id), "comments": .stringConvertible(added.count)])
            return Page.redirect(access.page + "?imported=\(added.count)")
        }
    }
}
