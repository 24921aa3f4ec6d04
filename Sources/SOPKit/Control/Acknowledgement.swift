import Foundation

/// What an adoption asks of participants once its versions take effect: to acknowledge that
/// they read them, within a period. Editorial changes need no new acknowledgement, so the
/// secretariat may say none is required; those already given for the version before count.
public struct AcknowledgementTerms: Sendable, Equatable, Codable {
    public let required: Bool
    /// From the effective date to the day an acknowledgement is due.
    public let within: Period

    /// Required, within 30 days: what records before format 4 asked.
    public static let standard = AcknowledgementTerms(required: true, within: .acknowledgement)

    public init(required: Bool, within: Period) {
        self.required = required
        self.within = within
    }

    /// The terms in the adoption record's summary and the preview.
    public var sentence: String {
        required
            ? "Participants acknowledge having read it within \(within) of its taking effect."
            : "No new acknowledgement is required (an editorial change): acknowledgements of the version before count."
    }

    /// How the adoption record carries the terms.
    var body: JSONValue { .object(["required": .bool(required), "within": .string(within.description)]) }
}

/// One participant's signed statement that it read a version of a procedure, as its sealed
/// record in the annotated tag `ack/<ID>/<VERSION>/<CC>` says (`…/<CC>.<unit>` for a named
/// national unit). The tag points at the commit of the adoption that brought the version into
/// force, and the record names the exact text (the file's blob) that was read.
public struct Acknowledgement: Sendable, Codable {
    /// Tags of acknowledgements live here, beside the `set/` and `review/` tags.
    public static let tagPrefix = "ack/"

    public let tag: String
    public let procedure: String
    public let version: String
    /// The adopted set the version came from: `2027.1`.
    public let set: String
    public let participant: String
    /// The national unit that read it (a border post, a coast guard station), when it was not
    /// the participant's focal point.
    public let unit: String?
    public let acknowledged: Date?
    /// `Name <email>` of the official who acknowledged.
    public let by: String
    /// The official's name, without the address.
    public var name: String { by.range(of: " <").map { String(by[..<$0.lowerBound]) } ?? by }
    /// `portal` when given through the portal, with the account signed in.
    public let via: String?
    public let account: String?
    /// The adoption commit the tag points at, and the blob of the procedure's file in it.
    public let commit: String
    public let text: String

    public init(tag: String, record: Record) {
        self.tag = tag
        procedure = record.body["procedure"]?.string ?? ""
        version = record.body["procedure-version"]?.string ?? ""
        set = record.body["set"]?.string ?? ""
        participant = record.body["participant"]?.string ?? ""
        unit = record.body["unit"]?.string
        acknowledged = record.body["acknowledged"]?.string.flatMap(Timestamp.parse)
        by = record.body["by"]?.string ?? ""
        via = record.body["via"]?.string
        account = record.body["account"]?.string
        commit = record.body["commit"]?.string ?? ""
        text = record.body["text"]?.string ?? ""
    }

    /// `ack/SOP-004/1.1/TT`, or `ack/SOP-004/1.1/TT.piarco-airport` for a unit.
    public static func tagName(procedure: String, version: String, participant: String, unit: String?) -> String {
        "\(tagPrefix)\(procedure)/\(version)/\(participant)" + (unit.map { "." + slug($0) } ?? "")
    }

    /// A unit's name as a tag's name can hold it: lowercase ASCII letters and digits joined by
    /// hyphens, accents dropped ("Aéroport Toussaint Louverture" → `aeroport-toussaint-louverture`).
    public static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en"))
        return folded.lowercased().split { !($0.isASCII && ($0.isLetter || $0.isNumber)) }.joined(separator: "-")
    }
}
