import Foundation
import TestSupport
import Testing

/// A temporary folder in which tests run the built `sop` binary and look at the result with `git`.
final class Sandbox {
    typealias Result = Command.Result

    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sop-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The binary `make test` built (SOP_BINARY), or the debug build next to the sources.
    static let binary: URL = {
        if let path = ProcessInfo.processInfo.environment["SOP_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/sop")
    }()

    static let environment: [String: String] = {
        var environment = ProcessInfo.processInfo.environment
        environment["GIT_AUTHOR_NAME"] = "Ana Ruiz"
        environment["GIT_AUTHOR_EMAIL"] = "ana.ruiz@example.org"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        environment["NO_COLOR"] = "1"
        environment["SOP"] = binary.path
        return environment
    }()

    @discardableResult
    func sop(_ arguments: String..., in directory: String = "ws", stdin: Data? = nil) throws -> Result {
        try run(Sandbox.binary, arguments, in: directory, stdin: stdin)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String = "ws") throws -> Result {
        try run(URL(fileURLWithPath: "/usr/bin/git"), arguments, in: directory, stdin: nil)
    }

    /// Starts a command without waiting, for races between processes.
    func start(_ executable: URL, _ arguments: [String], in directory: String = "ws") throws -> Command.Running {
        try command(executable, arguments, in: directory, stdin: nil).start()
    }

    func run(_ executable: URL, _ arguments: [String], in directory: String, stdin: Data?, environment: [String: String] = [:]) throws -> Result {
        try command(executable, arguments, in: directory, stdin: stdin, environment: environment).run()
    }

    private func command(_ executable: URL, _ arguments: [String], in directory: String, stdin: Data?, environment: [String: String] = [:]) throws -> Command {
        let folder = url.appendingPathComponent(directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let keys = ["SOP_KEY_DIR": url.appendingPathComponent("keys").path]
        return Command(executable.path, arguments, in: folder, environment: Sandbox.environment.merging(keys) { _, new in new }.merging(environment) { _, new in new }, input: stdin)
    }

    /// A workspace with the sample set in `ws/`.
    func sampleWorkspace() throws {
        let result = try sop("init", "ws", "--sample", in: ".")
        guard result.status == 0 else { throw SandboxError(message: result.output) }
    }

    /// The sample workspace with the secretariat's key made and registered as the root of the
    /// key registry, as a secretariat starts: every secretariat event is signed.
    func sampleWorkspaceWithRoot() throws {
        try sampleWorkspace()
        let made = try sop("key", "new", "--as", "secretariat", "--name", "Secretariat officer", "--register")
        guard made.status == 0 else { throw SandboxError(message: made.output) }
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent("ws").appendingPathComponent(relative) }

    func read(_ relative: String) throws -> String { try String(contentsOf: path(relative), encoding: .utf8) }

    func write(_ relative: String, _ text: String) throws { try Data(text.utf8).write(to: path(relative)) }

    /// Everything a failed command must leave alone: refs, index, status and file contents.
    func fingerprint(_ directory: String = "ws") throws -> String {
        let refs = try git("for-each-ref", "--format=%(refname) %(objectname)", in: directory).stdout
        let status = try git("status", "--porcelain", "--untracked-files=all", in: directory).stdout
        let head = try git("symbolic-ref", "HEAD", in: directory).stdout
        var files = ""
        let root = url.appendingPathComponent(directory)
        for case let file as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where !file.path.contains("/.git/") {
            if let data = try? Data(contentsOf: file) { files += "\(file.path) \(data.hashValue)\n" }
        }
        return refs + status + head + files
    }
}

struct SandboxError: Error { let message: String }

extension Sandbox {
    /// Runs a command that must fail (with the clock at `time`, `SOP_NOW`, when given), and
    /// checks its message and that nothing changed.
    func expectRefusal(
        _ arguments: [String], at time: String? = nil, says expected: String..., in directory: String = "ws", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try fingerprint(directory)
        let result = try run(Sandbox.binary, arguments, in: directory, stdin: nil, environment: time.map { ["SOP_NOW": $0] } ?? [:])
        #expect(result.status != 0, "\(arguments) should fail", sourceLocation: sourceLocation)
        for text in expected {
            #expect(result.output.contains(text), "\(arguments): \(result.output)", sourceLocation: sourceLocation)
        }
        #expect(try fingerprint(directory) == before, "\(arguments) changed the repository", sourceLocation: sourceLocation)
    }

    /// Does what a hostile replica can: tags `target` with `message` as `tag`, pushes it to
    /// `remote`, and expects the next `sop sync` in `clone` to refuse it by name.
    func expectSyncRefusesForgedTag(
        _ tag: String, message: String, on target: String, pushedTo remote: String, clone: String = "b", sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try write("../forged-tag.txt", message)
        #expect(try git("tag", "-a", tag, "-F", "../forged-tag.txt", target).status == 0, sourceLocation: sourceLocation)
        #expect(try git("push", "-q", remote, "refs/tags/" + tag).status == 0, sourceLocation: sourceLocation)
        let refused = try sop("sync", "--json", in: clone)
        let report = try #require(try json(refused.stdout) as? [String: Any], sourceLocation: sourceLocation)
        let reasons = (report["refused"] as? [[String: Any]] ?? []).map { "\($0["round"] ?? ""): \($0["reason"] ?? "")" }
        #expect(reasons.contains { $0.hasPrefix(tag + ":") }, "\(reasons)", sourceLocation: sourceLocation)
    }

    /// Does what a forger with git can: puts `message` in an annotated tag `tag` on `target`,
    /// and expects `sop verify tag` to fail with `✗ failing`.
    func expectForgedTag(
        _ tag: String, message: String, on target: String, fails failing: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try write("../forged-tag.txt", message)
        #expect(try git("tag", "-a", tag, "-F", "../forged-tag.txt", target).status == 0, sourceLocation: sourceLocation)
        let verified = try sop("verify", tag)
        #expect(verified.status == 1 && verified.stdout.contains("✗ " + failing), "\(verified.output)", sourceLocation: sourceLocation)
    }
}

/// JSON output parsed for assertions.
func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
