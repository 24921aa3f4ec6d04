import Foundation
import HummingbirdBcrypt
import SOPKit

/// The portal's accounts: one JSON file (mode 0600) beside the repository, shared by the
/// `sop user` commands and the running server.
///
/// Every change takes an exclusive `flock` on a lock file, re-reads the file and replaces it
/// by rename, so a command run while the server is up loses nothing and is seen at once.
public final class AccountStore: Sendable {
    /// The format of accounts.json this code reads and writes.
    public static let format = 1
    /// How long a sign-in link stays valid.
    public static let linkLifetime: TimeInterval = 7 * 86_400
    /// bcrypt uses the first 72 bytes of a password; longer ones would be silently cut.
    public static let passwordBytes = 12...72

    public let file: URL
    /// bcrypt's cost factor: 12 in use (about a quarter of a second a check), lower in tests.
    let cost: UInt8
    private let cache = Locked<(stamp: String, accounts: [Account])?>(nil)
    /// A hash of the same cost as the accounts', checked when an address has no account, so
    /// that timing does not tell which addresses have one.
    private let decoy: Locked<String?> = Locked(nil)

    public init(file: URL, cost: UInt8 = 12) {
        self.file = file
        self.cost = cost
    }

    /// `.git/sop/accounts.json` of the workspace's repository.
    public static func defaultFile(for workspace: Workspace) -> URL {
        URL(fileURLWithPath: workspace.repository.gitDirectory).appendingPathComponent("sop/accounts.json")
    }

    private struct Contents: Codable {
        var format: Int
        var accounts: [Account]
    }

    /// Every account, read again only when the file changed.
    public func all() throws -> [Account] {
        let stamp = Self.stamp(of: file)
        if let cached = cache.value, cached.stamp == stamp { return cached.accounts }
        let accounts = try read()
        cache.value = (stamp, accounts)
        return accounts
    }

    public func account(_ email: String) throws -> Account? {
        let email = Account.key(email)
        return try all().first { $0.email == email }
    }

    /// Creates an account and returns the token of its sign-in link. `language` is one that
    /// ``language(_:set:catalogue:)`` accepted, or nil for the browser's; `timeZone` one that
    /// ``timeZone(_:)`` accepted, or nil for the country's.
    public func add(
        email: String, name: String, participant: String, role: Account.Role?, language: String? = nil, timeZone: String? = nil,
        set: ProtocolSet, now: Date
    ) throws -> String {
        let email = try Account.normalized(email: email)
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty, name.count <= 200, !name.contains(where: \.isNewline) else {
            throw SOPError(.invalidArgument, "the name must be one line of 1 to 200 characters", hint: "e.g. --name \"Ana Ruiz\"")
        }
        let role = try Self.role(role, for: participant, in: set)
        let token = Secret.token()
        try change { accounts in
            guard !accounts.contains(where: { $0.email == email }) else {
                throw SOPError(.exists, "there is already an account for \(email)", hint: "`sop user reset \(email)` prints a new sign-in link")
            }
            accounts.append(
                Account(
                    id: Secret.token(), email: email, name: name, participant: role == .secretariat ? Round.secretariat : participant, role: role,
                    language: language, timeZone: timeZone, password: nil, link: .init(token: Secret.hash(token), expires: now.addingTimeInterval(Self.linkLifetime)),
                    generation: 1, created: now))
        }
        return token
    }

    /// The role an account may have for a participant: focal points speak for member states and
    /// territories, observers for anyone, the secretariat only as `secretariat`.
    static func role(_ requested: Account.Role?, for participant: String, in set: ProtocolSet) throws -> Account.Role {
        if participant == Round.secretariat || requested == .secretariat {
            guard participant == Round.secretariat, requested != .focalPoint, requested != .observer else {
                throw SOPError(.invalidArgument, "the secretariat's accounts use --as secretariat --role secretariat")
            }
            return .secretariat
        }
        guard let entry = set.participant(participant) else {
            throw SOPError(
                .invalidArgument, "unknown participant '\(participant)'",
                hint: "use --as secretariat or one of: \(set.participants.map(\.code).joined(separator: ", "))")
        }
        let role = requested ?? (entry.kind == .observer ? .observer : .focalPoint)
        if role == .focalPoint, entry.kind == .observer {
            throw SOPError(.invalidArgument, "\(participant) is an observer in set.yaml; its accounts use --role observer (observers comment but do not take positions)")
        }
        return role
    }

    /// Replaces the sign-in link and password, ending every session; returns the new token.
    public func reset(_ email: String, now: Date) throws -> String {
        let token = Secret.token()
        try change { accounts in
            let index = try Self.index(of: email, in: accounts)
            accounts[index].password = nil
            accounts[index].link = .init(token: Secret.hash(token), expires: now.addingTimeInterval(Self.linkLifetime))
            accounts[index].generation += 1
        }
        return token
    }

    /// Sets the language of an account's portal pages and sign-in messages (nil: the
    /// browser's). Sessions go on: a language is not a credential.
    @discardableResult
    public func setLanguage(_ email: String, to language: String?) throws -> Account { try update(email) { $0.language = language } }

    /// Sets the time zone an account's deadlines are shown in beside UTC (nil: the country's).
    @discardableResult
    public func setTimeZone(_ email: String, to timeZone: String?) throws -> Account { try update(email) { $0.timeZone = timeZone } }

    /// Changes one account's preferences and returns it as stored.
    private func update(_ email: String, _ edit: (inout Account) -> Void) throws -> Account {
        try change { accounts in
            let index = try Self.index(of: email, in: accounts)
            edit(&accounts[index])
            return accounts[index]
        }
    }

    /// Checks a time zone asked for an account: a name of the time zone database.
    public static func timeZone(_ requested: String) throws -> String {
        let name = requested.trimmingCharacters(in: .whitespaces)
        guard CountryTimeZone.isZone(name) else {
            throw SOPError(
                .invalidArgument, "'\(requested.prefix(40))' is not a time zone",
                hint: "name one of the time zone database, e.g. America/Port_of_Spain or Europe/Amsterdam, or `country` for the country's")
        }
        return name
    }

    /// Checks a language asked for an account: the set's (`languages:` in set.yaml, when it
    /// lists any) and one the portal has words for.
    public static func language(_ requested: String, set: ProtocolSet, catalogue: Catalogue) throws -> String {
        let language = requested.trimmingCharacters(in: .whitespaces).lowercased()
        let offered = catalogue.languages.filter { set.languages.isEmpty || set.languages.contains($0) }
        guard offered.contains(language) else {
            let why =
                !catalogue.languages.contains(language)
                ? "the portal has no words in '\(language)' (\(catalogue.folder) has \(catalogue.languages.map { $0 + ".yaml" }.joined(separator: ", ")))"
                : "'\(language)' is not one of the set's languages (\(ProtocolSet.path): languages: [\(set.languages.joined(separator: ", "))])"
            throw SOPError(
                .invalidArgument, "unknown language '\(requested.prefix(20))': \(why)",
                hint: offered.isEmpty ? "add the language to set.yaml's languages" : "use one of: \(offered.joined(separator: ", "))")
        }
        return language
    }

    /// Ends an account and, with it, its sessions.
    public func remove(_ email: String) throws {
        try change { accounts in accounts.remove(at: try Self.index(of: email, in: accounts)) }
    }

    /// Sets the password with a sign-in link's token, which then stops working.
    public func setPassword(token: String, password: String, now: Date) throws -> Account {
        guard Self.passwordBytes.contains(password.utf8.count) else {
            throw SOPError(.invalidArgument, "a password has 12 to 72 characters (bytes in UTF-8)", hint: "a few unrelated words make a good one")
        }
        let hash = Bcrypt.hash(password, cost: cost)
        return try change { accounts in
            guard Secret.isWellFormed(token),
                let index = accounts.firstIndex(where: { $0.link.map { Secret.equal($0.token, Secret.hash(token)) } ?? false })
            else {
                throw SOPError(.notFound, "this sign-in link is not valid (it was used already, or replaced)", hint: "ask the secretariat for a new one")
            }
            guard accounts[index].link!.expires > now else {
                throw SOPError(.notFound, "this sign-in link expired", hint: "ask the secretariat for a new one (`sop user reset`)")
            }
            accounts[index].password = hash
            accounts[index].link = nil
            return accounts[index]
        }
    }

    /// The account link's holder, when the token is valid now.
    public func account(forLink token: String, now: Date) throws -> Account? {
        guard Secret.isWellFormed(token) else { return nil }
        let hash = Secret.hash(token)
        return try all().first { account in account.link.map { Secret.equal($0.token, hash) && $0.expires > now } ?? false }
    }

    /// The account when the password is right. A missing account costs a bcrypt check too, so
    /// timing does not tell which addresses have accounts.
    public func verify(email: String, password: String) throws -> Account? {
        let account = try self.account(email)
        guard let hash = account?.password else {
            let decoy = self.decoy.withLock { decoy in
                if decoy == nil { decoy = Bcrypt.hash("not a password of anyone", cost: cost) }
                return decoy!
            }
            _ = Bcrypt.verify(password, hash: decoy)
            return nil
        }
        return Bcrypt.verify(password, hash: hash) ? account : nil
    }

    private static func index(of email: String, in accounts: [Account]) throws -> Int {
        guard let index = accounts.firstIndex(where: { $0.email == Account.key(email) }) else {
            throw SOPError(.notFound, "no account for \(email)", hint: "`sop user list` shows the accounts")
        }
        return index
    }

    private func read() throws -> [Account] {
        guard let data = FileManager.default.contents(atPath: file.path) else { return [] }
        do {
            let contents = try Self.decoder.decode(Contents.self, from: data)
            guard contents.format == Self.format else {
                throw SOPError(.invalidFile, "accounts format \(contents.format) is not \(Self.format)", at: Location(file.path))
            }
            return contents.accounts
        } catch let error as DecodingError {
            throw SOPError(.invalidFile, "the accounts file cannot be read: \(error)", at: Location(file.path), hint: "restore it from a backup")
        }
    }

    /// Read, change and replace the file under an exclusive lock.
    @discardableResult
    private func change<T>(_ body: (inout [Account]) throws -> T) throws -> T {
        let folder = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let lock = open(file.path + ".lock", O_RDWR | O_CREAT, 0o600)
        guard lock >= 0 else { throw SOPError(.io, "cannot lock \(file.path): \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw SOPError(.io, "cannot lock \(file.path): \(String(cString: strerror(errno)))") }
        var accounts = try read()
        let result = try body(&accounts)
        let data = try Self.encoder.encode(Contents(format: Self.format, accounts: accounts))
        let temporary = folder.appendingPathComponent(".accounts.\(getpid()).tmp")
        unlink(temporary.path)
        // Made with mode 0600 from the start: the hashes are never readable by others, not even briefly.
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw SOPError(.io, "cannot write \(temporary.path): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == data.count, synced == 0 else {
            unlink(temporary.path)
            throw SOPError(.io, "cannot write \(temporary.path): \(String(cString: strerror(errno)))")
        }
        guard rename(temporary.path, file.path) == 0 else {
            unlink(temporary.path)
            throw SOPError(.io, "cannot replace \(file.path): \(String(cString: strerror(errno)))")
        }
        cache.value = nil
        return result
    }

    private static func stamp(of file: URL) -> String {
        var info = stat()
        guard stat(file.path, &info) == 0 else { return "missing" }
        return "\(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec) \(info.st_mtim.tv_nsec)"
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
