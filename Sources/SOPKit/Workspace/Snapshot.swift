import Foundation
import Markdown

/// The protocol set as it stands in one `FileSource`: set.yaml, the template and every
/// procedure, each read once.
public struct Snapshot {
    public let source: FileSource
    /// set.yaml, or the reason it could not be read.
    public let set: Result<ProtocolSet, SOPError>
    public let procedures: [Procedure]
    /// The language versions in `Procedures/<language>/`.
    public let translations: [Translation]
    /// Files in Procedures/ that could not be read as procedures, with why.
    public let unreadable: [SOPError]
    /// What `Templates/procedure.md` asks of every procedure: its sections, and its
    /// placeholder text replaced.
    public let template: TemplateRules
    /// The procedures by path: lint looks up every cross-reference's target here.
    private let byPath: [String: Procedure]
    private let translationsByPath: [String: Translation]

    init(
        source: FileSource, set: Result<ProtocolSet, SOPError>, procedures: [Procedure], translations: [Translation] = [], unreadable: [SOPError],
        template: TemplateRules
    ) {
        self.source = source
        self.set = set
        self.procedures = procedures
        self.translations = translations
        self.unreadable = unreadable
        self.template = template
        byPath = Dictionary(procedures.map { ($0.path, $0) }) { first, _ in first }
        translationsByPath = Dictionary(translations.map { ($0.path, $0) }) { first, _ in first }
    }

    /// Reads set.yaml, the template, every `Procedures/*.md` and every translation in
    /// `Procedures/<language>/*.md`, plus any `extra` Markdown
    /// files (a path given to `sop lint` outside Procedures/).
    public static func load(from source: FileSource, including extra: [String] = []) throws -> Snapshot {
        let setResult: Result<ProtocolSet, SOPError>
        do {
            if let text = try source.text(at: ProtocolSet.path) {
                setResult = .success(try ProtocolSet.parse(text))
            } else {
                setResult = .failure(
                    SOPError(
                        .notFound, "\(ProtocolSet.path) is missing", at: Location(ProtocolSet.path),
                        hint: "a workspace needs set.yaml; `sop init --sample` shows one"))
            }
        } catch let error as SOPError {
            setResult = .failure(error)
        }
        var procedures: [Procedure] = []
        var unreadable: [SOPError] = []
        var paths = try source.files(in: Workspace.proceduresDirectory).filter { $0.hasSuffix(".md") }
        paths += extra.filter { !paths.contains($0) }
        for path in paths {
            do {
                guard let text = try source.text(at: path) else { continue }
                procedures.append(try Procedure.parse(path: path, text: text))
            } catch let error as SOPError {
                unreadable.append(error)
            }
        }
        var translations: [Translation] = []
        for folder in try source.folders(in: Workspace.proceduresDirectory) {
            for path in try source.files(in: folder) where path.hasSuffix(".md") {
                do {
                    guard let text = try source.text(at: path) else { continue }
                    translations.append(try Translation.parse(path: path, text: text))
                } catch let error as SOPError {
                    unreadable.append(error)
                }
            }
        }
        return Snapshot(
            source: source, set: setResult, procedures: procedures, translations: translations, unreadable: unreadable,
            template: try TemplateRules.read(from: source))
    }

    public func procedure(atPath path: String) -> Procedure? { byPath[path] }

    public func translation(atPath path: String) -> Translation? { translationsByPath[path] }
}
