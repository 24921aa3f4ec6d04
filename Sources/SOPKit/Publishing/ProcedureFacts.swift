import Foundation

/// What the site needs to know of one procedure besides its pages: enough for the index, the
/// search index, links from other procedures and the lint result, kept in the publish cache
/// so that an unchanged procedure is not read again.
struct ProcedureFacts: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var level: Int
        var number: String?
        var title: String
        var id: String?
    }

    var path: String
    /// The git blob of the file: its content hash.
    var blob: String
    var id: String
    var title: String
    var metadata: Metadata
    var headings: [Entry]
    /// The workspace files its relative links point at.
    var targets: [String]
    /// Its lint errors; a procedure with any is not published.
    var problems: [Diagnostic]

    init(_ procedure: Procedure, blob: String) {
        path = procedure.path
        self.blob = blob
        id = procedure.id
        title = procedure.title
        metadata = procedure.metadata
        headings = procedure.document.headings.map { Entry(level: $0.level, number: $0.number, title: $0.title, id: $0.id) }
        let directory = (procedure.path as NSString).deletingLastPathComponent
        targets = Array(
            Set(
                procedure.document.links.compactMap { link -> String? in
                    guard CrossReference.scheme(of: link.destination) == nil else { return nil }
                    let file = CrossReference(link.destination).file
                    return file.isEmpty ? nil : CrossReference.resolve(file, from: directory)
                })
        ).sorted()
        problems = []
    }

    var isPublishable: Bool { problems.isEmpty }
}
