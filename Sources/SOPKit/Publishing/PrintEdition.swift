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
    /// site's print CSS is inlined so the file needs nothing beside it.
    static func context(_ model: SiteModel, language: String? = nil, titles: [String: String] = [:], translation: [String: Any]? = nil) -> [String: Any] {
        let language = language ?? model.sourceLanguage
        var context = model.common(page: model.folder(language) + page, language: language)
        let published = model.procedures.filter(\.isPublishable)
        let editionLabel = context["editionLabel"] as? String ?? model.edition.label
        context.merge(
            SiteModel.compact([
                "procedures": published.map { facts in
                    [
                        "id": facts.id, "title": titles[facts.id] ?? facts.title, "anchor": facts.id,
                        "versionLine": model.text("print.version", language, ["version": facts.metadata.version ?? ""]),
                    ]
                },
                "css": model.templates.assets["print.css"].map { String(decoding: $0, as: UTF8.self) },
                "generated": model.generated, "commit": model.edition.commit.hex,
                "printTitle": model.text("print.title", language, ["title": context["setTitle"] as? String ?? "", "edition": editionLabel]),
                "publishedLine": model.text("site.published", language, ["commit": model.edition.commit.hex, "date": model.generated]),
                "cssHeader": cssString(
                    model.text(model.edition.current == nil ? "print.header-edition" : "print.header-version", language,
                        ["title": context["shortTitle"] as? String ?? "", "edition": model.edition.label])),
                "cssNotice": cssString(context["printNotice"] as? String ?? ""),
                "cssPage": cssPageCounter(model.templates.catalogue.raw("print.page", language) ?? model.text("print.page", Catalogue.reference)), "translation": translation,
            ])) { _, new in new }
        return context
    }

    /// `"Page " counter(page) " of " counter(pages)` from a language's `Page {page} of {pages}`:
    /// each piece of words a CSS string, each placeholder its counter.
    static func cssPageCounter(_ template: String) -> String {
        var parts: [String] = []
        for (index, chunk) in template.components(separatedBy: "{pages}").enumerated() {
            if index > 0 { parts.append("counter(pages)") }
            for (inner, words) in chunk.components(separatedBy: "{page}").enumerated() {
                if inner > 0 { parts.append("counter(page)") }
                if !words.isEmpty { parts.append("\"\(cssString(words))\"") }
            }
        }
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

    static func makePDF(with tool: URL, from html: URL, to pdf: URL) throws {
        let process = Process()
        process.executableURL = tool
        process.arguments = ["--quiet", html.path, pdf.path]
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
            throw SOPError(.io, "WeasyPrint failed (exit \(process.terminationStatus)) making \(pdf.path): \(output.suffix(800))")
        }
    }
}
