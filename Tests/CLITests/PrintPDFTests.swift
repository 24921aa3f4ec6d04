import Foundation
import Testing

/// The PDF an official prints and circulates, made by `sop publish --pdf` with the real
/// WeasyPrint and read back with poppler (pdftotext, pdfinfo, pdftoppm): what is on the paper,
/// not what the HTML says.
@Suite struct PrintPDFTests {
    /// Where the pages' images go (named in the README).
    static let screenshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("screenshots/pdf")
    static let states = ["BZ", "TT", "JM", "DO", "BS", "HT"]
    /// Each state's stance in the round, as the English edition words it.
    static let stances = [
        "TT": "approve", "JM": "approve with comments: “Training for boarding teams is needed”", "DO": "approve",
        "BZ": "approve Reservation on SOP-004#boarding:", "BS": "abstain", "HT": "object: “Haiti's coast guard cannot report within one hour”",
    ]

    /// SOP-004 adopted as set/2027.1 under the qualified majority rule with every kind of
    /// position: approvals, one with comments, one with a reservation, an abstention and an
    /// objection, each signed with its state's registered key.
    func adoptedWithEveryStance(_ box: Sandbox) throws {
        try box.sampleWorkspace()
        func run(_ at: String, _ arguments: String...) throws -> String {
            let result = try box.run(Sandbox.binary, arguments, in: "ws", stdin: nil, environment: ["SOP_NOW": at])
            guard result.status == 0 else { throw SandboxError(message: "\(arguments): \(result.output)") }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        for code in ["secretariat"] + Self.states { _ = try run("2027-01-04T09:00Z", "key", "new", "--as", code, "--name", "Official \(code)", "--register") }
        try box.sop("draft", "start", "maritime-2027")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        try box.sop("draft", "save", "-m", "Tighten reporting")
        let round = try run(
            "2027-01-05T09:00Z", "round", "open", "maritime-2027", "--participants", Self.states.joined(separator: ","), "--closes", "2027-02-01T17:00Z",
            "--rule", "qualified", "--as", "secretariat")
        let day = "2027-01-06T09:00Z"
        _ = try run(day, "position", round, "--as", "TT", "approve")
        _ = try run(day, "position", round, "--as", "JM", "approve-with-comments", "--reason", "Training for boarding teams is needed")
        _ = try run(day, "position", round, "--as", "DO", "approve")
        _ = try run(day, "position", round, "--as", "BZ", "approve", "--reserve", "boarding", "--statement", "Belize applies 5.4 subject to its Maritime Areas Act")
        _ = try run(day, "position", round, "--as", "BS", "abstain")
        _ = try run(day, "position", round, "--as", "HT", "object", "--reason", "Haiti's coast guard cannot report within one hour")
        _ = try run("2027-01-07T09:00Z", "round", "close", round, "--as", "secretariat")
        try box.sop("draft", "switch", "main")
        _ = try run("2027-01-08T09:00Z", "adopt", round, "--version", "2027.1", "--effective", "2027-03-01", "--as", "secretariat")
    }

    func tool(_ name: String, _ arguments: [String], _ box: Sandbox) throws -> String {
        let result = try box.run(URL(fileURLWithPath: "/usr/bin/\(name)"), arguments, in: ".", stdin: nil)
        guard result.status == 0 else { throw SandboxError(message: "\(name) \(arguments): \(result.output)") }
        return result.stdout
    }

    /// One page's text as `pdftotext -layout` lays it out.
    func page(_ number: Int, of pdf: URL, _ box: Sandbox) throws -> String {
        try tool("pdftotext", ["-layout", "-f", "\(number)", "-l", "\(number)", pdf.path, "-"], box)
    }

    /// The page's first line below the running header.
    func firstLine(of text: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.dropFirst().first ?? ""
    }

    /// The share of a page's pixels that are not white, at 20 dpi in grey (a PGM from pdftoppm).
    func ink(page number: Int, of pdf: URL, _ box: Sandbox) throws -> Double {
        let prefix = box.url.appendingPathComponent("ink-\(number)")
        _ = try tool("pdftoppm", ["-gray", "-r", "20", "-f", "\(number)", "-l", "\(number)", "-singlefile", pdf.path, prefix.path], box)
        let data = try Data(contentsOf: prefix.appendingPathExtension("pgm"))
        // P5 header: magic, width, height, maximum, each followed by one whitespace byte.
        var fields: [String] = []
        var start = 0
        var index = 0
        while fields.count < 4, index < data.count {
            if data[index] == 0x0A || data[index] == 0x20 {
                fields.append(String(decoding: data[start..<index], as: UTF8.self))
                start = index + 1
            }
            index += 1
        }
        guard fields.first == "P5", fields.count == 4, let width = Int(fields[1]), let height = Int(fields[2]), data.count >= start + width * height
        else { throw SandboxError(message: "not a PGM: \(fields)") }
        let pixels = data[start..<(start + width * height)]
        return Double(pixels.filter { $0 < 200 }.count) / Double(pixels.count)
    }

    /// The rows of the positions table on a page as pdftotext lays it out: each line cut where
    /// the header's words start, and each row's lines (up to a blank one) joined per column.
    func positionRows(_ page: String, columns: [String] = ["Participant", "Position", "Signature", "Given"]) -> [[String]] {
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        guard let header = lines.firstIndex(where: { line in columns.allSatisfy { String(line).contains($0) } }) else { return [] }
        let title = String(lines[header])
        let starts = columns.compactMap { title.range(of: $0).map { title.distance(from: title.startIndex, to: $0.lowerBound) } }
        var rows: [[String]] = []
        var cells: [[String]] = Array(repeating: [], count: starts.count)
        for line in lines[(header + 1)...] + [[]] {
            guard !line.allSatisfy(\.isWhitespace) else {
                if cells.contains(where: { !$0.isEmpty }) { rows.append(cells.map { $0.joined(separator: " ") }) }
                cells = Array(repeating: [], count: starts.count)
                continue
            }
            for (index, start) in starts.enumerated() where start < line.count {
                let end = index + 1 < starts.count ? min(starts[index + 1], line.count) : line.count
                let piece = String(line[start..<end]).trimmingCharacters(in: .whitespaces)
                if !piece.isEmpty { cells[index].append(piece) }
            }
        }
        return rows
    }

    @Test func thePrintedSetReadsRight() throws {
        let box = try Sandbox()
        try adoptedWithEveryStance(box)
        let published = try box.sop("publish", "--pdf", "--base-url", "https://cmc.example.org/sop")
        #expect(published.status == 0, "\(published.output)")
        let pdf = box.path("_site/print.pdf")

        // Tagged, with the document's language, title and author.
        let info = try tool("pdfinfo", [pdf.path], box)
        #expect(info.contains("Tagged:          yes"), "\(info)")
        #expect(info.contains("Title:           Caribbean Migration Consultations — Regional Protocols on Migrant Smuggling Version 2027.1 (print edition)"), "\(info)")
        #expect(info.contains("Author:          CMC Technical Secretariat"), "\(info)")
        #expect(try Data(contentsOf: pdf).range(of: Data("/Lang (en)".utf8)) != nil, "the catalogue names the language")
        let pages = Int(info.split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last ?? "") ?? 0

        // The cover: title, version, adoption and effective dates in words, and no commit.
        let commit = try box.git("rev-parse", "set/2027.1^{commit}").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let cover = try page(1, of: pdf, box)
        #expect(cover.contains("Version 2027.1") && cover.contains("Adopted on 8 January 2027") && cover.contains("In force from 1 March 2027"), "\(cover)")
        #expect(!cover.contains(commit.prefix(7)) && cover.range(of: "[0-9a-f]{7,40}", options: .regularExpression) == nil, "no commit on the cover: \(cover)")
        #expect(try page(2, of: pdf, box).contains("Published from commit \(commit)"), "the commit is in the imprint's small print")

        // The contents: every procedure and the record, each ending in the page it starts on.
        let contents = try page(3, of: pdf, box)
        #expect(contents.contains("Contents"))
        var entries: [(String, Int)] = []
        let pattern = try NSRegularExpression(pattern: #"(SOP-00\d|Approval record of version 2027\.1).*?\.{5,}\s*(\d+)"#, options: [.dotMatchesLineSeparators])
        for match in pattern.matches(in: contents, range: NSRange(contents.startIndex..., in: contents)) {
            guard let name = Range(match.range(at: 1), in: contents), let number = Range(match.range(at: 2), in: contents), let page = Int(contents[number]) else { continue }
            entries.append((String(contents[name]), page))
        }
        #expect(entries.map(\.0) == (1...7).map { "SOP-00\($0)" } + ["Approval record of version 2027.1"], "\(contents)")
        #expect(entries.map(\.1) == entries.map(\.1).sorted() && entries.first?.1 == 4, "\(entries)")
        for (name, number) in entries {
            #expect(firstLine(of: try page(number, of: pdf, box)).hasPrefix(name), "\(name) starts on page \(number)")
            #expect(!firstLine(of: try page(number - 1, of: pdf, box)).hasPrefix(name), "\(name) does not start before page \(number)")
        }

        // Each procedure's metadata: one label and its value per line, never run together.
        let text = try tool("pdftotext", ["-layout", pdf.path, "-"], box)
        #expect(!text.contains("VersionStatus") && !text.contains("StatusEffective"), "labels overlap")
        for (name, number) in entries.dropLast() {
            let lines = try page(number, of: pdf, box).split(separator: "\n").map(String.init)
            let version = lines.firstIndex { $0.range(of: #"^\s*Version\s{2,}\d+\.\d+\s*$"#, options: .regularExpression) != nil }
            let status = lines.firstIndex { $0.range(of: #"^\s*Status\s{2,}\S"#, options: .regularExpression) != nil }
            let owner = lines.firstIndex { $0.range(of: #"^\s*Owner\s{2,}\S"#, options: .regularExpression) != nil }
            #expect(version != nil && status != nil && owner != nil, "\(name): \(lines.prefix(14).joined(separator: "\n"))")
            #expect((version ?? 0) < (status ?? 0) && (status ?? 0) < (owner ?? 0), "\(name): one row each, in order")
        }
        #expect(try page(entries[3].1, of: pdf, box).range(of: #"Version\s{2,}1\.1\n"#, options: .regularExpression) != nil, "SOP-004's new version")

        // The approval record: the round, the rule, every position with who signed it with
        // which key and when, and the secretariat's seal.
        let recordPage = entries.last?.1 ?? pages
        let record = try page(recordPage, of: pdf, box)
        #expect(record.contains("maritime-2027-1") && record.contains("Adopted under the qualified majority rule"), "\(record)")
        #expect(record.range(of: #"Round closed\s+7 January 2027"#, options: .regularExpression) != nil)
        #expect(record.range(of: #"In force from\s+1 March 2027"#, options: .regularExpression) != nil)
        let keys = try box.sop("key", "list").stdout.split(separator: "\n").reduce(into: [String: String]()) { keys, line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let holder = fields.first, let key = fields.first(where: { $0.hasPrefix("ed25519:") }) { keys[String(holder)] = String(key) }
        }
        #expect(keys.count == Self.states.count + 1, "\(keys)")
        let rows = positionRows(record)
        for code in Self.states {
            let row = rows.first { $0.first?.hasSuffix("(\(code))") == true } ?? []
            #expect(row.count == 4, "\(code)'s row: \(rows)")
            guard row.count == 4 else { continue }
            #expect(row[1].hasPrefix(Self.stances[code] ?? "?"), "\(code)'s position: \(row)")
            #expect(row[2] == "✓ Official \(code), key \(keys[code] ?? "?")", "who signed for \(code), with which key: \(row)")
            #expect(row[3] == "6 January 2027 at 09:00 UTC", "when \(code) signed: \(row)")
        }
        #expect(rows.first { $0.first == "Belize (BZ)" }?[1].hasSuffix("“Belize applies 5.4 subject to its Maritime Areas Act”") == true, "the reservation's text")
        #expect(record.contains("Official secretariat, key \(keys["secretariat"] ?? "?")") && record.contains("Record verified"), "the seal: \(record)")
        let flowing = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flowing.contains("Adopted in set/2027.1 under the qualified majority rule"))
        #expect(flowing.contains("Approval record of version 2027.1 (page \(recordPage))"), "SOP-004 points to its record's page")

        // Images of the cover, the contents, a procedure's first page and the record, with ink on them.
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        for (name, number) in [("cover", 1), ("contents", 3), ("procedure-SOP-004", entries[3].1), ("record", recordPage)] {
            let shot = Self.screenshots.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: shot.appendingPathExtension("png"))
            _ = try tool("pdftoppm", ["-r", "60", "-png", "-f", "\(number)", "-l", "\(number)", "-singlefile", pdf.path, shot.path], box)
            let size = (try? FileManager.default.attributesOfItem(atPath: shot.appendingPathExtension("png").path)[.size] as? Int) ?? 0
            #expect(size > 5_000, "\(name).png: \(size) bytes")
            #expect(try ink(page: number, of: pdf, box) > 0.015, "\(name) is not blank")
        }
        #expect(try ink(page: 2, of: pdf, box) < 0.015, "the ink check can fail: the imprint page holds little")

        // The French and Spanish editions: their covers' dates in their words, tagged too
        // (pdftotext gives French's no-break spaces as spaces).
        for (language, adopted, effective, objection, columns) in [
            ("fr", "Date d'adoption : 8 janvier 2027", "Date d'entrée en vigueur : 1 mars 2027", "s'oppose : « Haiti's coast guard", ["Participant", "Position", "Signature", "Date"]),
            ("es", "Fecha de adopción: 8 de enero de 2027", "Fecha de entrada en vigor: 1 de marzo de 2027", "objeta: «Haiti's coast guard", ["Participante", "Posición", "Firma", "Fecha"]),
        ] {
            let edition = box.path("_site/\(language)/print.pdf")
            let cover = try page(1, of: edition, box)
            #expect(cover.contains(adopted) && cover.contains(effective) && !cover.contains("January"), "\(language) cover: \(cover)")
            #expect(try tool("pdfinfo", [edition.path], box).contains("Tagged:          yes"))
            #expect(try Data(contentsOf: edition).range(of: Data("/Lang (\(language))".utf8)) != nil)
            let last = try tool("pdfinfo", [edition.path], box).split(separator: "\n").first { $0.hasPrefix("Pages:") }?.split(separator: " ").last
            let record = try page(Int(last ?? "") ?? 0, of: edition, box)
            let haiti = positionRows(record, columns: columns).first { $0.first == "Haiti (HT)" }
            #expect(haiti?[1].hasPrefix(objection) == true, "\(language) record: \(record)")
            if language == "fr" {
                let shot = Self.screenshots.appendingPathComponent("cover-fr")
                _ = try tool("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "1", "-singlefile", edition.path, shot.path], box)
            }
        }
    }
}
