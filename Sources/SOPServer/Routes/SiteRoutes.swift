import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// Links to the published protocol set (served on its own origin), each procedure's history
/// on main, and the portal's own CSS and script.
struct SiteRoutes {
    let portal: Portal

    func add(to router: Router<PortalContext>) {
        // The portal's pages link to /site/…; the set itself is never served on this origin.
        // The set's home in the reader's language where the site has it (`fr/index.html`).
        router.get("site") { request, context in
            let set = try? portal.consultation(try portal.workspace()).protocolSet(at: "main")
            let home = PublishedSite.home(in: context.language, of: set)
            return Page.redirect(portal.siteURL(host: request.head.authority) + home)
        }
        router.get("site/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard PublishedSite.isPlain(path) else { throw PortalError.notFound("error.noSitePage") }
            return Page.redirect(portal.siteURL(host: request.head.authority) + path)
        }
        router.get("procedures/{procedure}/history") { _, context in
            _ = try context.signedIn()
            let page = Page(portal, context)
            let words = page.words
            let id = try context.parameters.require("procedure")
            guard Metadata.isProcedureID(id) else { throw PortalError.notFound("error.noProcedure", ["procedure": String(id.prefix(40))]) }
            let workspace = try portal.workspace()
            let main = try workspace.commitSource("main")
            let path = try workspace.path(for: id, in: main)
            let title = (try? main.text(at: path)).flatMap { $0 }.flatMap { try? Procedure.parse(path: path, text: $0) }?.title ?? id
            let entries = try workspace.history(of: path, from: "main").map { entry -> [String: Any] in
                [
                    "commit": String(entry.commit.prefix(10)), "date": words.dateTime(entry.date), "author": entry.author,
                    "summary": entry.summary, "change": SiteRoutes.change(entry.change, words),
                    "renamed": entry.renamedFrom.map { words.text("history.renamedFrom", ["path": $0]) } ?? "",
                ]
            }
            let heading = words.text("history.title", ["procedure": id])
            return page.render("history", title: heading, ["id": id, "title": title, "heading": heading, "entries": entries])
        }
        // Browsers ask for it on every site; the portal has none, and says so without an error.
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("assets/{file}") { _, context in
            let name = try context.parameters.require("file")
            guard let data = portal.templates.assets[name] else { throw PortalError.notFound("error.noFile") }
            var headers: HTTPFields = [.contentType: PublishedSite.types[(name as NSString).pathExtension] ?? "application/octet-stream"]
            headers[.cacheControl] = "max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    /// What a commit did to a procedure's file (added, modified, renamed, deleted), in words.
    static func change(_ change: String, _ words: Words) -> String {
        switch change {
        case "added": return words.text("history.added")
        case "modified": return words.text("history.modified")
        case "renamed": return words.text("history.renamed")
        case "deleted": return words.text("history.deleted")
        default: return change
        }
    }
}
