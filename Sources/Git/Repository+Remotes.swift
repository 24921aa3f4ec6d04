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
        try withStringArray(refspecs) { array in
            try check(git_remote_fetch(remote.pointer, &array, &options, "sop sync: fetch \(name)"), "fetch from \(name)")
        }
        withExtendedLifetime(state) {}
    }

    /// Pushes explicit `src:dst` refspecs; references the remote refuses are reported, not thrown.
    public func push(remote name: String, refspecs: [String]) throws -> PushReport {
        guard !refspecs.isEmpty else { return PushReport() }
        let remote = try Handle.make("find remote \(name)", free: git_remote_free) { git_remote_lookup($0, pointer, name) }
        var options = git_push_options()
        try check(git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION)), "prepare push")
        let state = TransferState()
        options.callbacks.credentials = credentialCallback
        options.callbacks.push_update_reference = { reference, status, payload in
            guard let reference, let status, let payload else { return 0 }
            let state = Unmanaged<TransferState>.fromOpaque(payload).takeUnretainedValue()
            state.report.rejected[String(cString: reference)] = String(cString: status)
            return 0
        }
        options.callbacks.payload = Unmanaged.passUnretained(state).toOpaque()
        try withStringArray(refspecs) { array in
            try check(git_remote_push(remote.pointer, &array, &options), "push to \(name)")
        }
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
