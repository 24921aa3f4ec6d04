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
    /// Its headings, for the pages of this run; not kept in the cache, where ``search`` serves.
    var headings: [Entry] = []
    /// Its entry of `search-index.js` (ID, title, page, headings with their anchors), as JSON.
    var search: String
    /// The workspace files its relative links point at.
    var targets: [String]
    /// Its lint errors; a procedure with any is not published.
    var problems: [Diagnostic]

    enum CodingKeys: String, CodingKey { case path, blob, id, title, metadata, search, targets, problems }

    init(_ procedure: Procedure, blob: String) {
        path = procedure.path
        self.blob = blob
        id = procedure.id
        title = procedure.title
        metadata = procedure.metadata
        headings = procedure.document.headings.map { Entry(level: $0.level, number: $0.number, title: $0.title, id: $0.id) }
        targets = ProcedureFacts.targets(of: procedure)
        problems = []
        let page = SiteModel.procedurePage(id)
        search = JSONValue.object([
            "id": .string(id), "title": .string(title), "url": .string(page),
            "sections": .array(
                headings.compactMap { heading in
                    heading.id.map { .array([.string(ProcedurePage.title(heading)), .string(page + "#" + $0)]) }
                }),
        ]).serialized()
    }

    var isPublishable: Bool { problems.isEmpty }

    /// The workspace files a procedure's relative links point at.
    static func targets(of procedure: Procedure) -> [String] {
        let directory = (procedure.path as NSString).deletingLastPathComponent
        return Set(
            procedure.document.links.compactMap { link -> String? in
                guard CrossReference.scheme(of: link.destination) == nil else { return nil }
                let file = CrossReference(link.destination).file
                return file.isEmpty ? nil : CrossReference.resolve(file, from: directory)
            }
        ).sorted()
    }
}
