import Foundation
import Git

/// Registering and revoking keys: a signed entry in the registry (the authority), then the
/// same change in set.yaml on main for people to read.
extension Workspace {
    /// What a key change did.
    public struct KeyChange: Sendable {
        public let entry: RegistryEntry
        /// The commit on main that shows the change in set.yaml (none when set.yaml does not
        /// list the key revoked: the registry decides either way).
        public let commit: Commit?
        /// Rounds checkpointed first, so the revocation cannot undo what they hold.
        public let checkpointed: [String]
    }

    public var registryStore: RegistryStore { RegistryStore(repository) }

    /// The key among `candidates` that may sign a change of `holder`'s keys: the root for the
    /// secretariat's keys, else a valid secretariat key, else the holder's own valid key.
    public func keyChangeSigner(for holder: String, among candidates: [KeyPair]) throws -> KeyPair {
        let registry = try registryStore.read().registry
        func valid(_ pair: KeyPair) -> Bool { registry.keys[pair.publicKey].map { $0.isValid && $0.holder == pair.participant } ?? false }
        if holder == Round.secretariat {
            if let root = candidates.first(where: { $0.publicKey == registry.root }) { return root }
            throw SOPError(
                .invalidArgument, "a secretariat key is added or revoked only with the root key, which is not in the key directory",
                hint: "run it where the root key (the secretariat's first key, or the one it was rotated to) is kept")
        }
        if let secretariat = candidates.first(where: { $0.participant == Round.secretariat && valid($0) }) { return secretariat }
        if let own = candidates.first(where: { $0.participant == holder && valid($0) }) { return own }
        throw SOPError(
            .invalidArgument, "changing the keys of \(holder) needs the secretariat's valid key or a valid key of \(holder), and neither is in the key directory",
            hint: "send the public key to the secretariat, which runs `sop key register --as \(holder) --key ED25519_KEY --name \"Full Name\"`")
    }

    /// Adds `key` for `holder`. On an empty registry this makes the root, which must be a
    /// secretariat key signing its own entry.
    public func registerKey(
        _ key: String, name: String?, role: String?, for holder: String, signer: KeyPair, author: Signature, now: Date
    ) throws -> KeyChange {
        let text = try setTextOnMain()
        let updated = try KeyRegistration.adding(RegisteredKey(key: key, name: name, role: role, added: now), for: holder, to: text)
        let authorText = "\(author.name) <\(author.email)>"
        var written: RegistryEntry?
        try registryStore.append(message: "Register a key of \(holder)", author: author) { registry in
            let kind: RegistryEntry.Kind = registry.sequence == 0 ? .root : .keyAdded
            if kind == .root, holder != Round.secretariat || signer.publicKey != key {
                throw SOPError(
                    .invalidArgument, "the key registry has no root yet; its first key is the secretariat's own",
                    hint: "the secretariat runs `sop key new --as secretariat --name \"Full Name\" --register` first")
            }
            let entry = try RegistryEntry.make(
                kind, sequence: registry.sequence + 1, previous: registry.head, holder: holder, key: key, name: name, role: role,
                author: authorText, at: now, signer: signer)
            written = entry
            return [entry]
        }
        let commit = try commitSet(updated, message: "Register the key of \(name ?? holder) for \(holder)", author: author)
        guard let entry = written else { throw SOPError(.conflict, "the key was not registered") }
        return KeyChange(entry: entry, commit: commit, checkpointed: [])
    }

    /// Revokes `key` of `holder`. Signed by the secretariat, every round is checkpointed first,
    /// so what the key signed until now keeps counting and nothing it signs (or backdates)
    /// later does; the adoption records it sealed are named in the entry and keep counting.
    public func revokeKey(
        _ key: String, of holder: String, signer: KeyPair, consultation: Consultation, author: Signature, now: Date
    ) throws -> KeyChange {
        let text = try setTextOnMain()
        let updated = try? KeyRegistration.revoking(key, of: holder, at: now, in: text)
        var checkpointed: [String] = []
        if signer.participant == Round.secretariat {
            checkpointed = try consultation.checkpointRounds(as: Actor(participant: Round.secretariat, author: author), signedBy: signer, now: now)
        }
        // The records this key sealed that verify keep counting (a tag a thief made with the
        // key and pushed before the revocation does not); nothing it seals from now on will.
        let keeps = try repository.references(matching: "refs/tags/set/*").compactMap { reference -> String? in
            let name = String(reference.name.dropFirst("refs/tags/".count))
            guard let tag = try repository.tag(name), let record = try? Record.parse(tag.message), record.sealKey == key,
                (try? Verification(self).tag(name))?.ok == true
            else { return nil }
            return record.id
        }
        var written: RegistryEntry?
        try registryStore.append(message: "Revoke a key of \(holder)", author: author) { registry in
            let entry = try RegistryEntry.make(
                .keyRevoked, sequence: registry.sequence + 1, previous: registry.head, holder: holder, key: key, name: nil, role: nil,
                author: "\(author.name) <\(author.email)>", at: now, signer: signer, keeps: keeps)
            written = entry
            return [entry]
        }
        consultation.log.reloadRegistry()
        let commit = try updated.map { try commitSet($0, message: "Revoke a key of \(holder)", author: author) }
        guard let entry = written else { throw SOPError(.conflict, "the key was not revoked") }
        return KeyChange(entry: entry, commit: commit, checkpointed: checkpointed)
    }

    /// Replaces `old` with `new` for its holder in one change of the registry: the old key adds
    /// the new one and revokes itself, handing over (for the root: a root rotation). Events the
    /// old key signed that no checkpoint holds stop counting, so the secretariat checkpoints
    /// first (`sop round checkpoint`).
    public func rotateKey(from old: KeyPair, to new: KeyPair, author: Signature, now: Date) throws -> KeyChange {
        let holder = old.participant
        var text = try setTextOnMain()
        text = try KeyRegistration.adding(RegisteredKey(key: new.publicKey, name: new.name, role: new.role, added: now), for: holder, to: text)
        text = (try? KeyRegistration.revoking(old.publicKey, of: holder, at: now, in: text)) ?? text
        let authorText = "\(author.name) <\(author.email)>"
        var written: [RegistryEntry] = []
        try registryStore.append(message: "Rotate a key of \(holder)", author: author) { registry in
            if holder == Round.secretariat, registry.root == old.publicKey {
                written = [try RegistryEntry.make(
                    .rootRotated, sequence: registry.sequence + 1, previous: registry.head, holder: holder, key: new.publicKey, name: new.name,
                    role: new.role, author: authorText, at: now, signer: old)]
                return written
            }
            let added = try RegistryEntry.make(
                .keyAdded, sequence: registry.sequence + 1, previous: registry.head, holder: holder, key: new.publicKey, name: new.name,
                role: new.role, author: authorText, at: now, signer: old)
            let revoked = try RegistryEntry.make(
                .keyRevoked, sequence: registry.sequence + 2, previous: added.id, holder: holder, key: old.publicKey, name: nil, role: nil,
                author: authorText, at: now, signer: old)
            written = [added, revoked]
            return written
        }
        let commit = try commitSet(text, message: "Rotate the key of \(new.name) for \(holder)", author: author)
        guard let entry = written.last else { throw SOPError(.conflict, "the key was not rotated") }
        return KeyChange(entry: entry, commit: commit, checkpointed: [])
    }

    /// set.yaml as committed on main, refused before anything is written when the work tree
    /// is elsewhere.
    func setTextOnMain() throws -> String {
        try requireMain()
        guard let text = try worktree().text(at: ProtocolSet.path) else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing") }
        return text
    }
}
