import Foundation

/// Slows down password guessing: after a few failures for one address (or many from one
/// client) sign-in is refused for a while, then allowed again, so nobody is locked out for good.
final class SignInThrottle: Sendable {
    /// Failed attempts allowed per address within the window.
    static let perAccount = 5
    /// Failed attempts allowed per client address within the window (offices share one).
    static let perClient = 30
    static let window: TimeInterval = 15 * 60

    private let failures = Locked<[String: [Date]]>([:])

    /// Seconds until the next attempt is allowed, or nil when it is allowed now.
    func wait(email: String, client: String, now: Date) -> TimeInterval? {
        failures.withLock { failures in
            var longest: TimeInterval?
            for (key, limit) in [("account " + email.lowercased(), Self.perAccount), ("client " + client, Self.perClient)] {
                let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
                failures[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit {
                    let wait = Self.window - now.timeIntervalSince(recent[recent.count - limit])
                    longest = max(longest ?? 0, wait)
                }
            }
            return longest
        }
    }

    func failed(email: String, client: String, now: Date) {
        failures.withLock { failures in
            failures["account " + email.lowercased(), default: []].append(now)
            failures["client " + client, default: []].append(now)
        }
    }

    func succeeded(email: String) {
        failures.withLock { $0["account " + email.lowercased()] = nil }
    }
}
