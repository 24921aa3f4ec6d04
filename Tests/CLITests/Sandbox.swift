import Foundation

/// A temporary folder in which tests run the built `sop` binary and look at the result with `git`.
final class Sandbox {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var output: String { stdout + stderr }
    }

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

    /// Starts `sop` without waiting, for races between processes.
    func start(_ arguments: [String], in directory: String = "ws") throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = Sandbox.binary
        process.arguments = arguments
        process.currentDirectoryURL = url.appendingPathComponent(directory)
        process.environment = Sandbox.environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    func run(_ executable: URL, _ arguments: [String], in directory: String, stdin: Data?) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let folder = url.appendingPathComponent(directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.currentDirectoryURL = folder
        process.environment = Sandbox.environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A workspace with the sample set in `ws/`.
    func sampleWorkspace() throws {
        let result = try sop("init", "ws", "--sample", in: ".")
        guard result.status == 0 else { throw SandboxError(message: result.output) }
    }

    func path(_ relative: String) -> URL { url.appendingPathComponent("ws").appendingPathComponent(relative) }

    func read(_ relative: String) throws -> String { try String(contentsOf: path(relative), encoding: .utf8) }

    func write(_ relative: String, _ text: String) throws { try Data(text.utf8).write(to: path(relative)) }

    /// Everything a failed command must leave alone: refs, index, status and file contents.
    func fingerprint() throws -> String {
        let refs = try git("for-each-ref", "--format=%(refname) %(objectname)").stdout
        let status = try git("status", "--porcelain", "--untracked-files=all").stdout
        let head = try git("symbolic-ref", "HEAD").stdout
        var files = ""
        let root = url.appendingPathComponent("ws")
        for case let file as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
        where !file.path.contains("/.git/") {
            if let data = try? Data(contentsOf: file) { files += "\(file.path) \(data.hashValue)\n" }
        }
        return refs + status + head + files
    }
}

struct SandboxError: Error { let message: String }

/// JSON output parsed for assertions.
func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }
