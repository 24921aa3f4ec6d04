import Foundation

/// A signed-in browser: whose it is and the token its forms must carry.
struct Session: Sendable {
    var email: String
    /// The account's ID: an account removed and made again is another account.
    var account: String
    /// The account's generation at sign-in; a reset raises it and so ends the session.
    var generation: Int
    /// Every form of the session carries it; a post without it is refused (CSRF).
    var csrf: String
    var created: Date
    var lastSeen: Date
}

/// Sessions of the running server, kept in memory by the SHA-256 of their cookie's token, so
/// a restart signs everyone out and nothing secret is ever written to disk.
final class SessionStore: Sendable {
    /// Signed out after this long without a request.
    static let idle: TimeInterval = 8 * 3600
    /// Signed out after this long whatever happens.
    static let lifetime: TimeInterval = 24 * 3600

    private let sessions = Locked<[String: Session]>([:])

    /// Starts a session and returns the token for its cookie.
    func start(for account: Account, now: Date) -> (token: String, session: Session) {
        let token = Secret.token()
        let session = Session(email: account.email, account: account.id, generation: account.generation, csrf: Secret.token(), created: now, lastSeen: now)
        sessions.withLock { $0[Secret.hash(token)] = session }
        return (token, session)
    }

    /// The session of a cookie's token while it is fresh, marking it seen.
    func session(_ token: String, now: Date) -> Session? {
        guard Secret.isWellFormed(token) else { return nil }
        let key = Secret.hash(token)
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return nil }
            guard now.timeIntervalSince(session.lastSeen) < Self.idle, now.timeIntervalSince(session.created) < Self.lifetime else {
                sessions[key] = nil
                return nil
            }
            session.lastSeen = now
            sessions[key] = session
            return session
        }
    }

    func end(_ token: String) {
        sessions.withLock { $0[Secret.hash(token)] = nil }
    }
}
