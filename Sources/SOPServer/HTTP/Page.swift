import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// A server-rendered page: a Mustache template of `Templates/portal/` with what every page
/// shows (who is signed in, the form token), as an HTML response.
struct Page {
    let portal: Portal
    let context: PortalContext

    init(_ portal: Portal, _ context: PortalContext) {
        self.portal = portal
        self.context = context
    }

    /// Renders `template`. Signed out, the page's forms carry the token of a pre-session
    /// cookie (set here when the browser has none yet), so that a sign-in form cannot be
    /// posted from another site.
    func render(_ template: String, title: String, _ values: [String: Any]) -> Response {
        var page = Page.escapable(values) as! [String: Any]
        page["pageTitle"] = title
        var newToken: String?
        if let identity = context.identity {
            let account = identity.account
            page["csrf"] = identity.session.csrf
            page["me"] = [
                "name": account.name, "email": account.email, "participant": account.participant, "role": account.role.rawValue,
                "isSecretariat": account.isSecretariat,
            ] as [String: Any]
        } else if let token = context.formToken {
            page["csrf"] = token
        } else {
            let token = Secret.token()
            page["csrf"] = token
            newToken = token
        }
        var response = Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: portal.templates.render(template, page))))
        if let newToken {
            response.setCookie(cookie(FormCheck.formCookie, newToken, maxAge: 3600))
        }
        return response
    }

    /// The context with every text made safe for Mustache's escaping, which works by
    /// Character: a combining mark after `"`, `'`, `<`, `>` or `&` would join it into one
    /// Character that is not escaped, so such marks are dropped there. Bidirectional controls
    /// are made visible (``DisplayText/shown(_:)``): a replica's words must not turn around
    /// on the page.
    static func escapable(_ value: Any) -> Any {
        switch value {
        case let text as String: return escapable(text)
        case let dictionary as [String: Any]: return dictionary.mapValues(escapable)
        case let array as [[String: Any]]: return array.map { escapable($0) }
        case let array as [Any]: return array.map(escapable)
        default: return value
        }
    }

    static func escapable(_ value: String) -> String {
        // Only a non-ASCII scalar can be a combining mark or a bidirectional control.
        if value.utf8.allSatisfy({ $0 < 0x80 }) { return value }
        let text = DisplayText.shown(value)
        let special: Set<Unicode.Scalar> = ["\"", "'", "<", ">", "&"]
        var scalars = String.UnicodeScalarView()
        var afterSpecial = false
        var changed = false
        for scalar in text.unicodeScalars {
            if afterSpecial, scalar.properties.generalCategory == .nonspacingMark || scalar.properties.generalCategory == .enclosingMark
                || scalar.properties.generalCategory == .spacingMark || scalar.properties.isGraphemeExtend
            {
                changed = true
                continue
            }
            afterSpecial = special.contains(scalar)
            scalars.append(scalar)
        }
        return changed ? String(scalars) : text
    }

    /// A cookie only the portal's own pages send back: HttpOnly, SameSite=Strict, Secure.
    func cookie(_ name: String, _ value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: portal.configuration.secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// After a post: back to a page, so reloading does not send the form again.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location])
    }
}
