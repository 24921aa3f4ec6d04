import ArgumentParser
import Foundation
import Git
import SOPKit

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Ed25519 keys with which officials sign positions (and comments).",
        discussion: "Example:  sop key new --as TT --name \"Ana Ruiz\" --role \"Chief Immigration Officer\" --register",
        subcommands: [New.self, Register.self, Revoke.self, ListKeys.self])

    struct New: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key pair: the private key goes to $SOP_KEY_DIR (mode 0600), the public key is printed.",
            discussion: "Example:  sop key new --as TT --name \"Ana Ruiz\" --register")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The official's full name.") var name: String
        @Option(help: "The official's role.") var role: String?
        @Flag(help: "Also add the public key to Procedures/set.yaml and commit it on main (the work tree must be on main).") var register = false

        func run() throws {
            let workspace = try repository.workspace()
            let who = try actor.actor(workspace, allowingPortal: true)
            // Checked before the key file is written, so a refused registration leaves nothing behind.
            if register { try workspace.requireMain() }
            let pair = KeyPair.generate(participant: who.participant, name: name, role: role)
            let file = try pair.save()
            Terminal.say("private key: \(file.path) (mode 0600; keep it secret)")
            Terminal.say("public key:  \(pair.publicKey)")
            if register {
                let commit = try registerKey(pair.publicKey, name: name, role: role, for: who, in: workspace)
                Terminal.say("registered in \(ProtocolSet.path) (commit \(commit.id.short))")
            }
        }
    }

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a public key an official sent to Procedures/set.yaml (secretariat).",
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
            let commit = try registerKey(key, name: name, role: role, for: try actor.actor(workspace, allowingPortal: true), in: workspace)
            Terminal.say("registered in \(ProtocolSet.path) (commit \(commit.id.short))")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key in Procedures/set.yaml: signatures made from now on with it are invalid.",
            discussion: "Example:  sop key revoke --as TT")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Option(help: "The public key (default: the one in your key file for --as).") var key: String?

        func run() throws {
            let workspace = try repository.workspace()
            let who = try actor.actor(workspace, allowingPortal: true)
            guard let key = try key ?? KeyPair.load(for: who.participant)?.publicKey else {
                throw SOPError(.notFound, "no key file for \(who.participant) in \(KeyPair.directory.path)", hint: "name the key with --key")
            }
            guard let text = try workspace.worktree().text(at: ProtocolSet.path) else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing") }
            let now = Timestamp.now()
            let updated = try KeyRegistration.revoking(key, of: who.participant, at: now, in: text)
            let commit = try workspace.commitSet(updated, message: "Revoke a key of \(who.participant)", author: who.author)
            Terminal.say("revoked from \(Timestamp.string(now)) (commit \(commit.id.short))")
        }
    }

    struct ListKeys: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the keys in set.yaml.", discussion: "Example:  sop key list")
        @OptionGroup var repository: RepositoryOptions

        func run() throws {
            let workspace = try repository.workspace()
            guard let text = try workspace.source(at: nil).text(at: ProtocolSet.path) else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing") }
            let set = try ProtocolSet.parse(text)
            let registry = KeyRegistry(set: set)
            var rows: [[String]] = []
            for code in [Round.secretariat, KeyRegistry.portal] + set.participants.map(\.code) {
                for key in registry.keys(for: code) {
                    rows.append([code, String(key.key.prefix(24)) + "…", key.name ?? "", key.added.map(Timestamp.string) ?? "", key.revoked.map { "revoked \(Timestamp.string($0))" } ?? "valid"])
                }
            }
            if rows.isEmpty { return Terminal.say("no keys registered; `sop key new --as CODE --name NAME --register` adds one") }
            Terminal.table(["PARTICIPANT", "KEY", "NAME", "ADDED", "STATE"], rows)
        }
    }
}

/// Adds a key to set.yaml on the current branch.
func registerKey(_ key: String, name: String, role: String?, for actor: Actor, in workspace: Workspace) throws -> Commit {
    guard let text = try workspace.worktree().text(at: ProtocolSet.path) else { throw SOPError(.notFound, "\(ProtocolSet.path) is missing") }
    let entry = RegisteredKey(key: key, name: name, role: role, added: Timestamp.now(), revoked: nil)
    let updated = try KeyRegistration.adding(entry, for: actor.participant, to: text)
    return try workspace.commitSet(updated, message: "Register the key of \(name) for \(actor.participant)", author: actor.author)
}
