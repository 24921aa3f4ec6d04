import CGit2
import Foundation

/// What a push did to each reference: updated, or rejected with the remote's reason.
public struct PushReport: Sendable, Equatable {
    public var rejected: [String: String] = [:]
}

/// Collects libgit2's callbacks (credentials asked, refs rejected) for one fetch or push.
private final class TransferState {
    var credentialAttempts = 0
    var report = PushReport()
    /// What the pusher last saw of each remote reference it replaces (nil: it had none).
    var expected: [String: ObjectID?] = [:]
    /// References the remote moved since then; the push is abandoned when there is one.
    var moved: [String] = []
}

extension Repository {
    /// Adds a named remote to the repository's config, as `git remote add` does.
    public func addRemote(_ name: String, url: String) throws {
        let remote = try Handle.make("add remote \(name)", free: git_remote_free) { git_remote_create($0, pointer, name, url) }
        _ = remote
    }

    /// The configured remotes and their URLs.
    public func remotes() throws -> [(name: String, url: String)] {
        var names = git_strarray()
        try check(git_remote_list(&names, pointer), "list remotes")
        defer { git_strarray_dispose(&names) }
        return try (0..<names.count).compactMap { index in
            guard let name = names.strings[index].map({ String(cString: $0) }) else { return nil }
            let remote = try Handle.make("read remote \(name)", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
            return (name, git_remote_url(remote.pointer).map { String(cString: $0) } ?? "")
        }
    }

    /// Fetches with explicit refspecs (`+refs/sop/rounds/*:refs/sop/remotes/origin/rounds/*`).
    public func fetch(remote name: String, refspecs: [String]) throws {
        let remote = try Handle.make("find remote \(name)", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "prepare fetch")
        let state = TransferState()
        options.callbacks.credentials = credentialCallback
        options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        // Only what the refspecs name: tags arrive where the caller decides, not by auto-follow.
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        // A lock on a tracking ref, left by a fetch that was killed, is in this repository.
        try StaleLock.recovering(in: commonDirectory, locks: ["packed-refs.lock"]) {
            try withStringArray(refspecs) { array in
                try check(git_remote_fetch(remote.pointer, &array, &options, "sop sync: fetch \(name)"), "fetch from \(name)")
            }
        }
        withExtendedLifetime(state) {}
    }

    /// Pushes explicit `src:dst` refspecs; references the remote refuses are reported, not thrown.
    ///
    /// A push to a path (or `file://`) remote updates the remote's refs in this process, so a
    /// push killed there can leave a lock in the remote repository that refuses every later
    /// push. When a push fails, or a reference is refused, on a lock, the stale ones among the
    /// pushed references' locks and `packed-refs.lock` in the remote's directory are removed
    /// and the push is tried once more (see ``StaleLock`` for when a lock counts as stale).
    ///
    /// `expecting` makes the push a compare-and-swap on the remote: when a named reference no
    /// longer has the value given (nil: absent), nothing is pushed and ``GitError/Code/modified``
    /// is thrown, so a forced update never replaces what someone else pushed meanwhile (the
    /// remote's receive-pack checks the old value again as it updates).
    public func push(remote name: String, refspecs: [String], expecting: [String: ObjectID?] = [:]) throws -> PushReport {
        guard !refspecs.isEmpty else { return PushReport() }
        let remote = try Handle.make("find remote \(name)", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        guard let directory = Repository.localDirectory(ofRemoteURL: git_remote_url(remote.pointer).map { String(cString: $0) } ?? "") else {
            return try push(name: name, refspecs: refspecs, expecting: expecting)
        }
        let locks = refspecs.compactMap { $0.split(separator: ":").last.map { $0 + ".lock" } } + ["packed-refs.lock"]
        let report = try StaleLock.recovering(in: directory, locks: locks) { try push(name: name, refspecs: refspecs, expecting: expecting) }
        let refusedOnLock = report.rejected.values.filter(StaleLock.isLock)
        guard !refusedOnLock.isEmpty,
            StaleLock.removeStale(locks.map { directory + "/" + $0 } + refusedOnLock.flatMap(StaleLock.named), inside: directory)
        else { return report }
        return try push(name: name, refspecs: refspecs, expecting: expecting)
    }

    /// The git directory of a remote given as a path or `file://` URL; nil for a network remote.
    static func localDirectory(ofRemoteURL url: String) -> String? {
        let path = url.hasPrefix("file://") ? String(url.dropFirst("file://".count)) : url
        guard !path.isEmpty, !path.contains("://"), FileManager.default.fileExists(atPath: path),
            let repository = try? Repository.open(at: path)
        else { return nil }
        return repository.commonDirectory
    }

    /// One push, with a remote of its own: a failed push may leave its remote connected.
    private func push(name: String, refspecs: [String], expecting: [String: ObjectID?]) throws -> PushReport {
        let remote = try Handle.make("find remote \(name)", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "prepare push")
        let state = TransferState()
        state.expected = expecting
        options.callbacks.push_negotiation = { updates, count, payload in
            guard let updates, let payload else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
            for index in 0..<count {
                guard let update = updates[index]?.pointee, let reference = update.dst_refname.map({ String(cString: $0) }),
                    let expected = state.expected[reference]
                else { continue }
                var current = update.src
                let now = git_oid_is_zero(&current) == 1 ? nil : ObjectID(current)
                if now != expected { state.moved.append(reference) }
            }
            return state.moved.isEmpty ? 0 : GIT_EUSER.rawValue
        }
        options.callbacks.credentials = credentialCallback
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let reference, let status, let payload else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
            state.report.rejected[String(cString: reference)] = String(cString: status)
            return 0
        }
        options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        let status = withStringArray(refspecs) { array in git_remote_push(remote.pointer, &array, &options) }
        if !state.moved.isEmpty {
            throw GitError(
                code: .modified, message: "\(state.moved.joined(separator: ", ")) moved on \(name) since it was fetched",
                operation: "push to \(name)")
        }
        try check(status, "push to \(name)")
        return withExtendedLifetime(state) { state.report }
    }
}

/// Offers the SSH agent's keys once; any other credential request is left to libgit2.
private let credentialCallback: git_credential_acquire_cb = { out, _, username, allowed, payload in
    guard let payload else { return GIT_PASSTHROUGH.rawValue }
    let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
    state.credentialAttempts += 1
    guard state.credentialAttempts == 1, allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 else {
        return GIT_PASSTHROUGH.rawValue
    }
    if let username { return git_credential_ssh_key_from_agent(out, username) }
    return git_credential_ssh_key_from_agent(out, "git")
}

/// A `git_strarray` of C strings that live for the duration of `body`.
func withStringArray<T>(_ strings: [String], _ body: (inout git_strarray) throws -> T) rethrows -> T {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return try pointers.withUnsafeMutableBufferPointer { buffer in
        var array = git_strarray(strings: buffer.baseAddress, count: buffer.count)
        return try body(&array)
    }
}
