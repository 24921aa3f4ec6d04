import Foundation
import Hummingbird
import SOPKit

/// The checks every round route makes before it reads or writes: the ID's shape, the round's
/// existence, and that the official is invited (the secretariat reads every round).
struct RoundAccess {
    let workspace: Workspace
    let consultation: Consultation
    let identity: Identity
    let round: Round

    init(_ portal: Portal, _ context: PortalContext) throws {
        identity = try context.signedIn()
        let id = try context.parameters.require("round")
        guard Round.isValidID(id) else { throw PortalError.notFound("error.noSuchRound", ["round": String(id.prefix(80))]) }
        workspace = try portal.workspace()
        consultation = portal.consultation(workspace)
        do {
            round = try consultation.log.round(id)
        } catch let error as SOPError where error.code == .notFound {
            throw Self.noRound(id)
        }
        // The same answer as for a round that does not exist: which rounds exist is not told
        // to those who are not invited.
        guard identity.account.isSecretariat || round.participants.contains(identity.account.participant) else { throw Self.noRound(id) }
    }

    var actor: Actor { identity.account.actor }

    static func noRound(_ id: String) -> PortalError { PortalError.notFound("error.noRound", ["round": id]) }

    /// Refuses a form that names another participant than the one the official speaks for.
    func requireOwnParticipant(_ form: Form) throws {
        if let named = form["participant"], named != identity.account.participant {
            throw PortalError.forbidden("error.notYours", ["participant": identity.account.participant, "named": String(named.prefix(40))])
        }
    }

    /// The comment a URL names, by its full ID.
    func comment(_ context: PortalContext) throws -> Comment {
        let id = try context.parameters.require("comment")
        guard id.count == 64, id.allSatisfy(\.isHexDigit), let comment = round.comment(id) else {
            throw PortalError.notFound("error.noComment", ["round": round.id])
        }
        return comment
    }

    var page: String { "/rounds/\(round.id)" }

    /// The text a comment or position form says the official read (its hidden `revision` and
    /// `fingerprints`); a form without them is from a page that did not bind to the text.
    func seen(_ form: Form) throws -> SeenText {
        guard let revision = form["revision"], revision.count == 40, revision.allSatisfy(\.isHexDigit),
            let fingerprints = form["fingerprints"], fingerprints.count == 64, fingerprints.allSatisfy(\.isHexDigit)
        else {
            throw PortalError(.conflict, "error.unboundForm", hint: "error.unboundFormHint")
        }
        return SeenText(revision: revision, fingerprints: fingerprints)
    }

    /// Runs a write bound to the text the official read. A refusal shows again what they
    /// typed (`typed` by the catalogue's key of each field's name), so that nothing is lost;
    /// when a newer revision came in between, it (409) also links to what changed.
    func bound<T>(to seen: SeenText, keeping typed: [(label: String, text: String?)], _ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch let error as SOPError {
            var refusal = PortalError(error)
            refusal.kept = typed.compactMap { field in
                guard let text = field.text, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
                // Beyond what the field may hold, the start is enough to find one's words again.
                let limit = field.label == "kept.quote" ? Round.maximumQuote : Round.maximumText
                return PortalError.Kept(label: .init(field.label), text: text.count > limit ? text.prefix(limit) + "…" : text)
            }
            if error.code == .textChanged, let number = seen.number(in: round) {
                refusal.link = PortalError.Link(href: "\(page)/changes?against=\(number)", text: .init("error.changedSince", ["revision": String(number)]))
            }
            throw refusal
        }
    }
}
