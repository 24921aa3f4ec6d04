import Foundation
import Git

/// Who a commit is recorded as: `--author`, then `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, then git config.
public enum Author {
    /// Parses `Name <email>`.
    public static func parse(_ text: String) throws -> Signature {
        guard let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            throw SOPError(.invalidArgument, "author '\(text)' is not of the form 'Name <email>'", hint: "e.g. --author \"Ana Ruiz <ana.ruiz@example.org>\"")
        }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, !email.isEmpty, !email.contains(" ") else {
            throw SOPError(.invalidArgument, "author '\(text)' needs both a name and an email", hint: "e.g. --author \"Ana Ruiz <ana.ruiz@example.org>\"")
        }
        return Signature(name: name, email: email)
    }

    public static func resolve(_ option: String?, repository: Repository) throws -> Signature {
        if let option { return try parse(option) }
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["GIT_AUTHOR_NAME"], let email = environment["GIT_AUTHOR_EMAIL"], !name.isEmpty, !email.isEmpty {
            return Signature(name: name, email: email)
        }
        do {
            return try repository.defaultSignature()
        } catch {
            throw SOPError(
                .invalidArgument, "no author: git config has no user.name/user.email",
                hint: "run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`, or pass --author \"Name <email>\"")
        }
    }
}
