import Foundation
import Yams

/// A procedure's front matter, as far as it could be read: a field that is missing or
/// invalid is nil here and reported as a diagnostic, so one bad value never hides the rest.
public struct Metadata: Sendable, Equatable, Codable {
    public var id: String?
    public var title: String?
    public var version: String?
    public var status: Status?
    public var owner: String?
    public var effective: Day?
    public var reviewBy: Day?
    public var supersedes: [String] = []
    public var language: String?

    /// The field names, in the order a template writes them.
    public static let fields = [
        "id", "title", "version", "status", "owner", "effective", "review-by", "supersedes", "language",
    ]
    static let required = ["id", "title", "version", "status", "owner"]

    /// Whether the periodic review of a text in force (effective or adopted) has passed its
    /// `review-by` on `day`: lint warns, the dashboard and the published pages say so.
    public func reviewIsOverdue(on day: Day) -> Bool {
        guard let status, [.effective, .adopted].contains(status), let reviewBy else { return false }
        return reviewBy < day
    }

    enum CodingKeys: String, CodingKey {
        case id, title, version, status, owner, effective, supersedes, language
        case reviewBy = "review-by"
    }

    /// Reads and checks each field on its own.
    init(_ mapping: YAMLMapping, diagnostics: inout [Diagnostic]) {
        func report(_ message: String, at node: Node? = nil, key: String) {
            let location = node.map(mapping.location(of:)) ?? mapping.location(of: key) ?? Location(mapping.path, line: 1)
            diagnostics.append(Diagnostic(.error, message, at: location, check: "front-matter"))
        }
        for entry in mapping.entries where !Metadata.fields.contains(entry.key) {
            let suggestion = Metadata.fields.first { $0.replacingOccurrences(of: "-", with: "") == entry.key.lowercased().replacingOccurrences(of: "-", with: "").replacingOccurrences(of: "_", with: "") }
            report(
                "unknown field '\(entry.key)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "; known fields: \(Metadata.fields.joined(separator: ", "))"),
                key: entry.key)
        }
        for key in Metadata.required where mapping[key] == nil {
            diagnostics.append(
                Diagnostic(.error, "missing required field '\(key)'", at: Location(mapping.path, line: 1, column: 1), check: "front-matter"))
        }
        func text(_ key: String) -> (String, Node)? {
            guard let node = mapping[key] else { return nil }
            guard let value = node.text, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                report("field '\(key)' must be a single non-empty value", at: node, key: key)
                return nil
            }
            return (value, node)
        }
        if let (value, node) = text("id") {
            if Metadata.isProcedureID(value) { id = value } else {
                report("'\(value)' is not a procedure ID; IDs look like SOP-001", at: node, key: "id")
            }
        }
        if let (value, _) = text("title") { title = value }
        if let (value, node) = text("version") {
            if Metadata.isVersion(value) { version = value } else {
                report("'\(value)' is not a version; write numbers separated by dots, e.g. \"1.0\" or \"2.1.3\"", at: node, key: "version")
            }
        }
        if let (value, node) = text("status") {
            if let parsed = Status(rawValue: value) { status = parsed } else {
                report("unknown status '\(value)'; use one of: \(Status.names)", at: node, key: "status")
            }
        }
        if let (value, _) = text("owner") { owner = value }
        for key in ["effective", "review-by"] {
            guard let (value, node) = text(key) else { continue }
            guard let day = Day(value) else {
                report("'\(value)' in '\(key)' is not a date; write YYYY-MM-DD, e.g. 2027-03-01", at: node, key: key)
                continue
            }
            if key == "effective" { effective = day } else { reviewBy = day }
        }
        if let node = mapping["supersedes"] {
            if let list = node.textList {
                for value in list where !Metadata.isProcedureID(value) {
                    report("'\(value)' in 'supersedes' is not a procedure ID", at: node, key: "supersedes")
                }
                supersedes = list.filter(Metadata.isProcedureID)
            } else {
                report("'supersedes' must be a procedure ID or a list of them", at: node, key: "supersedes")
            }
        }
        if let (value, node) = text("language") {
            if Metadata.isLanguageCode(value) { language = value } else {
                report("'\(value)' is not a language code; use a two-letter ISO 639-1 code such as en, es, fr or nl", at: node, key: "language")
            }
        }
    }

    /// `SOP-` and three or more digits: safe as a file name prefix and in a URL.
    public static func isProcedureID(_ text: String) -> Bool {
        guard text.hasPrefix("SOP-") else { return false }
        let digits = text.dropFirst(4)
        return digits.count >= 3 && digits.count <= 6 && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isVersion(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return (1...3).contains(parts.count)
            && parts.allSatisfy { !$0.isEmpty && $0.count <= 6 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func isLanguageCode(_ text: String) -> Bool {
        text.count == 2 && text.allSatisfy { $0.isASCII && $0.isLowercase }
    }
}
