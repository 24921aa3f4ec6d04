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
        router.get("site") { request, _ in
            Page.redirect(portal.siteURL(host: request.head.authority) + "index.html")
        }
        router.get("site/**") { request, context in
            let path = context.parameters.getCatchAll().joined(separator: "/")
            guard PublishedSite.isPlain(path) else { throw PortalError.notFound("there is no such page in the published set") }
            return Page.redirect(portal.siteURL(host: request.head.authority) + path)
        }
        router.get("procedures/{procedure}/history") { _, context in
            _ = try context.signedIn()
            let id = try context.parameters.require("procedure")
            guard Metadata.isProcedureID(id) else { throw PortalError.notFound("there is no procedure '\(id.prefix(40))'") }
            let workspace = try portal.workspace()
            let main = try workspace.commitSource("main")
            let path = try workspace.path(for: id, in: main)
            let title = (try? main.text(at: path)).flatMap { $0 }.flatMap { try? Procedure.parse(path: path, text: $0) }?.title ?? id
            let entries = try workspace.history(of: path, from: "main").map { entry -> [String: Any] in
                [
                    "commit": String(entry.commit.prefix(10)), "date": Timestamp.string(entry.date), "author": entry.author,
                    "summary": entry.summary, "change": entry.change, "renamedFrom": entry.renamedFrom ?? "",
                ]
            }
            return Page(portal, context).render("history", title: "History of \(id)", ["id": id, "title": title, "entries": entries])
        }
        // Browsers ask for it on every site; the portal has none, and says so without an error.
        router.get("favicon.ico") { _, _ in Response(status: .noContent) }
        router.get("assets/{file}") { _, context in
            let name = try context.parameters.require("file")
            guard let data = portal.templates.assets[name] else { throw PortalError.notFound("there is no such file") }
            var headers: HTTPFields = [.contentType: PublishedSite.types[(name as NSString).pathExtension] ?? "application/octet-stream"]
            headers[.cacheControl] = "max-age=300"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
