import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program and collects its output through temporary files rather than pipes.
///
/// All test suites share one process and run in parallel, and Foundation's `Process` lets a
/// child inherit every open descriptor. With pipes, a long-lived child of one test (a
/// `git daemon`) could hold the write end of another test's pipe, and that test would wait for
/// an end-of-file that never comes. Files have no end-of-file to wait for.
public struct Command {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var output: String { stdout + stderr }
    }

    public var executable: URL
    public var arguments: [String]
    public var directory: URL?
    public var environment: [String: String]?
    public var input: Data?

    public init(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil, input: Data? = nil) {
        self.executable = URL(fileURLWithPath: executable)
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
        self.input = input
    }

    /// Starts the program; `finish` waits for it and reads what it wrote.
    public func start() throws -> Running {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sop-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let files = ["in", "out", "err"].map { scratch.appendingPathComponent($0) }
        try (input ?? Data()).write(to: files[0])
        FileManager.default.createFile(atPath: files[1].path, contents: nil)
        FileManager.default.createFile(atPath: files[2].path, contents: nil)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        process.standardInput = try FileHandle(forReadingFrom: files[0])
        process.standardOutput = try FileHandle(forWritingTo: files[1])
        process.standardError = try FileHandle(forWritingTo: files[2])
        try process.run()
        return Running(process: process, scratch: scratch)
    }

    public func run() throws -> Result { try start().finish() }

    public final class Running {
        public let process: Process
        let scratch: URL

        init(process: Process, scratch: URL) {
            self.process = process
            self.scratch = scratch
        }

        /// Stops the program with SIGKILL: children of Foundation's `Process` inherit a signal
        /// mask that blocks SIGTERM, so `terminate()` would not end them.
        public func kill() {
            Glibc.kill(process.processIdentifier, SIGKILL)
            _ = try? finish()
        }

        public func finish() throws -> Result {
            process.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: scratch) }
            func read(_ name: String) throws -> String {
                String(decoding: try Data(contentsOf: scratch.appendingPathComponent(name)), as: UTF8.self)
            }
            return Result(status: process.terminationStatus, stdout: try read("out"), stderr: try read("err"))
        }
    }
}
