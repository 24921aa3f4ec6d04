import Crypto
import Foundation
import Markdown

/// Finding quoted words in a section, on the revision a comment was made on and on later ones.
///
/// Text is compared with whitespace collapsed, so line wrapping never moves a comment. When a
/// quote cannot be found with certainty (gone, or there twice and the surrounding words do not
/// decide), the comment is *unplaced*: it is never moved to a lookalike.
public enum Anchor {
    /// How many characters of context are kept on each side of a quote.
    public static let contextLength = 32

    /// Whitespace runs collapsed to one space, ends trimmed. Works on UTF-8 bytes, checking
    /// Unicode whitespace only for non-ASCII characters: it runs for every comment on every read.
    public static func normalized(_ text: String) -> String {
        String(decoding: normalizedUTF8(text), as: UTF8.self)
    }

    /// ``normalized(_:)`` as UTF-8, with ASCII letters in lower case when `lowercasingASCII`
    /// (lint's search for a template's sentences, in every paragraph of every procedure).
    static func normalizedUTF8(_ text: String, lowercasingASCII: Bool = false) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func space() { if !output.isEmpty { pendingSpace = true } }
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let byte = UInt8(scalar.value)
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    space()
                    continue
                }
                if pendingSpace { output.append(0x20); pendingSpace = false }
                output.append(lowercasingASCII && (0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            } else if scalar.properties.isWhitespace {
                space()
            } else {
                if pendingSpace { output.append(0x20); pendingSpace = false }
                output.append(contentsOf: String(scalar).utf8)
            }
        }
        return output
    }

    /// The quote with its surrounding words, or nil when `exact` is not in `text`.
    public static func quote(_ exact: String, in text: String) -> Comment.Quote? {
        let haystack = normalized(text)
        let needle = normalized(exact)
        guard !needle.isEmpty, let range = haystack.range(of: needle) else { return nil }
        return Comment.Quote(
            prefix: String(haystack[..<range.lowerBound].suffix(contextLength)), exact: needle,
            suffix: String(haystack[range.upperBound...].prefix(contextLength)))
    }

    /// Whether the quote is found in `text` exactly once, or once among the places where its
    /// remembered context also matches.
    public static func isPlaced(_ quote: Comment.Quote, in text: String) -> Bool { place(quote, in: text) != nil }

    /// Where ``isPlaced(_:in:)`` finds the quote: `text` with its whitespace collapsed, and the
    /// quote's one place in it.
    public static func place(_ quote: Comment.Quote, in text: String) -> (text: String, range: Range<String.Index>)? {
        let haystack = normalized(text)
        var matches: [Range<String.Index>] = []
        var start = haystack.startIndex
        while let range = haystack.range(of: quote.exact, range: start..<haystack.endIndex) {
            matches.append(range)
            start = haystack.index(after: range.lowerBound)
        }
        if matches.count == 1 { return (haystack, matches[0]) }
        let inContext = matches.filter {
            haystack[..<$0.lowerBound].hasSuffix(quote.prefix) && haystack[$0.upperBound...].hasPrefix(quote.suffix)
        }
        return inContext.count == 1 ? (haystack, inContext[0]) : nil
    }
}

/// The procedures of one round revision, read once from the commit, for checking and placing
/// comments.
public struct RevisionText {
    public let commit: String
    public let procedures: [String: Procedure]
    /// The procedures in the round's scope, in order.
    public let scope: [String]

    /// The language versions of the procedures in scope, by language, then procedure ID.
    public let versions: [String: [String: Translation]]
    /// set.yaml of the revision, when it reads.
    public let set: ProtocolSet?

    public init(workspace: Workspace, commit: String, scope: [String]) throws {
        self.commit = commit
        let source = try workspace.commitSource(commit)
        var procedures: [String: Procedure] = [:]
        for path in try source.files(in: Workspace.proceduresDirectory) where path.hasSuffix(".md") {
            guard let id = Procedure.idPrefix(ofFile: path), scope.isEmpty || scope.contains(id),
                let text = try source.text(at: path), let procedure = try? Procedure.parse(path: path, text: text)
            else { continue }
            procedures[id] = procedure
        }
        self.procedures = procedures
        self.scope = scope.isEmpty ? procedures.keys.sorted() : scope
        set = try source.text(at: ProtocolSet.path).flatMap { try? ProtocolSet.parse($0) }
        var versions: [String: [String: Translation]] = [:]
        for language in set?.translationLanguages ?? [] {
            for (id, procedure) in procedures {
                let path = Translation.path(of: procedure.path, in: language)
                guard let text = try source.text(at: path), let translation = try? Translation.parse(path: path, text: text) else { continue }
                versions[language, default: [:]][id] = translation
            }
        }
        self.versions = versions
    }

    /// The languages with a version of some procedure in scope, the source's first.
    public var languages: [String] {
        [set?.sourceLanguage ?? Catalogue.reference] + (set?.translationLanguages ?? []).filter { versions[$0] != nil }
    }

    /// `language` when a comment may be written in it (one of set.yaml's languages); nil for
    /// the source language, which comments need not name.
    public func checkLanguage(_ language: String?) throws -> String? {
        guard let language, language != (set?.sourceLanguage ?? Catalogue.reference) else { return nil }
        guard let set, set.languages.contains(language) else {
            throw SOPError(
                .invalidArgument, "'\(language)' is not one of the set's languages (\(set?.languages.joined(separator: ", ") ?? "set.yaml cannot be read"))",
                hint: "write in one of them, e.g. --lang \(set?.translationLanguages.first ?? "fr")")
        }
        return language
    }

    /// The text of a section as a reader of `language` sees it: that language's version where
    /// it has the section, else the source's. Returns the language it is in (nil: the source).
    public func plainText(_ procedure: String, _ section: String, in language: String?) -> (text: String, language: String?)? {
        if let language, let translation = versions[language]?[procedure], let translated = translation.section(section) {
            return (translation.document.plainText(of: translated), language)
        }
        guard let (document, found) = self.section(procedure, section) else { return nil }
        return (document.document.plainText(of: found), nil)
    }

    /// Every section in scope as `SOP-004#screening`, in document order.
    public var sectionAnchors: [String] {
        scope.flatMap { id in procedures[id]?.sections.compactMap { $0.heading.id.map { "\(id)#\($0)" } } ?? [] }
    }

    public func section(_ procedure: String, _ id: String) -> (Procedure, Section)? {
        guard let document = procedures[procedure], let section = document.sections.first(where: { $0.heading.id == id }) else {
            return nil
        }
        return (document, section)
    }

    /// Resolves `screening` or `SOP-004#screening` to one section in scope, or explains which
    /// sections exist.
    public func resolve(_ reference: String) throws -> (procedure: String, section: Section, plainText: String) {
        let parts = reference.split(separator: "#", maxSplits: 1).map(String.init)
        if parts.count == 2, Metadata.isProcedureID(parts[0]), !scope.contains(parts[0]) {
            throw SOPError(
                .invalidArgument, "\(parts[0]) is not in this round (it covers \(scope.joined(separator: ", ")))",
                hint: "comment on the procedures under consultation")
        }
        let candidates: [String]
        if parts.count == 2 {
            candidates = [reference]
        } else {
            candidates = sectionAnchors.filter { $0.hasSuffix("#" + reference) }
        }
        guard candidates.count == 1 else {
            let list = sectionAnchors
            let shown = list.prefix(40).joined(separator: ", ") + (list.count > 40 ? ", …" : "")
            if candidates.count > 1 {
                throw SOPError(
                    .invalidArgument, "section '\(reference)' is in several procedures: \(candidates.joined(separator: ", "))",
                    hint: "name it with its procedure, e.g. --section \(candidates[0])")
            }
            throw SOPError(.invalidArgument, "no section '\(reference)' in this revision; its sections are: \(shown)")
        }
        let anchor = candidates[0].split(separator: "#", maxSplits: 1).map(String.init)
        guard let (procedure, section) = self.section(anchor[0], anchor[1]) else {
            throw SOPError(
                .invalidArgument, "no section '\(reference)' in this revision; its sections are: \(sectionAnchors.prefix(40).joined(separator: ", "))")
        }
        return (anchor[0], section, procedure.document.plainText(of: section))
    }

    /// `procedure#section` → SHA-256 of the section's Markdown source, heading line included,
    /// whitespace collapsed (Doorstop-style review fingerprints), and `procedure` → the same of
    /// everything else in the file (``Procedure/unsectionedText``). Line wrapping changes none
    /// of them; any change of words, numbers, links or emphasis, of front matter (but the
    /// fields adoption writes), of the preamble, of a heading without an ID or of the order of
    /// sections changes one, so an approval covers the whole text.
    public func fingerprints() -> [String: String] {
        var result: [String: String] = [:]
        for id in scope {
            if let procedure = procedures[id] { result[id] = ContentHash.of(Anchor.normalized(procedure.unsectionedText)) }
        }
        for anchor in sectionAnchors {
            let parts = anchor.split(separator: "#").map(String.init)
            guard let (_, section) = section(parts[0], parts[1]) else { continue }
            let text = Anchor.normalized(section.text)
            result[anchor] = ContentHash.of(text)
        }
        // An authentic language version is approved as much as the source: `fr/SOP-004#scope`,
        // and `fr/SOP-004` for its front matter and preamble.
        for language in set?.authentic ?? [] where language != set?.sourceLanguage {
            for id in scope {
                guard let translation = versions[language]?[id] else { continue }
                let sections = translation.document.outline
                let outside = Lines.split(translation.text).prefix(max(translation.bodyFirstLine - 1, 0)).joined(separator: "\n")
                    + "\n" + translation.document.preamble + "\n" + sections.compactMap(\.heading.id).joined(separator: " ")
                result["\(language)/\(id)"] = ContentHash.of(Anchor.normalized(outside))
                for section in sections {
                    guard let sectionID = section.heading.id else { continue }
                    result["\(language)/\(id)#\(sectionID)"] = ContentHash.of(Anchor.normalized(section.text))
                }
            }
        }
        return result
    }

    /// The places where two sets of fingerprints differ, as people read them.
    public static func differences(_ a: [String: String], _ b: [String: String]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted().map(describe)
    }

    /// `SOP-004#scope`, or for a procedure's text outside its sections, what that text is.
    public static func describe(_ key: String) -> String {
        key.contains("#") ? key : "\(key) (front matter, preamble, a heading without an ID or the order of its sections)"
    }

    /// Whether a comment's anchor still points at text in this revision.
    public func isPlaced(_ comment: Comment) -> Bool {
        guard section(comment.procedure, comment.section) != nil else { return false }
        guard comment.quote != nil else { return true }
        guard let (text, language) = plainText(comment.procedure, comment.section, in: comment.quotedIn), language == comment.quotedIn else { return false }
        return comment.placements.contains { Anchor.isPlaced($0, in: text) }
    }
}
