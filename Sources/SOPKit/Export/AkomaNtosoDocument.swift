import Foundation
import Markdown

/// One language version of one procedure of an adopted set as an Akoma Ntoso 3.0 `<doc name="sop">`:
/// FRBR identification, the publication, the lifecycle and workflow of its approval record,
/// the references those name, sop's own facts in `<proprietary>`, then the text.
struct AkomaNtosoDocument {
    let names: AkomaNtosoNames
    /// The source language's expression, which a translation names as what it translates.
    let original: AkomaNtosoNames
    let metadata: Metadata
    let title: String
    /// The language version's status, nil for the source text.
    let translation: Translation.Status?
    let set: ProtocolSet?
    /// The version whose tag this export reads.
    let published: PublishedVersion
    /// The record of the version that adopted this procedure most recently, when one did.
    let approval: ApprovalRecord?
    /// When the round that adopted it opened, when the clone has the round.
    let opened: Date?
    /// Whether ``approval`` adopted the procedure for the first time (else it amended it).
    let firstAdoption: Bool
    let body: (preamble: [XMLTree], sections: [XMLTree])

    /// The whole file.
    var xml: String {
        let document = XMLTree.node(
            "akomaNtoso", [("xmlns", AkomaNtosoNames.namespace), ("xmlns:sop", AkomaNtosoNames.sopNamespace)],
            [.node("doc", [("name", "sop")], [meta] + (body.preamble.isEmpty ? [] : [.node("preamble", [], body.preamble)]) + [mainBody])])
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + document.serialized() + "\n"
    }

    private var mainBody: XMLTree {
        // mainBody must hold something: a procedure with no sections holds its title.
        .node("mainBody", [], body.sections.isEmpty ? [.node("p", [], [.text(title)])] : body.sections)
    }

    private static func day(_ date: Date) -> String { String(Timestamp.string(date).prefix(10)) }

    private var adopted: String? { approval?.record.adopted.map(Self.day) }

    private var meta: XMLTree {
        var parts = [identification, publication, lifecycle]
        if let workflow { parts.append(workflow) }
        parts += [references, proprietary]
        return .node("meta", [], parts)
    }

    private var identification: XMLTree {
        let author = XMLTree.node("FRBRauthor", [("href", "#cmc"), ("as", "#secretariat")])
        let work = XMLTree.node(
            "FRBRWork", [],
            [
                .node("FRBRthis", [("value", names.work + "/!main")]), .node("FRBRuri", [("value", names.work)]),
                .node("FRBRdate", [("date", "\(names.year)-01-01"), ("name", "year")]), author,
                .node("FRBRcountry", [("value", AkomaNtosoNames.country)]), .node("FRBRnumber", [("value", names.procedure)]),
                .node("FRBRname", [("value", "sop")]),
            ])
        var expression: [XMLTree] = [
            .node("FRBRthis", [("value", names.expression + "/!main")]), .node("FRBRuri", [("value", names.expression)]),
            .node("FRBRdate", [("date", names.date.description), ("name", metadata.effective != nil ? "effective" : "adoption")]), author,
        ]
        if let version = metadata.version { expression.append(.node("FRBRversionNumber", [("value", version)])) }
        expression.append(.node("FRBRauthoritative", [("value", translation == nil || translation == .authentic ? "true" : "false")]))
        expression.append(.node("FRBRlanguage", [("language", names.language)]))
        if translation != nil {
            expression.append(.node("FRBRtranslation", [("href", original.expression), ("fromLanguage", original.language), ("by", "#secretariat")]))
        }
        let manifestation = XMLTree.node(
            "FRBRManifestation", [],
            [
                .node("FRBRthis", [("value", names.manifestation)]), .node("FRBRuri", [("value", names.manifestation)]),
                .node("FRBRdate", [("date", published.record?.adopted.map(Self.day) ?? names.date.description), ("name", "publication")]),
                .node("FRBRauthor", [("href", "#cmc")]), .node("FRBRformat", [("value", "application/akn+xml")]),
            ])
        return .node("identification", [("source", "#cmc")], [work, .node("FRBRExpression", [], expression), manifestation])
    }

    private var publication: XMLTree {
        .node(
            "publication",
            [
                ("date", published.record?.adopted.map(Self.day) ?? names.date.description), ("name", published.tag),
                ("showAs", [set?.title, published.version].compactMap { $0 }.joined(separator: " ")), ("number", published.version),
            ])
    }

    /// Adoption and entry into force, as events of the original text.
    private var lifecycle: XMLTree {
        var events: [XMLTree] = []
        let type = firstAdoption ? "generation" : "amendment"
        if let adopted {
            events.append(.node("eventRef", [("eId", "e_adoption"), ("date", adopted), ("source", "#original"), ("refersTo", "#adoption"), ("type", type)]))
        }
        if let effective = metadata.effective {
            events.append(
                .node("eventRef", [("eId", "e_entryIntoForce"), ("date", effective.description), ("source", "#original"), ("refersTo", "#entryIntoForce"), ("type", type)]))
        }
        if events.isEmpty {
            events.append(.node("eventRef", [("eId", "e_publication"), ("date", names.date.description), ("source", "#original"), ("refersTo", "#publication"), ("type", "generation")]))
        }
        return .node("lifecycle", [("source", "#cmc")], events)
    }

    /// The approval as steps: the round opened, each counted position, the close, the sealed adoption.
    private var workflow: XMLTree? {
        guard let approval else { return nil }
        let record = approval.record
        var steps: [XMLTree] = []
        if let opened {
            steps.append(.node("step", [("date", Self.day(opened)), ("by", "#secretariat"), ("refersTo", "#roundOpened")], [detail("round", ["id": record.round])]))
        }
        for statement in approval.statements {
            let position = statement.position
            var children = [XMLTree]()
            if let reason = position.reason { children.append(.node("sop:reason", [], [.text(DisplayText.shown(reason))])) }
            for reservation in position.reservations {
                children.append(.node("sop:reservation", [("sections", reservation.sections.joined(separator: " "))], [.text(DisplayText.shown(reservation.statement))]))
            }
            steps.append(
                .node(
                    "step",
                    [
                        ("date", Self.day(position.at)), ("by", "#" + AkomaNtosoNames.token(position.participant)),
                        ("refersTo", statement.signer.map { _ in "#" + Self.person(position.key) }), ("outcome", "#" + position.stance.rawValue),
                    ],
                    [
                        .node(
                            "sop:position",
                            [
                                ("participant", position.participant), ("stance", position.stance.rawValue), ("at", Timestamp.string(position.at)),
                                ("key", position.key), ("signature", statement.problem == nil ? "valid" : "invalid"), ("commit", position.commit),
                            ], children)
                    ]))
        }
        if let closed = record.closed {
            steps.append(.node("step", [("date", Self.day(closed)), ("by", "#secretariat"), ("refersTo", "#roundClosed"), ("outcome", "#" + AkomaNtosoNames.token(record.outcome))], [detail("outcome", ["result": record.outcome, "summary": record.outcomeSummary ?? ""])]))
        }
        if let adopted {
            steps.append(
                .node(
                    "step", [("date", adopted), ("by", "#secretariat"), ("refersTo", record.sealKey.map { "#" + Self.person($0) }), ("outcome", "#adoption")],
                    [detail("seal", ["tag": published.tag, "record": record.id, "key": record.sealKey ?? "", "rule": record.rule?.rawValue ?? ""])]))
        }
        return steps.isEmpty ? nil : .node("workflow", [("source", "#cmc")], steps)
    }

    private func detail(_ name: String, _ attributes: [String: String]) -> XMLTree {
        .node("sop:" + name, attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// The eId of the person a key is registered to.
    private static func person(_ key: String) -> String { "person-" + AkomaNtosoNames.token(KeyPair.shortForm(key)) }

    private var references: XMLTree {
        var items: [XMLTree] = [
            .node("original", [("eId", "original"), ("href", original.expression), ("showAs", title)]),
            .node("TLCOrganization", [("eId", "cmc"), ("href", "/akn/ontology/organization/cmc"), ("showAs", "Caribbean Migration Consultations")]),
            .node("TLCOrganization", [("eId", "secretariat"), ("href", "/akn/ontology/organization/cmc/secretariat"), ("showAs", "Secretariat")]),
        ]
        var participants = approval?.record.participants ?? []
        for code in set?.participants.map(\.code) ?? [] where !participants.contains(code) { participants.append(code) }
        for code in participants {
            items.append(
                .node("TLCOrganization", [("eId", AkomaNtosoNames.token(code)), ("href", "/akn/ontology/organization/cmc/" + AkomaNtosoNames.token(code)), ("showAs", set?.participant(code)?.name ?? code)]))
        }
        var people: [(key: String, name: String)] = approval?.statements.compactMap { statement in statement.signer.map { (statement.position.key, $0) } } ?? []
        if let key = approval?.record.sealKey, let sealer = approval?.sealer { people.append((key, sealer)) }
        var seen: Set<String> = []
        for person in people where seen.insert(person.key).inserted {
            items.append(.node("TLCPerson", [("eId", Self.person(person.key)), ("href", "/akn/ontology/person/cmc/" + AkomaNtosoNames.token(KeyPair.shortForm(person.key))), ("showAs", person.name)]))
        }
        var events = ["adoption": "Adoption", "entryIntoForce": "Entry into force", "publication": "Publication"]
        if approval != nil { events.merge(["roundOpened": "Consultation round opened", "roundClosed": "Consultation round closed"]) { first, _ in first } }
        for (id, name) in events.sorted(by: { $0.key < $1.key }) {
            items.append(.node("TLCEvent", [("eId", id), ("href", "/akn/ontology/event/cmc/" + id), ("showAs", name)]))
        }
        let concepts = Set(approval.map { [$0.record.outcome] + $0.statements.map(\.position.stance.rawValue) } ?? []).filter { !$0.isEmpty }
        for concept in concepts.sorted() where concept != "adoption" {
            items.append(.node("TLCConcept", [("eId", AkomaNtosoNames.token(concept)), ("href", "/akn/ontology/concept/cmc/" + AkomaNtosoNames.token(concept)), ("showAs", concept)]))
        }
        return .node("references", [("source", "#cmc")], items)
    }

    /// The front matter facts Akoma Ntoso has no element for, in sop's namespace.
    private var proprietary: XMLTree {
        .node(
            "proprietary", [("source", "#cmc")],
            [
                .node(
                    "sop:procedure",
                    [
                        ("id", names.procedure), ("version", metadata.version), ("status", metadata.status?.rawValue), ("owner", metadata.owner),
                        ("effective", metadata.effective?.description), ("review-by", metadata.reviewBy?.description),
                        ("supersedes", metadata.supersedes.isEmpty ? nil : metadata.supersedes.joined(separator: " ")),
                        ("translation", translation?.rawValue), ("set", published.tag), ("commit", published.commit.hex),
                    ])
            ])
    }
}
