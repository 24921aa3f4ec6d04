import Foundation

/// When each recipient's last digest was made: `.git/sop/digests.json`, beside the
/// repository and never synced, since it is this secretariat's mailing and no one else's.
///
/// `sop digest` reads it to know what "since the last digest" means, and writes it only when
/// it wrote the messages (`--mail`) or was told to (`--record`): printing a digest to look at
/// it must not make the next one skip what it showed.
public struct DigestRecord: Sendable {
    /// The format of digests.json this code reads and writes.
    public static let format = 1

    public let file: URL
    /// Recipient → the moment its last digest covered up to.
    public private(set) var last: [String: Date]

    /// `.git/sop/digests.json` of the workspace's repository.
    public static func defaultFile(for workspace: Workspace) -> URL {
        URL(fileURLWithPath: workspace.repository.gitDirectory).appendingPathComponent("sop/digests.json")
    }

    private struct Contents: Codable {
        var format: Int
        var digests: [String: String]
    }

    /// Reads the file; a missing one is an empty record (no digest made yet).
    public init(file: URL) throws {
        self.file = file
        guard let data = FileManager.default.contents(atPath: file.path) else {
            last = [:]
            return
        }
        let remedy = "delete it: the next digests then cover each round from its opening, or pass --since"
        guard let contents = try? JSONDecoder().decode(Contents.self, from: data) else {
            throw SOPError(.invalidFile, "the record of digests cannot be read as JSON with format and digests", at: Location(file.path), hint: remedy)
        }
        guard contents.format == Self.format else {
            throw SOPError(.invalidFile, "digests format \(contents.format) is not \(Self.format)", at: Location(file.path), hint: remedy)
        }
        var last: [String: Date] = [:]
        for (recipient, text) in contents.digests {
            guard let date = Timestamp.parse(text) else {
                throw SOPError(.invalidFile, "the last digest of \(recipient) is '\(text.prefix(40))', not a UTC time", at: Location(file.path), hint: remedy)
            }
            last[recipient] = date
        }
        self.last = last
    }

    /// Records that `recipients` had their digest up to `now`, and writes the file (by
    /// rename, so a reader never sees half of it).
    public mutating func record(_ recipients: [String], at now: Date) throws {
        for recipient in recipients { last[recipient] = now }
        let contents = Contents(format: Self.format, digests: last.mapValues(Timestamp.string))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let folder = file.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try encoder.encode(contents).write(to: file, options: .atomic)
        } catch {
            throw SOPError(.io, "cannot write the record of digests: \(error.localizedDescription)", at: Location(file.path), hint: "check that \(folder.path) is writable")
        }
    }
}
