import Foundation
import Git

/// Who a commit is recorded as: `--author`, then `GIT_AUTHOR_NAME`/`GIT_AUTHOR_EMAIL`, then git config.
public enum Author {
    static let example = "e.g. --author \"Ana Ruiz <ana.ruiz@example.org>\""

    /// Parses `Name <email>`.
    public static func parse(_ text: String) throws -> Signature {
        guard let open = text.firstIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else {
            throw SOPError(.invalidArgument, "author '\(text)' is not of the form 'Name <email>'", hint: example)
        }
        return try checked(
            name: text[..<open].trimmingCharacters(in: .whitespaces),
            email: text[text.index(after: open)..<close].trimmingCharacters(in: .whitespaces))
    }

    /// Refuses a name or email that git cannot store (line breaks, angle brackets, control
    /// characters) or an email without `@`, before anything is written.
    public static func checked(name: String, email: String) throws -> Signature {
        let forbidden: (Character) -> Bool = { $0.isNewline || "<>".contains($0) || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
        guard !name.isEmpty, name.count <= 200, !name.contains(where: forbidden) else {
            throw SOPError(.invalidArgument, "author name '\(name)' is empty, too long, or has a line break, '<', '>' or a control character", hint: example)
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 200,
            !email.contains(where: { forbidden($0) || $0.isWhitespace })
        else {
            throw SOPError(.invalidArgument, "author email '\(email)' is not an email address", hint: example)
        }
        return Signature(name: name, email: email)
    }

    public static func resolve(_ option: String?, repository: Repository) throws -> Signature {
        if let option { return try parse(option) }
        let environment = ProcessInfo.processInfo.environment
        if let name = environment["GIT_AUTHOR_NAME"], let email = environment["GIT_AUTHOR_EMAIL"], !name.isEmpty, !email.isEmpty {
            return try checked(name: name, email: email)
        }
        let signature: Signature
        do {
            signature = try repository.defaultSignature()
        } catch {
            throw SOPError(
                .invalidArgument, "no author: git config has no user.name/user.email",
                hint: "run `git config --global user.name \"Your Name\"` and `git config --global user.email you@example.org`, or pass --author \"Name <email>\"")
        }
        return try checked(name: signature.name, email: signature.email)
    }
}
