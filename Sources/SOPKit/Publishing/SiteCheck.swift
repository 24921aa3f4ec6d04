import Foundation

/// Finds broken links in a published folder: every relative `href` and `src` must reach a
/// file there, and a `#fragment` an element with that `id` in it.
public enum SiteCheck {
    /// The attributes of every start tag of an HTML text, with the line each tag is on.
    /// Enough for the HTML sop writes; not a general HTML parser.
    static func tags(in html: String) -> [(name: String, attributes: [String: String], line: Int)] {
        var tags: [(String, [String: String], Int)] = []
        let bytes = Array(html.utf8)
        var index = 0
        var line = 1
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= 97 && byte <= 122) || (byte >= 65 && byte <= 90) || (byte >= 48 && byte <= 57) || byte == 45 || byte == 58 || byte == 95
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 { line += 1 }
            if byte == 60, index + 3 < bytes.count, bytes[index + 1] == 33, bytes[index + 2] == 45, bytes[index + 3] == 45 {
                // A comment: skip to its end.
                var end = index + 4
                while end + 2 < bytes.count, !(bytes[end] == 45 && bytes[end + 1] == 45 && bytes[end + 2] == 62) {
                    if bytes[end] == 10 { line += 1 }
                    end += 1
                }
                index = end + 3
                continue
            }
            guard byte == 60, index + 1 < bytes.count, isNameByte(bytes[index + 1]) else {
                index += 1
                continue
            }
            let tagLine = line
            var cursor = index + 1
            let nameStart = cursor
            while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
            let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
            var attributes: [String: String] = [:]
            while cursor < bytes.count, bytes[cursor] != 62 {
                if bytes[cursor] == 10 { line += 1 }
                guard isNameByte(bytes[cursor]) else {
                    cursor += 1
                    continue
                }
                let keyStart = cursor
                while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
                let key = String(decoding: bytes[keyStart..<cursor], as: UTF8.self).lowercased()
                var value = ""
                if cursor < bytes.count, bytes[cursor] == 61 {
                    cursor += 1
                    if cursor < bytes.count, bytes[cursor] == 34 || bytes[cursor] == 39 {
                        let quote = bytes[cursor]
                        let valueStart = cursor + 1
                        cursor = valueStart
                        while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
                        value = String(decoding: bytes[valueStart..<min(cursor, bytes.count)], as: UTF8.self)
                        cursor += 1
                    } else {
                        let valueStart = cursor
                        while cursor < bytes.count, bytes[cursor] != 32, bytes[cursor] != 62 { cursor += 1 }
                        value = String(decoding: bytes[valueStart..<cursor], as: UTF8.self)
                    }
                }
                attributes[key] = decodeEntities(value)
            }
            tags.append((name, attributes, tagLine))
            index = cursor + 1
        }
        return tags
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// Every broken internal link or anchor in the HTML files of `folder`, at file:line.
    public static func links(in folder: URL) -> [Diagnostic] {
        let all = Set(((try? SiteFolder(folder.path))?.files.keys).map(Array.init) ?? []).filter { !$0.hasPrefix(SiteManifest.folder + "/") }
        let files = all.filter { $0.hasSuffix(".html") }
        var ids: [String: Set<String>] = [:]
        var parsed: [String: [(name: String, attributes: [String: String], line: Int)]] = [:]
        for file in files {
            let html = (try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)) ?? ""
            let tags = tags(in: html)
            parsed[file] = tags
            ids[file] = Set(tags.compactMap { $0.attributes["id"] })
        }
        var problems: [Diagnostic] = []
        for file in files.sorted() {
            for tag in parsed[file] ?? [] {
                guard let link = tag.attributes["href"] ?? tag.attributes["src"], !link.isEmpty,
                    CrossReference.scheme(of: link) == nil, !link.hasPrefix("//")
                else { continue }
                let location = Location(file, line: tag.line)
                let reference = CrossReference(link)
                let target: String
                if reference.file.isEmpty {
                    target = file
                } else if let resolved = CrossReference.resolve(reference.file, from: (file as NSString).deletingLastPathComponent) {
                    target = resolved
                } else {
                    problems.append(Diagnostic(.error, "link '\(link)' leaves the site", at: location, check: "link"))
                    continue
                }
                guard all.contains(target) else {
                    problems.append(Diagnostic(.error, "link '\(link)' points at \(target), which is not in the site", at: location, check: "link"))
                    continue
                }
                if let fragment = reference.fragment, !fragment.isEmpty, target.hasSuffix(".html"), ids[target]?.contains(fragment) != true {
                    problems.append(Diagnostic(.error, "link '\(link)' points at an anchor that \(target) does not have", at: location, check: "anchor"))
                }
            }
        }
        return problems
    }
}

extension Publisher {
    /// `sop publish --check`: publishes into a scratch folder (nothing of the user's is
    /// written) and returns every lint problem and broken link or anchor.
    public func check(ref: String?, baseURL: String?, templates: String? = nil) throws -> (report: Report, problems: [Diagnostic]) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("sop-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = try publish(ref: ref, options: Options(out: scratch.path, baseURL: baseURL, keepGoing: true, templates: templates))
        return (report, report.left + SiteCheck.links(in: scratch))
    }
}
