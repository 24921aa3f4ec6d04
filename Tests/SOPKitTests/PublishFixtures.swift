import Foundation
import Git
@testable import SOPKit

/// The sample set with SOP-004 adopted as set/2027.1 (Belize with a reservation on 5.4), and
/// helpers to publish it into a scratch folder and read what came out.
final class PublishedWorkspace {
    let round: RoundWorkspace
    let out: URL
    static let states = ["BZ", "TT", "JM", "DO", "BS"]
    static let statement = "Belize applies section 5.4 subject to its Maritime Areas Act"

    init(adopt: Bool = true) throws {
        round = try RoundWorkspace(keys: ["secretariat"] + PublishedWorkspace.states)
        out = round.base.url.appendingPathComponent("_site")
        guard adopt else { return }
        let opened = try round.open(PublishedWorkspace.states)
        for code in PublishedWorkspace.states where code != "BZ" { try round.state(code, .approve, on: opened.id) }
        _ = try round.consultation.state(
            .approve, round: opened.id, reason: nil, reservations: ["boarding"], statement: PublishedWorkspace.statement,
            as: round.actor("BZ"), now: round.at(2))
        _ = try round.consultation.close(opened.id, as: round.secretariat, now: round.at(3))
        _ = try Adoption(round.consultation).adopt(opened.id, version: "2027.1", effective: Day("2027-03-01")!, as: round.secretariat, now: round.at(4))
    }

    var workspace: Workspace { round.workspace }
    var repository: Repository { workspace.repository }

    @discardableResult
    func publish(ref: String? = nil, _ options: Publisher.Options? = nil) throws -> Publisher.Report {
        try Publisher(workspace).publish(ref: ref, options: options ?? .init(out: out.path))
    }

    func page(_ path: String) throws -> String {
        try String(contentsOf: out.appendingPathComponent(path), encoding: .utf8)
    }

    /// Commits files on a branch (made from main when missing) without touching the work tree.
    func commit(on branch: String, _ files: [String: String?], message: String = "Change") throws {
        let main = try repository.reference("refs/heads/main")!
        _ = try repository.updateReference("refs/heads/\(branch)", message: message) { parent in
            let base = parent ?? main
            let changes = try files.map { path, text -> TreeChange in
                guard let text else { return .remove(path: path) }
                return .write(path: path, blob: try repository.writeBlob(Data(text.utf8)))
            }
            let tree = try repository.updateTree(try repository.commit(base).tree, applying: changes)
            return try repository.createCommit(tree: tree, parents: [base], message: message, author: round.secretariat.author)
        }
    }

    /// A copy of the shipped templates in the work tree, for tests that change the look
    /// (published with `templates: site.templates`).
    var templates: String { round.base.url.appendingPathComponent("Templates/site").path }

    func text(_ path: String, at revision: String = "main") throws -> String {
        String(decoding: try repository.file(at: path, inCommit: try repository.resolveCommit(revision))!, as: UTF8.self)
    }
}

/// The files of a published folder, outside sop's own `.sop/`.
func siteFiles(_ folder: URL) throws -> Set<String> {
    Set(try SiteFolder(folder.path).files.keys.filter { !$0.hasPrefix(SiteManifest.folder + "/") })
}

/// The start tags of a page, as the link checker reads them.
func tags(_ html: String) -> [(name: String, attributes: [String: String], line: Int)] { SiteCheck.tags(in: html) }
