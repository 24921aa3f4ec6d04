import CGit2
import Foundation

/// One file that differs between two trees.
public struct TreeDelta: Sendable, Equatable {
    public enum Status: Sendable { case added, deleted, modified, renamed, copied, typeChanged, other }
    public let status: Status
    public let oldPath: String
    public let newPath: String
    public let oldID: ObjectID
    public let newID: ObjectID
    /// 0–100 for renames and copies.
    public let similarity: Int
}

/// A line of a text diff.
public struct DiffLine: Sendable, Equatable {
    public enum Origin: Sendable { case context, added, removed }
    public let origin: Origin
    public let text: String
    /// Line numbers from 1; nil on the side the line does not exist.
    public let oldLine: Int?
    public let newLine: Int?
}

extension TreeDelta.Status {
    init(_ status: git_delta_t) {
        switch status {
        case GIT_DELTA_ADDED: self = .added
        case GIT_DELTA_DELETED: self = .deleted
        case GIT_DELTA_MODIFIED: self = .modified
        case GIT_DELTA_RENAMED: self = .renamed
        case GIT_DELTA_COPIED: self = .copied
        case GIT_DELTA_TYPECHANGE: self = .typeChanged
        default: self = .other
        }
    }
}

extension Repository {
    /// The files that differ between two trees (nil is the empty tree), with renames detected
    /// when asked; only the files at `paths` (exact paths) when given, which keeps rename
    /// detection from comparing every file added with every file removed.
    public func diff(from old: ObjectID?, to new: ObjectID?, detectRenames: Bool = false, paths: [String]? = nil) throws -> [TreeDelta] {
        try diff(from: old, to: new, renames: detectRenames ? .similar : nil, paths: paths)
    }

    /// How renames are found: by equal content only, or by similar content as well.
    public enum RenameDetection: Sendable { case exact, similar }

    /// git's `diff.renameLimit` default: how many files on each side of a commit git compares
    /// pair by pair for similar content.
    public static let renameLimit = 1_000
    /// How similar two files must be for one to be the other renamed: git's default, 50%.
    public static let renameThreshold: UInt16 = 50

    /// The rename detection a commit gets, by git's own rule (`too_many_rename_candidates`):
    /// similar content unless it adds and removes more than ``renameLimit``² pairs of files;
    /// then equal content only. So a history follows a reorganisation that moved every file
    /// into folders with small edits where `git log --follow` does.
    public static func renameDetection(added: Int, removed: Int) -> RenameDetection {
        (added <= renameLimit || removed <= renameLimit) && added * removed <= renameLimit * renameLimit ? .similar : .exact
    }

    func diff(from old: ObjectID?, to new: ObjectID?, renames: RenameDetection?, paths: [String]?) throws -> [TreeDelta] {
        let oldTree = try old.map(lookupTree)
        let newTree = try new.map(lookupTree)
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff options")
        let diff = try withStringArray(paths ?? []) { array in
            if paths != nil {
                options.pathspec = array
                options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
            }
            return try Handle.make("diff trees", free: git_diff_free) {
                git_diff_tree_to_tree($0, pointer, oldTree?.pointer, newTree?.pointer, &options)
            }
        }
        if let renames {
            var find = git_diff_find_options()
            try check(git_diff_find_options_init(&find, UInt32(GIT_DIFF_FIND_OPTIONS_VERSION)), "prepare rename options")
            find.flags = GIT_DIFF_FIND_RENAMES.rawValue | (renames == .exact ? GIT_DIFF_FIND_EXACT_MATCH_ONLY.rawValue : 0)
            find.rename_threshold = Repository.renameThreshold
            // libgit2 compares each new file with at most this many removed ones (200 unless set).
            find.rename_limit = Repository.renameLimit
            try check(git_diff_find_similar(diff.pointer, &find), "detect renames")
        }
        return (0..<git_diff_num_deltas(diff.pointer)).compactMap { index in
            guard let delta = git_diff_get_delta(diff.pointer, index)?.pointee else { return nil }
            return TreeDelta(
                status: .init(delta.status),
                oldPath: String(cString: delta.old_file.path),
                newPath: String(cString: delta.new_file.path),
                oldID: ObjectID(delta.old_file.id),
                newID: ObjectID(delta.new_file.id),
                similarity: Int(delta.similarity))
        }
    }

    /// A line diff of two texts, as `git diff` computes it, with `context` unchanged lines
    /// around each change.
    public static func diffLines(_ old: Data, _ new: Data, context: Int = 3) throws -> [DiffLine] {
        _ = LibGit2.ready
        var options = git_diff_options()
        try check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "prepare diff options")
        options.context_lines = UInt32(context)
        options.flags |= GIT_DIFF_FORCE_TEXT.rawValue
        // The patch points into both buffers, so every line is read while they are pinned.
        return try old.withUnsafeBytes { oldBytes in
            try new.withUnsafeBytes { newBytes in
                let patch = try Handle.make("diff texts", free: git_patch_free) {
                    git_patch_from_buffers(
                        $0, oldBytes.baseAddress, oldBytes.count, nil, newBytes.baseAddress, newBytes.count, nil, &options)
                }
                return try lines(of: patch)
            }
        }
    }

    private static func lines(of patch: Handle) throws -> [DiffLine] {
        var lines: [DiffLine] = []
        for hunk in 0..<git_patch_num_hunks(patch.pointer) {
            let count = git_patch_num_lines_in_hunk(patch.pointer, hunk)
            guard count > 0 else { continue }
            for index in 0..<Int(count) {
                var line: UnsafePointer<git_diff_line>?
                try check(git_patch_get_line_in_hunk(&line, patch.pointer, hunk, index), "read diff line")
                guard let line = line?.pointee else { continue }
                let origin: DiffLine.Origin
                switch UInt8(bitPattern: line.origin) {
                case UInt8(ascii: "+"): origin = .added
                case UInt8(ascii: "-"): origin = .removed
                case UInt8(ascii: " "): origin = .context
                default: continue
                }
                let text = line.content.withMemoryRebound(to: UInt8.self, capacity: line.content_len) {
                    String(decoding: UnsafeBufferPointer(start: $0, count: line.content_len), as: UTF8.self)
                }
                lines.append(
                    DiffLine(
                        origin: origin, text: text,
                        oldLine: line.old_lineno > 0 ? Int(line.old_lineno) : nil,
                        newLine: line.new_lineno > 0 ? Int(line.new_lineno) : nil))
            }
        }
        return lines
    }
}
