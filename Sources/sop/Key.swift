import ArgumentParser
import Foundation
import Git
import SOPCommandLine
import SOPKit

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Ed25519 keys with which officials sign, and the governed key registry.",
        discussion: """
            Keys count only through the signed key registry (refs/sop/registry): its first entry, the root, is the \
            secretariat's first key; the root adds and revokes secretariat keys, the secretariat adds and revokes \
            everyone else's, and a participant may add a key of its own with one of its own and revoke the key it \
            signs with (`sop key rotate` does both). set.yaml lists the same keys for people to read.
            Example:  sop key new --as TT --name "Ana Ruiz" --role "Chief Immigration Officer" --register
            """,
        subcommands: [New.self, Register.self, Revoke.self, Rotate.self, ListKeys.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Create a key pair: the private key goes to $SOP_KEY_DIR (mode 0600), the public key is printed.",
            discussion: """
                With --register the key is added to the key registry, signed by the secretariat's key (or by the root key \
                for a secretariat key; the very first secretariat key signs itself and becomes the root), and to set.yaml \
                on main. Example:  sop key new --as TT --name "Ana Ruiz" --register
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The official's full name.") var name: String
        @Option(help: "The official's role.") var role: String?
        @Flag(help: "Also register the public key (the work tree must be on main).") var register = false

        func run() throws {
            let workspace = try repository.workspace()
            let who = try actor.actor(workspace, allowingPortal: true)
            let pair = KeyPair.generate(participant: who.participant, name: name, role: role)
            // Checked before the key file is written, so a refused registration leaves nothing behind.
            var signer: KeyPair?
            if register {
                try workspace.requireMain()
                let isRoot = try workspace.registryStore.read().registry.sequence == 0
                signer = isRoot ? pair : try workspace.keyChangeSigner(for: who.participant, among: try signingKeys(for: who.participant))
            }
            let file = try pair.save()
            Terminal.say("private key: \(file.path) (mode 0600; keep it secret)")
            Terminal.say("public key:  \(pair.publicKey)")
            if let signer {
                let change = try workspace.registerKey(
                    pair.publicKey, name: name, role: role, for: who.participant, signer: signer, author: who.author, now: Timestamp.now())
                report(change)
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register a public key an official sent (signed by the secretariat's key, or the official's own valid key).",
            discussion: "Example:  sop key register --as JM --key ed25519:… --name \"Focal point, PICA\"")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The public key, ed25519:BASE64.") var key: String
        @Option(help: "The official's full name.") var name: String
        @Option(help: "The official's role.") var role: String?

        func run() throws {
            let workspace = try repository.workspace()
            guard KeyPair.decodePublicKey(key) != nil else {
                throw SOPError(.invalidArgument, "'\(key.prefix(24))' is not an ed25519 public key (ed25519:BASE64)")
            }
            let who = try actor.actor(workspace, allowingPortal: true)
            try workspace.requireMain()
            guard try workspace.registryStore.read().registry.sequence > 0 else {
                throw SOPError(
                    .invalidArgument, "the key registry has no root yet",
                    hint: "the secretariat makes it with `sop key new --as secretariat --name \"Full Name\" --register`")
            }
            let signer = try workspace.keyChangeSigner(for: who.participant, among: try signingKeys(for: who.participant))
            report(try workspace.registerKey(key, name: name, role: role, for: who.participant, signer: signer, author: who.author, now: Timestamp.now()))
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke",
            abstract: "Revoke a key: it stops counting, except for events the secretariat checkpointed before.",
            discussion: """
                Signed by the secretariat, every round that is not closed is checkpointed first, so what the key signed \
                until now keeps counting and nothing it signs later (whatever time it claims) does.
                Example:  sop key revoke --as TT
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The public key (default: the one in your key file for --as).") var key: String?

        func run() throws {
            let workspace = try repository.workspace()
            let who = try actor.actor(workspace, allowingPortal: true)
            guard let key = try key ?? KeyPair.load(for: who.participant)?.publicKey else {
                throw SOPError(.notFound, "no key file for \(who.participant) in \(KeyPair.directory.path)", hint: "name the key with --key")
            }
            try workspace.requireMain()
            let signer = try workspace.keyChangeSigner(for: who.participant, among: try signingKeys(for: who.participant))
            let change = try workspace.revokeKey(
                key, of: who.participant, signer: signer, consultation: Consultation(workspace), author: who.author, now: Timestamp.now())
            if !change.checkpointed.isEmpty { Terminal.say("checkpointed first: \(change.checkpointed.joined(separator: ", "))") }
            report(change)
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Replace your key with a new one, signed by the old one (for the root: a root rotation).",
            discussion: """
                The old key adds the new one and revokes itself in one registry change; its file stays beside the new one \
                as CODE.key.retired-TIME. What the old key signed that no checkpoint holds stops counting: ask the \
                secretariat to run `sop round checkpoint ROUND --as secretariat` on the open rounds first.
                Example:  sop key rotate --as TT
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions

        func run() throws {
            let workspace = try repository.workspace()
            let who = try actor.actor(workspace, allowingPortal: true)
            try workspace.requireMain()
            guard let old = try KeyPair.load(for: who.participant) else {
                throw SOPError(.notFound, "no key file for \(who.participant) in \(KeyPair.directory.path)", hint: "make one with `sop key new --as \(who.participant) --register`")
            }
            let new = KeyPair.generate(participant: old.participant, name: old.name, role: old.role)
            let now = Timestamp.now()
            let change = try KeyPair.replace(old, with: new, at: now) {
                try workspace.rotateKey(from: old, to: new, author: who.author, now: now)
            }
            Terminal.say("new public key: \(new.publicKey)")
            Terminal.say("rotated: registry entry \(change.entry.sequence); the old key file is kept as \(old.participant).key.retired-\(Timestamp.string(now))")
        }
    }

    struct ListKeys: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the keys of the key registry, and its root.", discussion: "Example:  sop key list")
        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let workspace = try repository.workspace()
            let loaded = try workspace.registryStore.read()
            let registry = loaded.registry
            guard let root = registry.rootID else {
                return Terminal.say("no keys registered; the secretariat starts with `sop key new --as secretariat --name NAME --register`")
            }
            let rows = registry.keys.values.sorted { $0.added < $1.added }.map { key in
                [key.holder, KeyPair.shortForm(key.key), key.name ?? "", "\(key.added) \(Timestamp.string(key.addedAt))",
                 key.revoked.map { "revoked (entry \($0))" } ?? (key.key == registry.root ? "valid, root" : "valid")]
            }
            Terminal.table(["HOLDER", "KEY", "NAME", "ADDED (ENTRY, TIME)", "STATE"], rows)
            let pinned = workspace.registryStore.pinnedRoot()
            Terminal.say("root \(root) (\(pinned == root ? "pinned in this clone" : pinned == nil ? "not pinned yet" : "NOT the root this clone pinned"))")
            if let refusal = loaded.refusal { Terminal.say("warning: the registry is read only up to entry \(registry.sequence): \(refusal)") }
        }
    }
}

/// The keys in the key directory that could sign a change of `holder`'s keys.
func signingKeys(for holder: String) throws -> [KeyPair] {
    try Set([Round.secretariat, holder]).sorted().compactMap { try KeyPair.load(for: $0) }
}

func report(_ change: Workspace.KeyChange) {
    let what: String
    switch change.entry.kind {
    case .root: what = "registered as the root of the key registry"
    case .keyAdded: what = "registered"
    case .keyRevoked: what = "revoked"
    case .rootRotated: what = "the root moved to the new key"
    }
    Terminal.say("\(what): registry entry \(change.entry.sequence)" + (change.commit.map { ", shown in \(ProtocolSet.path) (commit \($0.id.short))" } ?? ""))
}
