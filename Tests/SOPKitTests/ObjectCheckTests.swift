import Foundation
import Git
import Testing
@testable import SOPKit

/// The checks a replica's objects pass before a sync copies them in, on raw bytes as a hostile
/// server could send them.
@Suite struct ObjectCheckTests {
    static let id = String(repeating: "ab", count: 20)

    func tree(_ entries: [(String, String)]) -> Data {
        var data = Data()
        for (mode, name) in entries {
            data.append(Data("\(mode) \(name)\0".utf8))
            data.append(contentsOf: [UInt8](repeating: 0xAB, count: 20))
        }
        return data
    }

    func problem(_ entries: [(String, String)]) -> String? {
        if case .failure(let problem) = ObjectCheck.entries(tree(entries)) { return problem.reason }
        return nil
    }

    @Test func treesAreTakenOnlyAsGitWritesThem() throws {
        #expect(problem([("100644", "a.b"), ("40000", "a"), ("100755", "b")]) == nil, "a folder sorts as if its name ended in /")
        let entries = try ObjectCheck.entries(tree([("100644", "x"), ("40000", "y")])).get()
        #expect(entries.map(\.0) == [ObjectID(hex: Self.id)!, ObjectID(hex: Self.id)!])
        #expect(entries.map(\.1) == [.blob, .tree], "each entry names the kind its object must be")
        #expect(problem([("100644", "zz"), ("40000", "zz")])?.contains("twice") == true, "a file and a folder of one name")
        #expect(problem([("40000", "a"), ("100644", "a.b")])?.contains("not sorted") == true)
        #expect(problem([("100644", "a"), ("100644", "a")])?.contains("twice") == true)
        #expect(problem([("120000", "link")]) == "a symbolic link")
        #expect(problem([("160000", "module")]) == "a submodule")
        #expect(problem([("100664", "odd")]) == "an entry of mode 100664")
        #expect(problem([("040000", "zero-padded")]) == "an entry of mode 040000")
        for name in ["..", "."] { #expect(problem([("100644", name)]) == "an entry named '\(name)'") }
        for name in [".GIT", ".git", ".git\u{200C}", ".git. ", "GIT~1", ".gitmodules", ".GitModules "] {
            #expect(problem([("100644", name)])?.contains("git's own name") == true, "\(name)")
        }
        var cut = tree([("100644", "x")])
        cut.removeLast()
        #expect(problem([]) == nil)
        if case .failure(let short) = ObjectCheck.entries(cut) { #expect(short.reason == "an entry is cut short") } else { Issue.record("a cut entry passed") }
    }

    @Test func commitsAndTagsNeedGitsHeadersInOrder() {
        let good = "tree \(Self.id)\nparent \(Self.id)\nauthor A <a@x.org> 1798000000 +0000\ncommitter A <a@x.org> 1798000000 -0500\n\nMessage\n"
        #expect(ObjectCheck.headers(Data(good.utf8), of: .commit) == nil)
        let badDate = good.replacingOccurrences(of: "author A <a@x.org> 1798000000 +0000", with: "author A <a@x.org> yesterday +0000")
        #expect(ObjectCheck.headers(Data(badDate.utf8), of: .commit)?.contains("malformed signature") == true)
        let noTree = good.replacingOccurrences(of: "tree \(Self.id)\n", with: "")
        #expect(ObjectCheck.headers(Data(noTree.utf8), of: .commit)?.contains("in that order") == true)
        for signature in ["author <a@x.org> 1798000000 +0000", "author A<a@x.org> 1798000000 +0000", "author A <a@x.org> 01798000000 +0000"] {
            let bad = good.replacingOccurrences(of: "author A <a@x.org> 1798000000 +0000", with: signature)
            #expect(ObjectCheck.headers(Data(bad.utf8), of: .commit) != nil, "\(signature)")
        }
        let tag = "object \(Self.id)\ntype commit\ntag set/2027.1\ntagger A <a@x.org> 1798000000 +0000\n\nRecord\n"
        #expect(ObjectCheck.headers(Data(tag.utf8), of: .tag) == nil)
        #expect(ObjectCheck.headers(Data(tag.replacingOccurrences(of: "type commit\n", with: "").utf8), of: .tag) != nil)
        #expect(Quarantine.tagTarget(Data(tag.utf8)) == ObjectID(hex: Self.id))
        #expect(Quarantine.tagTarget(Data(tag.replacingOccurrences(of: "type commit", with: "type blob").utf8)) == nil, "a publication tags a commit")
    }
}
