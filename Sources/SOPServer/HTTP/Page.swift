import Foundation
import Hummingbird
import NIOCore
import SOPKit

/// A server-rendered page: a Mustache template of `Templates/portal/` with what every page
/// shows (who is signed in, the form token, the words of the catalogue in the page's
/// language as `t`), as an HTML response.
struct Page {
    let portal: Portal
    let context: PortalContext
    /// The catalogue in the page's language.
    let words: Words

    /// A page in the request's language, or in `language` (a sign-in link's account's).
    init(_ portal: Portal, _ context: PortalContext, language: String? = nil) {
        self.portal = portal
        self.context = context
        words = portal.words(
            language.flatMap { portal.catalogue.languages.contains($0) ? $0 : nil } ?? context.language, zone: context.identity?.account.zone)
    }

    /// Renders `template`. Signed out, the page's forms carry the token of a pre-session
    /// cookie (set here when the browser has none yet), so that a sign-in form cannot be
    /// posted from another site.
    func render(_ template: String, title: String, _ values: [String: Any]) -> Response {
        var page = Page.escapable(values) as! [String: Any]
        page["pageTitle"] = Page.escapable(title)
        // The translators' words, which are the operator's files: Mustache escapes them.
        page["t"] = portal.catalogue.context(words.language)
        page["lang"] = words.language
        var newToken: String?
        if let identity = context.identity {
            let account = identity.account
            page["csrf"] = identity.session.csrf
            page["back"] = context.path
            page["me"] = [
                "name": Page.escapable(account.name), "email": account.email, "participant": account.participant, "role": account.role.rawValue,
                "roleName": words.text(Page.roleKey(account.role)), "isSecretariat": account.isSecretariat,
                "languages": portal.catalogue.languages.map { language -> [String: Any] in
                    ["code": language, "name": portal.catalogue.text("language.name", language), "selected": language == words.language]
                },
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

    /// A comment of round `roundID` as `comment.mustache` renders it for this page, from the
    /// portal's ``CommentHTML`` when it was rendered before under the same `stamp` (from
    /// ``RoundPage``) for the same language, time zone, account and form token.
    func comment(_ stamp: String, roundID: String, values: () -> [String: Any]) -> String {
        let csrf = context.identity?.session.csrf ?? ""
        let account = context.identity.map { "\($0.account.participant) \($0.account.role.rawValue)" } ?? ""
        let key = [stamp, words.language, words.zone?.identifier ?? "UTC", account, csrf].joined(separator: "\u{0}")
        return portal.commentHTML.html(key) {
            var comment = Page.escapable(values()) as? [String: Any] ?? [:]
            comment["t"] = portal.catalogue.context(words.language)
            comment["csrf"] = csrf
            comment["roundID"] = roundID
            return portal.templates.render("comment", comment)
        }
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

    /// The catalogue's name of a role.
    static func roleKey(_ role: Account.Role) -> String {
        switch role {
        case .focalPoint: return "role.focalPoint"
        case .secretariat: return "role.secretariat"
        case .observer: return "role.observer"
        }
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
