import Foundation
import Yams

/// The words of a user interface in each of its languages: one flat YAML file per language
/// (`messages/en.yaml`, `messages/fr.yaml`, …) of dotted keys and texts with named
/// placeholders (`round.closes: "Closes {date}"`), so that a translator changes them without
/// touching Swift.
///
/// English is the reference: every other file must have exactly its keys, with the same
/// placeholders, or the catalogue is refused, naming the file and the key. A page is never
/// half translated without anyone being told.
public struct Catalogue: Sendable {
    /// The reference language, and the one every lookup falls back to.
    public static let reference = "en"
    /// Where the files are inside a templates folder (`Templates/portal/messages`).
    public static let folderName = "messages"

    /// Texts by language, then by key.
    private let texts: [String: [String: String]]
    /// Every language the catalogue has, English first, then in alphabetical order.
    public let languages: [String]
    /// Where the files were read from, for messages.
    public let folder: String

    /// Reads `files` (file name → content, e.g. `fr.yaml`) of the folder `folder` (for
    /// messages: `Templates/portal/messages`). Other files than `<two letters>.yaml` are left
    /// alone, so a translator's notes can sit beside them.
    public static func load(files: [String: Data], folder: String) throws -> Catalogue {
        var texts: [String: [String: String]] = [:]
        var places: [String: [String: Location]] = [:]
        for name in files.keys.sorted() {
            guard name.hasSuffix(".yaml"), case let language = String(name.dropLast(".yaml".count)), Metadata.isLanguageCode(language),
                let data = files[name]
            else { continue }
            let path = folder + "/" + name
            let mapping = try YAMLMapping.parse(try TextFile.decode(data, path: path), path: path, firstLine: 1)
            var entries: [String: String] = [:]
            for (key, value, location) in mapping.entries {
                guard isKey(key) else {
                    throw SOPError(
                        .invalidFile, "'\(key)' is not a message key", at: location,
                        hint: "a key is words of letters, digits and hyphens joined by dots, e.g. signin.title")
                }
                guard let text = value.scalar?.string else {
                    throw SOPError(
                        .invalidFile, "the text of '\(key)' is not one line of text", at: location,
                        hint: "write `\(key): \"…\"` on one line (quote it when it holds a colon or starts with a brace)")
                }
                entries[key] = text
            }
            texts[language] = entries
            places[language] = Dictionary(mapping.entries.map { ($0.key, $0.location) }) { first, _ in first }
        }
        guard let english = texts[reference] else {
            throw SOPError(
                .notFound, "\(folder) has no \(reference).yaml", at: Location(folder),
                hint: "the English file is the reference every other language is checked against; restore it from the files shipped with sop")
        }
        try checkNesting(english, path: folder + "/\(reference).yaml", places: places[reference] ?? [:])
        for (language, entries) in texts where language != reference {
            let path = folder + "/\(language).yaml"
            for key in english.keys.sorted() where entries[key] == nil {
                throw SOPError(
                    .invalidFile, "\(path) has no '\(key)' (\(reference).yaml has it: \"\(english[key] ?? "")\")", at: Location(path),
                    hint: "add `\(key): \"…\"` to \(path) with the \(language) words for it")
            }
            for key in entries.keys.sorted() where english[key] == nil {
                throw SOPError(
                    .invalidFile, "\(path) has '\(key)', which \(reference).yaml does not have", at: places[language]?[key] ?? Location(path),
                    hint: "remove it, or correct its spelling to the key in \(reference).yaml")
            }
            for key in english.keys.sorted() {
                let expected = placeholders(in: english[key] ?? ""), found = placeholders(in: entries[key] ?? "")
                guard expected != found else { continue }
                throw SOPError(
                    .invalidFile,
                    "'\(key)' in \(path) has the placeholders \(describe(found)), but \(reference).yaml has \(describe(expected))",
                    at: places[language]?[key] ?? Location(path),
                    hint: "keep every {name} of the English text, spelled as it is there (they are filled in, never translated)")
            }
        }
        return Catalogue(texts: texts, folder: folder)
    }

    /// Reads `messages/` of a templates folder given with `--templates`, else of the
    /// templates shipped with sop under `directory` (`Templates/portal`).
    public static func load(templates folder: String?, directory: String) throws -> Catalogue {
        if let folder {
            let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
            let messages = URL(fileURLWithPath: base).appendingPathComponent(folderName)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: messages.path) else {
                throw SOPError(
                    .notFound, "no \(folderName)/ folder in \(base)",
                    hint: "the portal's words are in \(directory)/\(folderName)/ (en.yaml, es.yaml, …); copy that folder into \(base)")
            }
            var files: [String: Data] = [:]
            for name in names where name.hasSuffix(".yaml") {
                files[name] = try Data(contentsOf: messages.appendingPathComponent(name))
            }
            return try load(files: files, folder: base + "/" + folderName)
        }
        let prefix = directory + "/" + folderName + "/"
        let shipped = try SharedFiles.files(under: directory + "/" + folderName)
        let files = Dictionary(uniqueKeysWithValues: shipped.compactMap { path, data -> (String, Data)? in
            path.hasPrefix(prefix) && !path.dropFirst(prefix.count).contains("/") ? (String(path.dropFirst(prefix.count)), data) : nil
        })
        return try load(files: files, folder: directory + "/" + folderName)
    }

    private init(texts: [String: [String: String]], folder: String) {
        self.texts = texts
        self.folder = folder
        languages = [Self.reference] + texts.keys.filter { $0 != Self.reference }.sorted()
    }

    /// Every key, in the reference language's file.
    public var keys: [String] { (texts[Self.reference] ?? [:]).keys.sorted() }

    /// Whether the reference language has `key`.
    public func has(_ key: String) -> Bool { texts[Self.reference]?[key] != nil }

    /// The text of `key` in `language` (English when the language is not in the catalogue)
    /// with each `{name}` replaced by `values[name]`. A key missing from the catalogue is a
    /// mistake in the code, which a test catches; it shows as the key itself, never as nothing.
    public func text(_ key: String, _ language: String, _ values: [String: String] = [:]) -> String {
        let template = texts[language]?[key] ?? texts[Self.reference]?[key] ?? key
        return values.isEmpty ? template : Self.fill(template, values)
    }

    /// The raw text of `key` in `language`, placeholders unfilled; nil when missing.
    public func raw(_ key: String, _ language: String) -> String? { texts[language]?[key] }

    /// Every text of `language` as nested dictionaries (`signin.title` under `signin`, then
    /// `title`), so that a Mustache template writes `{{t.signin.title}}`.
    public func context(_ language: String) -> [String: Any] {
        let entries = texts[language] ?? texts[Self.reference] ?? [:]
        var root = Node()
        for (key, text) in entries { root.insert(key.split(separator: ".").map(String.init), text) }
        return root.dictionary
    }

    /// The best language of `accepted`, an HTTP `Accept-Language` value (`fr-HT, es;q=0.8`),
    /// among the catalogue's: by quality, then by order; a regional tag counts for its language
    /// (`es-419` is es). English when none fits.
    public func language(accepting accepted: String?) -> String {
        guard let accepted else { return Self.reference }
        var choices: [(language: String, quality: Double, order: Int)] = []
        for (order, item) in accepted.split(separator: ",").prefix(50).enumerated() {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = parts.first, !tag.isEmpty else { continue }
            var quality = 1.0
            for parameter in parts.dropFirst() where parameter.lowercased().hasPrefix("q=") {
                quality = Double(parameter.dropFirst(2)) ?? 0
            }
            let language = tag.split(separator: "-").first.map { $0.lowercased() } ?? ""
            if quality > 0, languages.contains(language) { choices.append((language, quality, order)) }
        }
        return choices.sorted { ($0.quality, -$0.order) > ($1.quality, -$1.order) }.first?.language ?? Self.reference
    }

    /// Whether `key` is dotted words of letters, digits and hyphens.
    static func isKey(_ key: String) -> Bool {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }

    /// The names in braces of `text` (`{date}`, `{count}`).
    public static func placeholders(in text: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "}") else { break }
            let name = after[..<close]
            if !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { names.insert(String(name)) }
            rest = after[after.index(after: close)...]
        }
        return names
    }

    private static func fill(_ template: String, _ values: [String: String]) -> String {
        var text = template
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }

    private static func describe(_ names: Set<String>) -> String {
        names.isEmpty ? "none" : names.sorted().map { "{\($0)}" }.joined(separator: ", ")
    }

    /// Refuses a key that is also the start of another (`round.closes` and
    /// `round.closes.date`): Mustache could not reach both.
    private static func checkNesting(_ entries: [String: String], path: String, places: [String: Location]) throws {
        for key in entries.keys.sorted() {
            let parts = key.split(separator: ".")
            for count in 1..<parts.count {
                let prefix = parts.prefix(count).joined(separator: ".")
                guard entries[prefix] != nil else { continue }
                throw SOPError(
                    .invalidFile, "'\(prefix)' is a text and also the start of '\(key)'", at: places[key] ?? Location(path),
                    hint: "rename one of them: a key may not be the beginning of another")
            }
        }
    }

    /// A tree of texts, for ``context(_:)``.
    private struct Node {
        var text: String?
        var children: [String: Node] = [:]

        mutating func insert(_ path: [String], _ value: String) {
            guard let first = path.first else {
                text = value
                return
            }
            children[first, default: Node()].insert(Array(path.dropFirst()), value)
        }

        var dictionary: [String: Any] {
            children.mapValues { child -> Any in child.children.isEmpty ? (child.text ?? "") : child.dictionary }
        }
    }
}

extension Catalogue {
    /// A day as a reader of `language` writes it: "3 December 2026", "3 de diciembre de 2026",
    /// "3 décembre 2026", "3 december 2026". Days are UTC days, as everywhere in a round.
    public static func format(date: Date, language: String) -> String {
        Formatters.shared.string(date, language: language, template: "dMMMMy", suffix: "")
    }

    /// A front matter day (`effective: 2027-03-01`) as a reader of `language` writes it.
    public static func format(day: Day, language: String) -> String {
        Timestamp.parse(day.description + "T00:00:00Z").map { format(date: $0, language: language) } ?? day.description
    }

    /// A moment as a reader of `language` writes it, in UTC and saying so: "1 February 2027
    /// at 17:00 UTC", "1 février 2027 à 17:00 UTC". Deadlines are UTC for every capital.
    public static func format(dateTime: Date, language: String) -> String {
        Formatters.shared.string(dateTime, language: language, template: "dMMMMyHHmm", suffix: " UTC")
    }

    /// The same moment on a clock of `zone`: its time ("13:00"), with the day when that is
    /// not the day in UTC ("31 January, 21:00").
    public static func format(localTime dateTime: Date, language: String, zone: TimeZone) -> String {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
        var local = utc
        local.timeZone = zone
        let sameDay = utc.dateComponents([.year, .month, .day], from: dateTime) == local.dateComponents([.year, .month, .day], from: dateTime)
        return Formatters.shared.string(dateTime, language: language, template: sameDay ? "HHmm" : "dMMMMHHmm", suffix: "", zone: zone)
    }

    /// A whole number with the grouping of `language`: 12,000 · 12 000 · 12.000.
    public static func format(number: Int, language: String) -> String {
        Formatters.shared.string(number, language: language)
    }

    /// The locale whose conventions a language's pages follow. English is written as in the
    /// Commonwealth Caribbean (day before month), not as in the United States.
    public static func locale(_ language: String) -> Locale {
        Locale(identifier: language == reference ? "en_GB" : language)
    }
}

/// Foundation's formatters, made once per language and pattern: they are slow to make and
/// not safe to share between threads, so each use holds a lock.
private final class Formatters: @unchecked Sendable {
    static let shared = Formatters()
    private let lock = NSLock()
    private var dates: [String: DateFormatter] = [:]
    private var numbers: [String: NumberFormatter] = [:]

    func string(_ date: Date, language: String, template: String, suffix: String, zone: TimeZone? = nil) -> String {
        lock.withLock {
            let key = language + " " + template + " " + (zone?.identifier ?? "UTC")
            let formatter = dates[key] ?? {
                let formatter = DateFormatter()
                formatter.locale = Catalogue.locale(language)
                formatter.timeZone = zone ?? TimeZone(identifier: "UTC")
                formatter.calendar = Calendar(identifier: .gregorian)
                formatter.setLocalizedDateFormatFromTemplate(template)
                dates[key] = formatter
                return formatter
            }()
            return formatter.string(from: date) + suffix
        }
    }

    func string(_ number: Int, language: String) -> String {
        lock.withLock {
            let formatter = numbers[language] ?? {
                let formatter = NumberFormatter()
                formatter.locale = Catalogue.locale(language)
                formatter.numberStyle = .decimal
                numbers[language] = formatter
                return formatter
            }()
            return formatter.string(from: NSNumber(value: number)) ?? String(number)
        }
    }
}
