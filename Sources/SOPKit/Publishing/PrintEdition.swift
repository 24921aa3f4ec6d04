import Foundation

/// The whole set in one self-contained HTML file with print CSS (page numbers, running header
/// with the version, an "uncontrolled when printed" footer), and the PDF WeasyPrint makes of it.
enum PrintEdition {
    static let page = "print.html"
    static let pdf = "print.pdf"
    /// Each procedure's part, kept between publishes so that one change re-renders one part.
    static let fragmentFolder = SiteManifest.folder + "/print"

    static func fragmentPath(_ id: String) -> String { "\(fragmentFolder)/\(id).html" }

    /// The context of `print.mustache` but for `body`, the procedures' parts in order: the
    /// site's print CSS is inlined so the file needs nothing beside it. The cover says what a
    /// reader holding the paper needs (title, version, adoption and effective dates in their
    /// language); the commit is left to the imprint's small print.
    static func context(_ model: SiteModel, language: String? = nil, titles: [String: String] = [:], translation: [String: Any]? = nil) -> [String: Any] {
        let language = language ?? model.sourceLanguage
        var context = model.common(page: model.folder(language) + page, language: language)
        let published = model.procedures.filter(\.isPublishable)
        let editionLabel = context["editionLabel"] as? String ?? model.edition.label
        let current = model.edition.current.flatMap { model.records[$0.tag] }
        func words(_ key: String) -> String { model.templates.catalogue.raw(key, language) ?? model.text(key, Catalogue.reference) }
        context.merge(
            SiteModel.compact([
                "procedures": published.map { facts in
                    [
                        "id": facts.id, "title": titles[facts.id] ?? facts.title, "anchor": facts.id,
                        "versionLine": model.text("print.version", language, ["version": facts.metadata.version ?? ""]),
                    ]
                },
                "records": records(model, published: published).map { $0.context(model, language: language) },
                "css": model.templates.assets["print.css"].map { String(decoding: $0, as: UTF8.self) },
                "generated": model.generated, "commit": model.edition.commit.hex, "author": model.set?.secretariat.name,
                "printTitle": model.text("print.title", language, ["title": context["setTitle"] as? String ?? "", "edition": editionLabel]),
                "adoptedLine": current?.record.adopted.map { model.text("print.adopted-on", language, ["date": Catalogue.format(date: $0, language: language)]) },
                "effectiveLine": current?.effective.map { model.text("print.effective-from", language, ["date": Catalogue.format(day: $0, language: language)]) },
                "publishedLine": model.text(
                    "site.published", language,
                    ["commit": model.edition.commit.hex, "date": Timestamp.parse(model.generated).map { Catalogue.format(dateTime: $0, language: language) } ?? model.generated]),
                "cssHeader": cssString(
                    model.text(model.edition.current == nil ? "print.header-edition" : "print.header-version", language,
                        ["title": context["shortTitle"] as? String ?? "", "edition": model.edition.label])),
                "cssNotice": cssString(context["printNotice"] as? String ?? ""),
                "cssPage": cssContent(words("print.page"), ["page": "counter(page)", "pages": "counter(pages)"]),
                "cssPageRef": cssContent(words("print.see-page"), ["page": "target-counter(attr(href), page)"]),
                "translation": translation,
            ])) { _, new in new }
        return context
    }

    /// The records the print edition ends with, newest first: the edition's own and each that
    /// adopted the text in force of a procedure in it.
    static func records(_ model: SiteModel, published: [ProcedureFacts]) -> [ApprovalRecord] {
        let tags = Set(published.compactMap { model.edition.adoption(of: $0.id)?.tag } + [model.edition.current?.tag].compactMap { $0 })
        return model.edition.history.reversed().filter { tags.contains($0.tag) }.compactMap { model.records[$0.tag] }
    }

    /// A CSS `content` value from a catalogue text: each piece of words a CSS string, each
    /// `{name}` of `values` the CSS expression given for it (`Page {page} of {pages}` gives
    /// `"Page " counter(page) " of " counter(pages)`), so the words stay the translators'.
    static func cssContent(_ template: String, _ values: [String: String]) -> String {
        var parts: [String] = []
        var words = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}"), let value = values[String(rest[rest.index(after: open)..<close])] else {
                words += rest[...open]
                rest = rest[rest.index(after: open)...]
                continue
            }
            words += rest[..<open]
            if !words.isEmpty { parts.append("\"\(cssString(words))\"") }
            words = ""
            parts.append(value)
            rest = rest[rest.index(after: close)...]
        }
        words += rest
        if !words.isEmpty { parts.append("\"\(cssString(words))\"") }
        return parts.joined(separator: " ")
    }

    /// Text for a CSS string inside `<style>`, where HTML entities are not decoded: everything
    /// but letters, digits, spaces and harmless punctuation is written as a CSS escape
    /// (`\\22 ` for a quote), so no quote, backslash, line break or `</style>` can get out.
    static func cssString(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || scalar.properties.numericType != nil || " .,:;-_/()!?'@#%+=".unicodeScalars.contains(scalar) {
                output.unicodeScalars.append(scalar)
            } else {
                output += "\\" + String(scalar.value, radix: 16) + " "
            }
        }
        return output
    }

    /// The `weasyprint` program, or an error that says how to install it.
    static func weasyprint() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("weasyprint")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw SOPError(
            .notFound, "--pdf needs WeasyPrint, which is not installed",
            hint: "install it with `sudo apt-get install weasyprint` (or run `make demo`, which does), then publish again")
    }

    /// Makes a tagged PDF (PDF/UA-1: a structure tree of headings, lists, tables and links,
    /// the document's language and title), which screen readers and accessibility checks
    /// need. WeasyPrint has made them since version 57, Debian bookworm's.
    static func makePDF(with tool: URL, from html: URL, to pdf: URL) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--quiet", "--pdf-variant", "pdf/ua-1", html.path, pdf.path]
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("sop-weasyprint-\(ProcessInfo.processInfo.processIdentifier).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw SOPError(.io, "cannot run \(tool.path): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw SOPError(
                .io, "WeasyPrint failed (exit \(process.terminationStatus)) making \(pdf.path): \(output.suffix(800))",
                hint: output.contains("--pdf-variant")
                    ? "sop makes tagged PDFs, which need WeasyPrint 57 or later (`weasyprint --version`; Debian bookworm has 57.2): upgrade it"
                    : nil)
        }
    }
}
