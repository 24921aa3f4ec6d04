import Foundation
import Git

extension Verification {
    /// An acknowledgement: sealed by the participant's own registered key (or the portal's,
    /// naming the account), on the commit of the adoption that brought the version into force,
    /// naming the exact text of that commit, under the tag's name for that procedure, version
    /// and participant, and given no earlier than the adoption. The adoption's own tag is
    /// checked on its own (`sop verify set/…`).
    public func acknowledgement(_ name: String, root expected: String? = nil) throws -> Report {
        var report = Report(target: name)
        guard let tag = try repository.tag(name) else {
            throw SOPError(.notFound, "no annotated tag \(name)", hint: "`git tag -l 'ack/*'` lists the acknowledgements")
        }
        let participant = (try? Record.parse(tag.message))?.body["participant"]?.string ?? ""
        guard let (record, registry) = try sealed(tag, into: &report, root: expected, pending: false, signer: participant) else { return report }
        let acknowledgement = Acknowledgement(tag: name, record: record)
        let kind = registry.set.participant(participant)?.kind
        report.check(
            record.body["kind"]?.string == "acknowledgement" && kind != nil && kind != .observer,
            "the record is an acknowledgement by \(participant.isEmpty ? "no one" : participant), a participant asked to acknowledge")
        let named = Acknowledgement.tagName(
            procedure: acknowledgement.procedure, version: acknowledgement.version, participant: participant, unit: acknowledgement.unit)
        report.check(name == named, "the tag's name names the procedure, version and participant acknowledged, \(named)")
        let setTag = try repository.tag("set/" + acknowledgement.set)
        let adoption = setTag.flatMap { try? Record.parse($0.message) }
        let adopted = adoption?.procedures.contains { $0.id == acknowledgement.procedure && $0.version == acknowledgement.version } == true
        report.check(
            setTag?.target == tag.target && adopted,
            adopted && setTag?.target == tag.target
                ? "set/\(acknowledgement.set) brought \(acknowledgement.procedure) \(acknowledgement.version) into force on the tagged commit"
                : "set/\(acknowledgement.set) did not bring \(acknowledgement.procedure) \(acknowledgement.version) into force on the tagged commit")
        let path = record.body["path"]?.string ?? ""
        let entry = try repository.entry(at: path, inTree: try repository.commit(tag.target).tree)
        let procedure = entry.flatMap { entry in
            (try? repository.blob(entry.id)).flatMap { try? Procedure.parse(path: path, text: String(decoding: $0, as: UTF8.self)) }
        }
        report.check(
            entry?.id.hex == acknowledgement.text && procedure?.id == acknowledgement.procedure && procedure?.metadata.version == acknowledgement.version,
            "the acknowledged text is \(path) at the tagged commit, \(acknowledgement.procedure) \(acknowledgement.version)")
        let given = acknowledgement.acknowledged
        let afterAdoption = if let given, let adopted = adoption?.adopted { given >= adopted } else { false }
        report.check(
            afterAdoption,
            "acknowledged on \(given.map(Timestamp.string) ?? "no date"), after the adoption")
        return report
    }
}
