import ArgumentParser
import Foundation
import SOPKit
import SOPServer

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the portal's accounts (kept beside the repository, never synced).",
        subcommands: [Add.self, Reset.self, Remove.self, ListUsers.self])

    /// `--accounts FILE` and `--repo`, shared by the account commands.
    struct AccountOptions: ParsableArguments {
        @OptionGroup var repository: RepositoryOptions
        @Option(help: "The accounts file (default: .git/sop/accounts.json).") var accounts: String?

        func store(_ workspace: Workspace) -> AccountStore {
            AccountStore(file: accounts.map { URL(fileURLWithPath: $0) } ?? AccountStore.defaultFile(for: workspace))
        }
    }

    /// `--base-url`, for the sign-in links printed.
    struct LinkOptions: ParsableArguments {
        @Option(name: .customLong("base-url"), help: "The portal's address, for the sign-in link.") var baseURL = "http://localhost:8080"

        func link(_ token: String) -> String {
            (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/welcome/" + token
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an account and print its one-time sign-in link (valid 7 days).",
            discussion: "Example:  sop user add ana.ruiz@immigration.gov.tt --as TT --name \"Ana Ruiz\" --base-url https://portal.cmc.example.org")
        @OptionGroup var options: AccountOptions
        @OptionGroup var links: LinkOptions
        @Argument(help: "The official's e-mail address.") var email: String
        @Option(name: .customLong("as"), help: "Whom the account speaks for: a participant code from set.yaml, or secretariat.") var participant: String
        @Option(help: "The official's full name.") var name: String
        @Option(help: "focal-point, secretariat or observer (default: focal-point for states and territories, observer for organisations).")
        var role: String?
        @Flag(name: .long, help: "Print JSON (keys: email, participant, role, link, expires).") var json = false

        func run() throws {
            let workspace = try options.repository.workspace()
            let role = try role.map { text in
                guard let role = Account.Role(rawValue: text) else {
                    throw SOPError(.invalidArgument, "unknown role '\(text)'", hint: "use focal-point, secretariat or observer")
                }
                return role
            }
            let set = try Consultation(workspace).protocolSet(at: "HEAD")
            let store = options.store(workspace)
            let now = Timestamp.now()
            let token = try store.add(email: email, name: name, participant: participant, role: role, set: set, now: now)
            guard let account = try store.account(email) else { throw SOPError(.notFound, "no account for \(email) after adding it") }
            try printLink(account, link: links.link(token), json: json)
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new sign-in link for an account; its password and sessions stop working.",
            discussion: "Example:  sop user reset ana.ruiz@immigration.gov.tt")
        @OptionGroup var options: AccountOptions
        @OptionGroup var links: LinkOptions
        @Argument(help: "The official's e-mail address.") var email: String
        @Flag(name: .long, help: "Print JSON (keys: email, participant, role, link, expires).") var json = false

        func run() throws {
            let store = options.store(try options.repository.workspace())
            let token = try store.reset(email, now: Timestamp.now())
            guard let account = try store.account(email) else { throw SOPError(.notFound, "no account for \(email)") }
            try printLink(account, link: links.link(token), json: json)
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End an account and its sessions.", discussion: "Example:  sop user remove ana.ruiz@immigration.gov.tt")
        @OptionGroup var options: AccountOptions
        @Argument(help: "The official's e-mail address.") var email: String

        func run() throws {
            try options.store(try options.repository.workspace()).remove(email)
            Terminal.say("removed \(Account.key(email)); its sessions have ended")
        }
    }

    struct ListUsers: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the portal's accounts.", discussion: "Example:  sop user list")
        @OptionGroup var options: AccountOptions
        @Flag(name: .long, help: "Print JSON (an array; keys: email, name, participant, role, state).") var json = false

        func run() throws {
            let accounts = try options.store(try options.repository.workspace()).all()
            func state(_ account: Account) -> String { account.password != nil ? "active" : "waiting for its sign-in link" }
            if json {
                let rows = accounts.map { ["email": $0.email, "name": $0.name, "participant": $0.participant, "role": $0.role.rawValue, "state": state($0)] }
                return try Terminal.json(rows)
            }
            if accounts.isEmpty { return Terminal.say("no accounts; `sop user add EMAIL --as CODE --name NAME` adds one") }
            Terminal.table(["EMAIL", "NAME", "FOR", "ROLE", "STATE"], accounts.map { [$0.email, $0.name, $0.participant, $0.role.rawValue, state($0)] })
        }
    }
}

/// Prints a sign-in link for the secretariat to send to the official.
private func printLink(_ account: Account, link: String, json: Bool) throws {
    let expires = Timestamp.string(account.link?.expires ?? Date())
    if json {
        let object = ["email": account.email, "participant": account.participant, "role": account.role.rawValue, "link": link, "expires": expires]
        return try Terminal.json(object)
    }
    Terminal.say("account \(account.email) (\(account.name), \(account.participant), \(account.role.rawValue))")
    Terminal.say("sign-in link, valid until \(expires), usable once:")
    Terminal.say(link)
}
