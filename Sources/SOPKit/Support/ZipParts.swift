import Foundation
import ZIPFoundation

/// The files inside a zip archive someone sent, read without trusting the archive: at most
/// `limit` bytes come out of the parts read, together, whatever its directory claims (a zip
/// bomb stops there), and no part is read past its own compressed bytes.
///
/// The directory is read here rather than through ZIPFoundation's `Archive`: its `extract`
/// (0.9.20) keeps asking for input at the end of the file when a deflate stream does not end
/// before it, and so loops for ever on a crafted file of 150 bytes. Its inflater is used with
/// a provider that hands out the part's compressed bytes and refuses to hand out more.
struct ZipParts {
    struct Part {
        let flags: UInt16
        let method: UInt16
        let checksum: UInt32
        let compressedSize: Int
        let size: Int
        let headerOffset: Int
    }

    let data: Data
    let path: String
    /// The parts by name, the first of a name where a name repeats.
    let parts: [String: Part]
    /// The most uncompressed bytes the parts read may come to, together.
    let limit: Int
    /// The uncompressed bytes of the parts read so far.
    private var used = 0

    /// How many compressed bytes the inflater asks for at a time.
    static let chunk = 16 * 1024

    init(_ data: Data, path: String, limit: Int) throws {
        self.data = data
        self.path = path
        self.limit = limit
        let bytes = ByteReader(data: data)
        // The end-of-directory record: 22 bytes and a comment of at most 65,535, at the end.
        let lowest = max(0, data.count - 22 - 65_535)
        guard let end = stride(from: data.count - 22, through: lowest, by: -1).first(where: { bytes.uint32($0) == 0x0605_4B50 }),
            let count = bytes.uint16(end + 10), let directorySize = bytes.uint32(end + 12), let directoryOffset = bytes.uint32(end + 16)
        else { throw Self.damaged(path, "it has no zip directory at its end") }
        guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF else {
            throw Self.damaged(path, "it uses the ZIP64 extension, which no spreadsheet writes for a file this small")
        }
        var parts: [String: Part] = [:]
        var offset = Int(directoryOffset)
        let directoryEnd = offset + Int(directorySize)
        for _ in 0..<count {
            guard offset + 46 <= directoryEnd, bytes.uint32(offset) == 0x0201_4B50, let flags = bytes.uint16(offset + 8),
                let method = bytes.uint16(offset + 10), let checksum = bytes.uint32(offset + 16), let compressed = bytes.uint32(offset + 20),
                let size = bytes.uint32(offset + 24), let nameLength = bytes.uint16(offset + 28), let extraLength = bytes.uint16(offset + 30),
                let commentLength = bytes.uint16(offset + 32), let header = bytes.uint32(offset + 42),
                let name = bytes.slice(offset + 46, Int(nameLength))
            else { throw Self.damaged(path, "its zip directory is cut short") }
            let key = String(decoding: name, as: UTF8.self)
            if parts[key] == nil {
                parts[key] = Part(
                    flags: flags, method: method, checksum: checksum, compressedSize: Int(compressed), size: Int(size), headerOffset: Int(header))
            }
            offset += 46 + Int(nameLength) + Int(extraLength) + Int(commentLength)
        }
        self.parts = parts
    }

    var names: Set<String> { Set(parts.keys) }

    /// The bytes of the part `name`; nil when the archive has none of that name.
    mutating func read(_ name: String) throws -> Data? {
        guard let part = parts[name] else { return nil }
        let bytes = ByteReader(data: data)
        guard part.flags & 1 == 0 else {
            throw SOPError(
                .invalidFile, "\(name) in the file is encrypted", at: Location(path),
                hint: "save it from the spreadsheet without a password, as .xlsx or .csv")
        }
        let budget = limit - used
        guard part.size <= budget else { throw tooLarge(name) }
        guard bytes.uint32(part.headerOffset) == 0x0403_4B50, let nameLength = bytes.uint16(part.headerOffset + 26),
            let extraLength = bytes.uint16(part.headerOffset + 28),
            let compressed = bytes.slice(part.headerOffset + 30 + Int(nameLength) + Int(extraLength), part.compressedSize)
        else { throw Self.damaged(path, "\(name) is cut short") }
        var output = Data()
        let checksum: CRC32
        switch part.method {
        case 0:
            output = compressed
            checksum = output.crc32(checksum: 0)
        case 8:
            var handedOut = 0
            do {
                checksum = try Data.decompress(
                    size: Int64(compressed.count), bufferSize: Self.chunk, skipCRC32: false,
                    provider: { _, size in
                        guard handedOut < compressed.count else { throw Self.damaged(self.path, "\(name) ends before its compressed data does") }
                        // Always a full chunk: the inflater reads as many bytes as it asked for.
                        var piece = compressed.subdata(in: (compressed.startIndex + handedOut)..<(compressed.startIndex + min(compressed.count, handedOut + size)))
                        handedOut += piece.count
                        piece.append(Data(count: size - piece.count))
                        return piece
                    },
                    consumer: { piece in
                        output.append(piece)
                        guard output.count <= budget else { throw self.tooLarge(name) }
                    })
            } catch let error as SOPError {
                throw error
            } catch {
                throw Self.damaged(path, "\(name) cannot be decompressed (\(error))")
            }
        default:
            throw Self.damaged(path, "\(name) is compressed with method \(part.method); spreadsheets use deflate (8)")
        }
        guard output.count == part.size, checksum == part.checksum else {
            throw Self.damaged(path, "\(name) does not match its checksum")
        }
        used += output.count
        return output
    }

    private func tooLarge(_ name: String) -> SOPError {
        SOPError(
            .tooLarge, "the file unpacks to more than \(TextFile.megabytes(limit)) (at \(name)); a workbook read here is at most that, uncompressed",
            at: Location(path), hint: "split the rows over several files")
    }

    static func damaged(_ path: String, _ what: String) -> SOPError {
        SOPError(
            .invalidFile, "the file is not a readable zip archive: \(what)", at: Location(path),
            hint: "save it again from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
    }
}

/// Little-endian integers and slices of bytes at offsets that may lie outside the data: nil
/// there, never a crash, since the offsets come from the file.
private struct ByteReader {
    let data: Data

    func slice(_ offset: Int, _ count: Int) -> Data? {
        guard offset >= 0, count >= 0, offset <= data.count - count else { return nil }
        return data.subdata(in: (data.startIndex + offset)..<(data.startIndex + offset + count))
    }

    func uint16(_ offset: Int) -> UInt16? {
        slice(offset, 2).map { UInt16($0[$0.startIndex]) | UInt16($0[$0.startIndex + 1]) << 8 }
    }

    func uint32(_ offset: Int) -> UInt32? {
        slice(offset, 4).map { bytes in (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[bytes.startIndex + $1]) << (8 * $1) } }
    }
}
