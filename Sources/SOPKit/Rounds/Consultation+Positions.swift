import Foundation

extension Consultation {
    /// States a participant's position on the round's current revision, signed with the
    /// participant's key and bound to the fingerprints of every section in scope. With `seen`,
    /// only when that is the text the official read.
    public func state(
        _ stance: Position.Stance, round id: String, reason: String?, reservations: [String], statement: String?, as actor: Actor, now: Date,
        seen: SeenText? = nil
    ) throws -> Position {
        let round = try log.round(id)
        if let refusal = round.authority(actor.participant, .positionStated) { throw SOPError(refusal) }
        if round.state == .closed { throw SOPError(.invalidArgument, "round \(id) is closed", reason: .init(.roundClosed, ["round": id])) }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        try DisplayText.checkWritten(["reason": reason, "reservation statement": statement])
        if stance == .object, reason.isEmpty {
            throw SOPError(.invalidArgument, "an objection needs reasons", hint: "add --reason \"what must change for you to approve\"", reason: .init(.objectionNeedsReasons))
        }
        let key = try portalKey.map { try registered($0, now: now) } ?? ownSigningKey(actor, now: now)
        let text = try RevisionText(workspace: workspace, commit: round.revision.commit, scope: round.procedures)
        try seen?.checkPosition(on: round, current: text)
        var payload: [String: JSONValue] = [
            "position": .string(stance.rawValue), "revision": .string(round.revision.commit),
            "fingerprints": .object(text.fingerprints().mapValues(JSONValue.string)),
        ]
        if !reason.isEmpty { payload["reason"] = .string(reason) }
        if reservations.isEmpty, statement != nil {
            throw SOPError(.invalidArgument, "a statement belongs to a reservation", hint: "name the sections with --reserve", reason: .init(.statementNeedsReservation))
        }
        if !reservations.isEmpty {
            let statement = statement?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !statement.isEmpty else {
                throw SOPError(
                    .invalidArgument, "a reservation needs a statement", hint: "add --statement \"the text published as a footnote\"", reason: .init(.reservationNeedsStatement))
            }
            let sections = try reservations.map { reference -> JSONValue in
                let (procedure, section, _) = try text.resolve(reference)
                return .string("\(procedure)#\(section.heading.id!)")
            }
            payload["reservations"] = .array([.object(["sections": .array(sections), "statement": .string(statement)])])
        }
        try log.append(to: id, author: actor.authorText, message: "Position of \(actor.participant) on round \(id): \(stance.rawValue)", signer: key) { round in
            [Event(kind: .positionStated, round: id, participant: actor.participant, author: actor.authorText, at: now, clock: try Event.clock(after: round.clock, index: 0, round: id), payload: payload)]
        }
        return try log.round(id).currentPositions[actor.participant]!
    }

    /// The official's own key for a position, or why there is none that counts.
    private func ownSigningKey(_ actor: Actor, now: Date) throws -> KeyPair {
        guard let file = try KeyPair.load(for: actor.participant, in: keyDirectory) else {
            throw SOPError(
                .notFound, "no key for \(actor.participant) in \(keyDirectory.path); positions are always signed",
                hint: "create one with `sop key new --as \(actor.participant) --name \"Full Name\" --register`")
        }
        return try registered(file, now: now)
    }
}
