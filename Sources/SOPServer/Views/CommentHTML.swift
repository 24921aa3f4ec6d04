import Foundation
import Mustache
import SOPKit

/// Comments rendered once: a proposal page shows every comment of the round, and rendering
/// them through Mustache on every request made the page's cost grow with the round (a round
/// of 600 comments took 50 ms a page). A comment's HTML depends only on the events the round's
/// fold applied, whether it is open, and the viewer (language, time zone, account, form
/// token), so it is kept under those; any change to what the fold applies, or another viewer,
/// makes another entry.
final class CommentHTML: @unchecked Sendable {
    /// Enough for the comments of several large rounds in every language; when full, the
    /// cache starts again rather than track what was used last.
    private static let capacity = 20_000
    private let lock = NSLock()
    private var rendered: [String: String] = [:]

    func html(_ key: String, render: () -> String) -> String {
        lock.lock()
        let known = rendered[key]
        lock.unlock()
        if let known { return known }
        let html = render()
        lock.lock()
        if rendered.count >= Self.capacity { rendered.removeAll(keepingCapacity: true) }
        rendered[key] = html
        lock.unlock()
        return html
    }
}

/// Rendered HTML as a Mustache value, put in unchanged by `{{{comments}}}` (and left alone
/// by ``Page/escapable(_:)``, which made its words safe before it was rendered).
struct RenderedHTML: MustacheCustomRenderable {
    let renderText: String
    var isNull: Bool { false }
}
