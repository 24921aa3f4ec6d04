import Foundation
import Git
import Markdown

/// Adding and revoking keys in set.yaml by editing its text in place, so the comments and
/// layout people wrote stay as they are. Every edit is checked by reading the file back.
public enum KeyRegistration {
    /// set.yaml with `key` added to the participant's (or the secretariat's) `keys:` list.
    public static func adding(_ key: RegisteredKey, for participant: String, to text: String) throws -> String {
        var lines = Lines.split(text).map(String.init)
        if participant == KeyRegistry.portal { addPortalRole(to: &lines) }
        let block = try self.block(of: participant, in: lines)
        guard let keysLine = block.first(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("keys:") }) else {
            throw SOPError(.invalidFile, "set.yaml has no 'keys:' line for \(participant)", at: Location(ProtocolSet.path), hint: "add `keys: []` under its focal point")
        }
        let indent = lines[keysLine].prefix { $0 == " " }.count
        var entry = ["- key: \(key.key)"]
        if let name = key.name { entry.append("  name: \(Template.yamlQuoted(name))") }
        if let role = key.role { entry.append("  role: \(Template.yamlQuoted(role))") }
        if let added = key.added { entry.append("  added: \(Timestamp.string(added))") }
        let pad = String(repeating: " ", count: indent + 2)
        var insertAt = keysLine + 1
        if lines[keysLine].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "") == "keys:[]" {
            lines[keysLine] = String(repeating: " ", count: indent) + "keys:"
        } else {
            while insertAt < lines.count, lines[insertAt].trimmingCharacters(in: .whitespaces).isEmpty
                || lines[insertAt].prefix(while: { $0 == " " }).count > indent
            {
                insertAt += 1
            }
        }
        lines.insert(contentsOf: entry.map { pad + $0 }, at: insertAt)
        let result = lines.joined(separator: "\n")
        let set = try ProtocolSet.parse(result)
        guard set.listedKeys(for: participant).contains(where: { $0.key == key.key }) else {
            throw SOPError(.invalidFile, "could not add the key to set.yaml for \(participant)", at: Location(ProtocolSet.path))
        }
        return result
    }

    /// set.yaml with `revoked:` set on a key; signatures made from then on are invalid.
    public static func revoking(_ key: String, of participant: String, at time: Date, in text: String) throws -> String {
        var lines = Lines.split(text).map(String.init)
        let block = try self.block(of: participant, in: lines)
        guard let line = block.first(where: { lines[$0].contains(key) }) else {
            throw SOPError(.notFound, "key \(key.prefix(20))… is not registered for \(participant) in set.yaml")
        }
        let dash = lines[line].prefix { $0 == " " }.count
        let revoked = String(repeating: " ", count: dash + 2) + "revoked: \(Timestamp.string(time))"
        if lines[line].trimmingCharacters(in: .whitespaces) == "- \(key)" {
            lines[line] = String(repeating: " ", count: dash) + "- key: \(key)"
        }
        var end = line + 1
        while end < lines.count, !lines[end].trimmingCharacters(in: .whitespaces).isEmpty, lines[end].prefix(while: { $0 == " " }).count > dash {
            end += 1
        }
        lines.insert(revoked, at: end)
        let result = lines.joined(separator: "\n")
        guard try ProtocolSet.parse(result).listedKeys(for: participant).first(where: { $0.key == key })?.revoked != nil else {
            throw SOPError(.invalidFile, "could not revoke the key in set.yaml", at: Location(ProtocolSet.path))
        }
        return result
    }

    /// Adds `portal:` under `roles:` with an empty key list when set.yaml has no portal yet,
    /// indented as the secretariat's role is.
    static func addPortalRole(to lines: inout [String]) {
        guard !lines.contains(where: { $0.trimmingCharacters(in: .whitespaces) == "portal:" }),
            let secretariat = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "secretariat:" })
        else { return }
        let pad = String(lines[secretariat].prefix { $0 == " " })
        lines.insert(contentsOf: [pad + "portal:", pad + "  name: Consultation portal", pad + "  keys: []"], at: secretariat)
    }

    /// The line numbers (0-based) that belong to a participant's entry, or to a role
    /// (the secretariat's, the portal's).
    static func block(of participant: String, in lines: [String]) throws -> Range<Int> {
        let start: Int?
        let isRole = participant == Round.secretariat || participant == KeyRegistry.portal
        if isRole {
            start = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "\(participant):" }
        } else {
            start = lines.firstIndex {
                let trimmed = $0.trimmingCharacters(in: .whitespaces)
                return trimmed == "- code: \(participant)" || trimmed == "- code: \"\(participant)\"" || trimmed == "- code: '\(participant)'"
            }
        }
        guard let start else { throw SOPError(.notFound, "no participant '\(participant)' in set.yaml") }
        let indent = lines[start].prefix { $0 == " " }.count
        var end = start + 1
        while end < lines.count {
            let line = lines[end]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let depth = line.prefix { $0 == " " }.count
            if !trimmed.isEmpty, !trimmed.hasPrefix("#"), depth < indent || (depth == indent && trimmed.hasPrefix("-")) || (isRole && depth <= indent) {
                break
            }
            end += 1
        }
        return start..<end
    }
}

extension Workspace {
    /// Keys are registered in set.yaml on main, so the work tree must be on main.
    public func requireMain() throws {
        let branch = try repository.headBranch() ?? ""
        guard branch == "refs/heads/main" else {
            throw SOPError(
                .invalidArgument, "keys are registered in set.yaml on main, and the work tree is on \(branch.replacingOccurrences(of: "refs/heads/", with: ""))",
                hint: "run `sop draft switch main` first")
        }
    }

    /// Commits a new set.yaml on the current branch (compare-and-swap) and writes it to the
    /// work tree; refused when the work tree's set.yaml has changes of its own.
    public func commitSet(_ text: String, message: String, author: Signature) throws -> Commit {
        let tree = try worktree()
        guard let branch = try repository.headBranch(), let head = try repository.head() else {
            throw SOPError(.invalidArgument, "the repository has no commit yet")
        }
        try requireMain()
        let committed = try repository.file(at: ProtocolSet.path, inCommit: head)
        let onDisk = try? Data(contentsOf: tree.root.appendingPathComponent(ProtocolSet.path))
        guard committed == onDisk else {
            throw SOPError(.conflict, "\(ProtocolSet.path) has unsaved changes", hint: "commit or undo them first")
        }
        let new = try repository.updateReference(branch, message: message) { parent in
            guard let parent else { return nil }
            let base = try repository.commit(parent).tree
            let blob = try repository.writeBlob(Data(text.utf8))
            return try repository.createCommit(
                tree: try repository.updateTree(base, applying: [.write(path: ProtocolSet.path, blob: blob)]), parents: [parent],
                message: message, author: author)
        }!
        try Data(text.utf8).write(to: tree.root.appendingPathComponent(ProtocolSet.path))
        try repository.resetIndex(to: new)
        return try repository.commit(new)
    }
}
