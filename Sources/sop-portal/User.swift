import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit
import SOPServer

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: PortalCommand.user.abstract,
        subcommands: [Add.self, Reset.self, SetAccount.self, Remove.self, ListUsers.self])

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

        var portal: String { baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL }

        func link(_ token: String) -> String { portal + "/welcome/" + token }
    }

    /// `--lang`, checked against set.yaml's languages and the portal's catalogue.
    static func language(_ requested: String?, _ workspace: Workspace) throws -> String? {
        guard let requested else { return nil }
        return try AccountStore.language(requested, set: try Consultation(workspace).protocolSet(at: "HEAD"), catalogue: try Portal.shippedCatalogue())
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
        @Option(name: .customLong("lang"), help: "The official's language for the portal and the sign-in message: one of set.yaml's languages (default: the browser's).")
        var language: String?
        @Option(help: "The official's time zone, e.g. America/Port_of_Spain, for deadlines beside UTC (default: the country's).")
        var timezone: String?
        @Flag(name: .long, help: "Print JSON (keys: email, participant, role, language, link, expires).") var json = false

        func run() throws {
            let workspace = try options.repository.workspace()
            let role = try role.map { text in
                guard let role = Account.Role(rawValue: text) else {
                    throw SOPError(.invalidArgument, "unknown role '\(text)'", hint: "use focal-point, secretariat or observer")
                }
                return role
            }
            let set = try Consultation(workspace).protocolSet(at: "HEAD")
            let language = try UserCommand.language(language, workspace)
            let zone = try timezone.map(AccountStore.timeZone)
            let store = options.store(workspace)
            let now = Timestamp.now()
            let token = try store.add(
                email: email, name: name, participant: participant, role: role, language: language, timeZone: zone, set: set, now: now)
            guard let account = try store.account(email) else { throw SOPError(.notFound, "no account for \(email) after adding it") }
            try printLink(account, token: token, links: links, reset: false, json: json)
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a new sign-in link for an account; its password and sessions stop working.",
            discussion: "Example:  sop user reset ana.ruiz@immigration.gov.tt")
        @OptionGroup var options: AccountOptions
        @OptionGroup var links: LinkOptions
        @Argument(help: "The official's e-mail address.") var email: String
        @Flag(name: .long, help: "Print JSON (keys: email, participant, role, language, link, expires).") var json = false

        func run() throws {
            let store = options.store(try options.repository.workspace())
            let token = try store.reset(email, now: Timestamp.now())
            guard let account = try store.account(email) else { throw SOPError(.notFound, "no account for \(email)") }
            try printLink(account, token: token, links: links, reset: true, json: json)
        }
    }

    struct SetAccount: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Change an account's language (of its portal pages and sign-in messages) or time zone (of its deadlines beside UTC).",
            discussion: """
                Example:  sop user set ana.ruiz@immigration.gov.tt --lang es
                          sop user set j.pierre@immigration.gouv.ht --timezone America/Port-au-Prince
                """)
        @OptionGroup var options: AccountOptions
        @Argument(help: "The official's e-mail address.") var email: String
        @Option(name: .customLong("lang"), help: "One of set.yaml's languages, or `browser` for the browser's.") var language: String?
        @Option(help: "A zone of the time zone database (America/Port_of_Spain), or `country` for the participant's country's.")
        var timezone: String?
        @Flag(name: .long, help: "Print JSON (keys: email, participant, role, language, timezone).") var json = false

        func validate() throws {
            if language == nil, timezone == nil { throw ValidationError("give --lang, --timezone or both") }
        }

        func run() throws {
            let workspace = try options.repository.workspace()
            let store = options.store(workspace)
            let zone = try timezone.map { $0 == "country" ? nil : try AccountStore.timeZone($0) }
            var account: Account?
            if let language { account = try store.setLanguage(email, to: language == "browser" ? nil : try UserCommand.language(language, workspace)) }
            if let zone { account = try store.setTimeZone(email, to: zone) }
            guard let account else { return }
            if json {
                return try Terminal.json([
                    "email": account.email, "participant": account.participant, "role": account.role.rawValue, "language": account.language ?? "",
                    "timezone": account.zone?.identifier ?? "",
                ])
            }
            if language != nil { Terminal.say("\(account.email) now reads the portal in \(account.language ?? "the browser's language")") }
            if timezone != nil {
                let clock = account.zone.map { "in UTC and \($0.identifier)" } ?? "in UTC only (\(account.participant) keeps no single time zone)"
                Terminal.say("\(account.email) sees deadlines \(clock)")
            }
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
        @Flag(name: .long, help: "Print JSON (an array; keys: email, name, participant, role, language, timezone, state).") var json = false

        func run() throws {
            let accounts = try options.store(try options.repository.workspace()).all()
            func state(_ account: Account) -> String { account.password != nil ? "active" : "waiting for its sign-in link" }
            if json {
                let rows = accounts.map {
                    ["email": $0.email, "name": $0.name, "participant": $0.participant, "role": $0.role.rawValue, "language": $0.language ?? "",
                    "timezone": $0.zone?.identifier ?? "", "state": state($0),
                ]
                }
                return try Terminal.json(rows)
            }
            if accounts.isEmpty { return Terminal.say("no accounts; `sop user add EMAIL --as CODE --name NAME` adds one") }
            Terminal.table(
                ["EMAIL", "NAME", "FOR", "ROLE", "LANG", "STATE"],
                accounts.map { [$0.email, $0.name, $0.participant, $0.role.rawValue, $0.language ?? "-", state($0)] })
        }
    }
}

/// Prints a sign-in link for the secretariat to send to the official, and the message to send
/// it with, in the account's language (English when it has none), from the portal's catalogue.
private func printLink(_ account: Account, token: String, links: UserCommand.LinkOptions, reset: Bool, json: Bool) throws {
    let expiry = account.link?.expires ?? Date()
    let link = links.link(token)
    if json {
        let object = [
            "email": account.email, "participant": account.participant, "role": account.role.rawValue, "language": account.language ?? "",
            "link": link, "expires": Timestamp.string(expiry),
        ]
        return try Terminal.json(object)
    }
    Terminal.say("account \(account.email) (\(account.name), \(account.participant), \(account.role.rawValue))")
    Terminal.say("sign-in link, valid until \(Timestamp.string(expiry)), usable once:")
    Terminal.say(link)
    let catalogue = try Portal.shippedCatalogue()
    let language = account.language ?? Catalogue.reference
    func text(_ key: String, _ values: [String: String] = [:]) -> String { catalogue.text(key, language, values) }
    let introduction: String
    if reset {
        introduction = text("signinMessage.reset")
    } else {
        switch account.role {
        case .focalPoint: introduction = text("signinMessage.focalPoint", ["participant": account.participant])
        case .observer: introduction = text("signinMessage.observer", ["participant": account.participant])
        case .secretariat: introduction = text("signinMessage.secretariat")
        }
    }
    Terminal.say("")
    Terminal.say("message to send to \(account.email) (\(language)):")
    Terminal.say("")
    for paragraph in [
        text("signinMessage.subject"), text("signinMessage.greeting", ["name": account.name]), introduction,
        text("signinMessage.link", ["date": Catalogue.format(dateTime: expiry, language: language)]) + "\n" + link,
        text("signinMessage.after", ["portal": links.portal + "/", "email": account.email]), text("signinMessage.ignore"),
        text("signinMessage.signature"),
    ] {
        Terminal.say(paragraph)
        Terminal.say("")
    }
}
