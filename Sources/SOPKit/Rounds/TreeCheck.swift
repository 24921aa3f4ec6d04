import Foundation
import Git

/// Reads a tree object's raw bytes and accepts it only as git itself writes trees: entries
/// sorted in git's order without duplicates, modes of plain files and folders, and names that
/// are safe to check out.
///
/// A replica can send any bytes as a tree; libgit2 reads unsorted or oddly named ones without
/// complaint, but `git fsck` refuses them and a checkout of `..` or a symbolic link writes
/// outside the work tree.
enum TreeCheck {
    struct Problem: Error {
        let reason: String
    }

    /// The IDs the tree's entries name, or what is wrong with it.
    static func entries(_ data: Data) -> Result<[ObjectID], Problem> {
        let bytes = [UInt8](data)
        var ids: [ObjectID] = []
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
            if let previous, !previous.lexicographicallyPrecedes(key) {
                return .failure(Problem(reason: "its entries are not sorted as git sorts them (or one is there twice)"))
            }
            previous = key
            guard let id = ObjectID(raw: Array(bytes[(nul + 1)..<(nul + 21)])) else { return .failure(Problem(reason: "an entry names no object")) }
            ids.append(id)
            index = nul + 21
        }
        return .success(ids)
    }

    /// Why a name may not be checked out: empty, `.`, `..`, `.git` in any case, or holding a
    /// slash (a NUL ends the name).
    static func problem(ofName name: [UInt8]) -> String? {
        let text = String(decoding: name, as: UTF8.self)
        if name.isEmpty || text == "." || text == ".." { return "an entry named '\(text)'" }
        if text.lowercased() == ".git" { return "an entry named '\(text)'" }
        if name.contains(0x2F) { return "an entry whose name holds a slash" }
        return nil
    }
}
