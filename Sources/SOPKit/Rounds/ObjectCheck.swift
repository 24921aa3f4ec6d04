import Foundation
import Git

/// Reads a replica's objects as raw bytes and accepts them only as git itself writes them.
///
/// A replica can send any bytes as an object; libgit2 reads unsorted trees, odd names and
/// malformed signatures without complaint, but `git fsck` refuses them, and a checkout of `..`
/// or of a symbolic link writes outside the work tree.
enum ObjectCheck {
    struct Problem: Error {
        let reason: String
    }

    /// The objects a tree's entries name, with the kind each must be, or what is wrong with
    /// it: entries sorted in git's order with no name twice (a file and a folder alike), of
    /// plain file and folder modes, with names safe to check out.
    static func entries(_ data: Data) -> Result<[(ObjectID, ObjectStore.Kind)], Problem> {
        let bytes = [UInt8](data)
        var entries: [(ObjectID, ObjectStore.Kind)] = []
        var names: Set<[UInt8]> = []
        var previous: [UInt8]?
        var index = 0
        while index < bytes.count {
            guard let space = bytes[index...].firstIndex(of: 0x20), let nul = bytes[space...].firstIndex(of: 0), nul + 21 <= bytes.count
            else { return .failure(Problem(reason: "an entry is cut short")) }
            let mode = String(decoding: bytes[index..<space], as: UTF8.self)
            let name = Array(bytes[(space + 1)..<nul])
            guard ["100644", "100755", "40000"].contains(mode) else {
                return .failure(Problem(reason: mode == "120000" ? "a symbolic link" : mode == "160000" ? "a submodule" : "an entry of mode \(mode)"))
            }
            if let problem = problem(ofName: name) { return .failure(Problem(reason: problem)) }
            // git sorts a folder as if its name ended in "/".
            let key = mode == "40000" ? name + [0x2F] : name
            guard names.insert(name).inserted, previous.map({ $0.lexicographicallyPrecedes(key) }) ?? true else {
                return .failure(Problem(reason: "its entries are not sorted as git sorts them (or one is there twice)"))
            }
            previous = key
            guard let id = ObjectID(raw: Array(bytes[(nul + 1)..<(nul + 21)])) else { return .failure(Problem(reason: "an entry names no object")) }
            entries.append((id, mode == "40000" ? .tree : .blob))
            index = nul + 21
        }
        return .success(entries)
    }

    /// Why a name may not be checked out: empty, `.` or `..`, holding a slash (a NUL ends the
    /// name), or `.git` or `.gitmodules` as any file system may read it (case, trailing dots
    /// and spaces, characters HFS+ ignores, NTFS short names), as `git fsck` refuses them.
    static func problem(ofName name: [UInt8]) -> String? {
        let text = String(decoding: name, as: UTF8.self)
        if name.isEmpty || text == "." || text == ".." { return "an entry named '\(text)'" }
        if name.contains(0x2F) { return "an entry whose name holds a slash" }
        let ignorable: Set<Unicode.Scalar> = Set((0x200C...0x200F).compactMap(Unicode.Scalar.init) + (0x202A...0x202E).compactMap(Unicode.Scalar.init)
            + (0x206A...0x206F).compactMap(Unicode.Scalar.init) + [Unicode.Scalar(0xFEFF)!])
        var plain = String(String.UnicodeScalarView(text.unicodeScalars.filter { !ignorable.contains($0) })).lowercased()
        while plain.hasSuffix(".") || plain.hasSuffix(" ") { plain.removeLast() }
        if [".git", "git~1", ".gitmodules", "gitmod~1"].contains(plain) || plain.hasPrefix(".gitmodules") {
            return "an entry named '\(text)' (git's own name)"
        }
        return nil
    }

    /// What is wrong with a commit's or a tag's headers, as `git fsck` reads them: the headers
    /// it requires, in order, and each signature line as `Name <email> seconds +hhmm`.
    static func headers(_ data: Data, of kind: ObjectStore.Kind) -> String? {
        let text = String(decoding: data, as: UTF8.self)
        guard let end = text.range(of: "\n\n") ?? (text.hasSuffix("\n") ? text.range(of: "\n", options: .backwards) : nil) else {
            return "its headers do not end"
        }
        let lines = text[..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let required = kind == .commit ? ["tree", "author", "committer"] : ["object", "type", "tag", "tagger"]
        let names = lines.filter { !$0.hasPrefix(" ") }.map { String($0.prefix { $0 != " " }) }
        let order = names.filter { required.contains($0) || $0 == "parent" }
        let expected = kind == .commit ? ["tree"] + Array(repeating: "parent", count: names.filter { $0 == "parent" }.count) + ["author", "committer"] : required
        guard order == expected, names.prefix(order.count) == order[...] else { return "its headers are not \(required.joined(separator: ", ")) in that order" }
        for line in lines where line.hasPrefix("author ") || line.hasPrefix("committer ") || line.hasPrefix("tagger ") {
            if line.range(of: #"^[a-z]+ [^<>\n]*[^<>\n ] <[^<>\n]*> (0|[1-9][0-9]{0,15}) [+-][0-9]{4}$"#, options: .regularExpression) == nil {
                return "a malformed signature line: \(line.prefix(80))"
            }
        }
        return nil
    }
}
