import Git

/// Who a command speaks for (`--as TT`, `--as secretariat`) and who is typing.
public struct Actor: Sendable {
    public let participant: String
    public let author: Signature

    public init(participant: String, author: Signature) {
        self.participant = participant
        self.author = author
    }

    public var isSecretariat: Bool { participant == Round.secretariat }
    /// `Name <email>`, as events record it.
    public var authorText: String { "\(author.name) <\(author.email)>" }

    /// Checks `--as` against set.yaml: `secretariat` or a participant code, and `portal` for
    /// commands about keys.
    public static func check(_ code: String, in set: ProtocolSet, allowingPortal: Bool = false) throws -> String {
        if code == Round.secretariat || allowingPortal && code == KeyRegistry.portal { return code }
        guard set.participant(code) != nil else {
            throw SOPError(
                .invalidArgument, "unknown participant '\(code)'",
                hint: "use --as secretariat or one of: \(set.participants.map(\.code).joined(separator: ", "))")
        }
        return code
    }
}
