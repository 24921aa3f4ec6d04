import Foundation
import Git

extension Workspace {
    /// `sop init`: a repository with set.yaml and the templates (and the sample procedures with
    /// `sample`), committed on `main`.
    public static func create(at path: String, sample: Bool, author: Signature?) throws -> (Workspace, Commit) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw SOPError(.invalidArgument, "\(path) is a file, not a folder")
        }
        let repository: Repository
        if let existing = try? Repository.open(at: url.path) {
            repository = existing
            if manager.fileExists(atPath: url.appendingPathComponent(ProtocolSet.path).path) {
                throw SOPError(.exists, "\(path) already holds a protocol set (\(ProtocolSet.path))")
            }
        } else {
            repository = try Repository.create(at: url.path)
        }
        let workspace = Workspace(repository: repository)
        let root = try workspace.worktree().root
        var files = try SharedFiles.files(under: Workspace.templatesDirectory)
        if sample {
            files.merge(try SharedFiles.files(under: Workspace.proceduresDirectory)) { first, _ in first }
        } else {
            files[ProtocolSet.path] = Data(ProtocolSet.skeleton.utf8)
        }
        for relative in files.keys {
            let target = root.appendingPathComponent(relative)
            if manager.fileExists(atPath: target.path) {
                throw SOPError(.exists, "\(relative) already exists; sop init never overwrites files")
            }
        }
        let signature = try author ?? Author.resolve(nil, repository: repository)
        // The sample's history: the set as first committed, with the earlier text of the
        // procedures in Samples/, then the revision of those procedures together with the
        // translations, which name the first commit as the text they translate, so that the
        // sample shows a current translation and one with sections behind.
        let earlier = sample ? try SharedFiles.files(under: Self.sampleHistoryDirectory) : [:]
        var first = files.filter { !Translation.isTranslationPath($0.key) }
        for (path, data) in earlier { first[Workspace.proceduresDirectory + "/" + (path as NSString).lastPathComponent] = data }
        let branch = try repository.headBranch() ?? "refs/heads/main"
        func commit(_ files: [String: Data], _ message: String) throws -> ObjectID? {
            try repository.updateReference(branch, message: "sop init") { parent in
                let base = try parent.map { try repository.commit($0).tree }
                let changes = try files.keys.sorted().map { TreeChange.write(path: $0, blob: try repository.writeBlob(files[$0]!)) }
                let tree = try repository.updateTree(base, applying: changes)
                return try repository.createCommit(tree: tree, parents: parent.map { [$0] } ?? [], message: message, author: signature)
            }
        }
        var head = try commit(first, sample ? "Create the protocol set workspace with the CMC sample set" : "Create the protocol set workspace")
        if sample, let base = head {
            var rest = files.filter { first[$0.key] != $0.value }
            for (path, data) in rest where Translation.isTranslationPath(path) {
                rest[path] = Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "source-revision: sample", with: "source-revision: \(base.hex)").utf8)
            }
            files.merge(rest) { _, new in new }
            let revised = earlier.keys.map { Procedure.idPrefix(ofFile: $0) ?? $0 }.sorted().joined(separator: ", ")
            head = try commit(rest, "Revise \(revised) and add the Spanish and French versions of the sample procedures")
        }
        for (relative, data) in files.sorted(by: { $0.key < $1.key }) {
            let target = root.appendingPathComponent(relative)
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: target)
        }
        try repository.resetIndex(to: head!)
        return (workspace, try repository.commit(head!))
    }

    /// `sop new`: writes the next procedure from a template into the work tree.
    public func newProcedure(title: String, template: String = Template.defaultName, owner: String = "secretariat") throws -> String {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, !trimmed.contains("\n"), trimmed.count <= 200 else {
            throw SOPError(.invalidArgument, "a title must be one line of 1 to 200 characters")
        }
        let tree = try worktree()
        if owner != "secretariat" {
            guard let text = try tree.text(at: ProtocolSet.path), let set = try? ProtocolSet.parse(text), set.participant(owner) != nil else {
                throw SOPError(.invalidArgument, "owner '\(owner)' is not a participant in set.yaml", hint: "use --owner secretariat or a participant code")
            }
        }
        let templatePath = try Template.path(template)
        guard let text = try tree.text(at: templatePath) else {
            throw SOPError(.notFound, "no template \(templatePath)", hint: "templates live in \(Workspace.templatesDirectory)/; the default is '\(Template.defaultName)'")
        }
        let used = try tree.files(in: Workspace.proceduresDirectory).compactMap(Procedure.idPrefix(ofFile:))
            .compactMap { Int($0.dropFirst(4)) }
        let id = String(format: "SOP-%03d", (used.max() ?? 0) + 1)
        let path = "\(Workspace.proceduresDirectory)/\(id)-\(SectionRules.slug(trimmed)).md"
        let filled = Template.fill(text, values: ["id": id, "title": trimmed, "owner": owner, "date": Day(Date()).description])
        let (content, _) = try SectionFixer.addMissingIDs(to: filled, path: path)
        let target = tree.root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        do {
            try Data(content.utf8).write(to: target, options: .withoutOverwriting)
        } catch {
            throw SOPError(.exists, "cannot create \(path): \(error.localizedDescription)")
        }
        return path
    }
}

extension Workspace {
    /// Where the share folder keeps the earlier text of sample procedures that its history
    /// revises (see ``create(at:sample:author:)``).
    static let sampleHistoryDirectory = "Samples"
}

extension ProtocolSet {
    /// The set.yaml a new empty workspace starts from.
    static let skeleton = """
        # The protocol set: who takes part and how decisions are made. See the DocC article
        # "Repository format" for every field.
        format: 2
        title: Regional Protocol Set
        languages: [en]
        default-rule: consensus
        roles:
          secretariat:
            name: Secretariat
            keys: []
        participants: []

        """
}
