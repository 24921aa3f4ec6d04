import Foundation

/// Slows down password guessing: after a few failures for one address within a window, that
/// address may not try again until the window has passed, so nobody is locked out for good.
/// Many failures from one client make its wrong passwords wait too, but never a right one, so
/// that offices behind one proxy are not locked out together.
final class SignInThrottle: Sendable {
    /// Failed attempts allowed per address within the window.
    static let perAccount = 5
    /// Failed attempts allowed per client address within the window (offices share one).
    static let perClient = 30
    static let window: TimeInterval = 15 * 60
    /// Above this many keys, keys whose failures are all outside the window are dropped.
    static let kept = 10_000

    private let failures = Locked<[String: [Date]]>([:])

    /// Admits one attempt for `email`, counted as a failure until ``succeeded(email:)`` says
    /// otherwise, so that parallel guesses cannot pass the limit; or returns the seconds to wait.
    func admit(email: String, now: Date) -> TimeInterval? {
        failures.withLock { failures in
            let key = "account " + email
            if let wait = Self.wait(&failures, key, Self.perAccount, now) { return wait }
            failures[key, default: []].append(now)
            return nil
        }
    }

    /// The seconds a wrong password from this client waits, or nil.
    func clientWait(_ client: String, now: Date) -> TimeInterval? {
        failures.withLock { Self.wait(&$0, "client " + client, Self.perClient, now) }
    }

    func failed(client: String, now: Date) {
        failures.withLock { failures in
            failures["client " + client, default: []].append(now)
            if failures.count > Self.kept {
                failures = failures.filter { $0.value.contains { now.timeIntervalSince($0) < Self.window } }
            }
        }
    }

    func succeeded(email: String) {
        failures.withLock { $0["account " + email] = nil }
    }

    private static func wait(_ failures: inout [String: [Date]], _ key: String, _ limit: Int, _ now: Date) -> TimeInterval? {
        let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = recent.isEmpty ? nil : recent
        guard recent.count >= limit else { return nil }
        return window - now.timeIntervalSince(recent[recent.count - limit])
    }
}
