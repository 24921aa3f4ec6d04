import Foundation
import Markdown

/// `sop lint`: every rule a procedure must follow before it can go out for consultation.
public enum Linter {
    /// Lints the procedures at `paths` (all when nil) against the rest of the snapshot; with
    /// `today`, a procedure in force whose review is overdue is a warning too (publishing lints
    /// without it, so that what it writes does not depend on the day).
    public static func lint(_ snapshot: Snapshot, paths: Set<String>? = nil, today: Day? = nil) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let set: ProtocolSet?
        switch snapshot.set {
        case .success(let value): set = value
        case .failure(let error):
            set = nil
            diagnostics.append(diagnostic(error, check: "set"))
        }
        for error in snapshot.unreadable where paths == nil || paths!.contains(error.location?.path ?? "") {
            diagnostics.append(diagnostic(error, check: "file"))
        }
        let byID = Dictionary(grouping: snapshot.procedures, by: \.id)
        for procedure in snapshot.procedures where paths == nil || paths!.contains(procedure.path) {
            diagnostics += procedure.diagnostics
            diagnostics += checkIdentity(procedure, byID: byID)
            if let set { diagnostics += checkParticipants(procedure, set: set) }
            diagnostics += checkDates(procedure)
            if let today { diagnostics += checkReview(procedure, today: today) }
            diagnostics += checkRequiredSections(procedure, required: snapshot.template.requiredSections)
            diagnostics += checkPlaceholders(procedure, template: snapshot.template)
            diagnostics += checkReferences(procedure, snapshot: snapshot)
            diagnostics += checkReordering(procedure)
        }
        return diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
    }

    static func diagnostic(_ error: SOPError, check: String) -> Diagnostic {
        var message = error.message
        if let hint = error.hint { message += " (\(hint))" }
        return Diagnostic(.error, message, at: error.location ?? Location(ProtocolSet.path), check: check)
    }

    private static func field(_ procedure: Procedure, _ key: String) -> Location {
        let lines = Lines.split(procedure.source)
        let index = lines.prefix(procedure.bodyFirstLine).firstIndex { $0.hasPrefix(key + ":") }
        return Location(procedure.path, line: index.map { $0 + 1 } ?? 1, column: 1)
    }

    static func checkIdentity(_ procedure: Procedure, byID: [String: [Procedure]]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        guard let id = procedure.metadata.id else { return [] }
        let fileID = Procedure.idPrefix(ofFile: procedure.path)
        if fileID != id {
            diagnostics.append(
                Diagnostic(
                    .error, "id '\(id)' does not match the file name; name the file \(id)-<slug>.md",
                    at: field(procedure, "id"), check: "front-matter"))
        }
        if let others = byID[id], others.count > 1, others.first?.path != procedure.path {
            diagnostics.append(
                Diagnostic(.error, "id '\(id)' is also used by \(others[0].path)", at: field(procedure, "id"), check: "front-matter"))
        }
        return diagnostics
    }

    static func checkParticipants(_ procedure: Procedure, set: ProtocolSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let owner = procedure.metadata.owner, owner != "secretariat", set.participant(owner) == nil {
            diagnostics.append(
                Diagnostic(
                    .error, "owner '\(owner)' is not a participant in set.yaml; use 'secretariat' or a participant code such as \(set.participants.first?.code ?? "TT")",
                    at: field(procedure, "owner"), check: "participant"))
        }
        if let language = procedure.metadata.language, !set.languages.isEmpty, !set.languages.contains(language) {
            diagnostics.append(
                Diagnostic(
                    .error, "language '\(language)' is not one of the set's languages (\(set.languages.joined(separator: ", ")))",
                    at: field(procedure, "language"), check: "front-matter"))
        }
        return diagnostics
    }

    /// The approved text itself must read as it is written: a bidi embedding, override or
    /// isolate in a procedure would show a reader, and every position bound to it, other words.
    static func checkReordering(_ procedure: Procedure) -> [Diagnostic] {
        Lines.split(procedure.source).enumerated().compactMap { index, line in
            guard let column = line.unicodeScalars.firstIndex(where: DisplayText.isReordering) else { return nil }
            let scalar = line.unicodeScalars[column]
            return Diagnostic(
                .error, "\(DisplayText.marker(scalar)) is a control character that changes the order in which the words around it are displayed; remove it",
                at: Location(procedure.path, line: index + 1, column: line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: column) + 1),
                check: "bidi")
        }
    }

    /// A procedure in force past its `review-by`: its periodic review is overdue.
    static func checkReview(_ procedure: Procedure, today: Day) -> [Diagnostic] {
        guard procedure.metadata.reviewIsOverdue(on: today), let due = procedure.metadata.reviewBy else { return [] }
        return [
            Diagnostic(
                .warning,
                "review overdue: review-by \(due) has passed (\(due.days(until: today)) days ago); record the review with `sop review record \(procedure.id) --verdict no-change|revise|withdraw --reason \"…\" --as secretariat`",
                at: field(procedure, "review-by"), check: "review")
        ]
    }

    static func checkDates(_ procedure: Procedure) -> [Diagnostic] {
        let metadata = procedure.metadata
        var diagnostics: [Diagnostic] = []
        if let effective = metadata.effective, let review = metadata.reviewBy, review <= effective {
            diagnostics.append(
                Diagnostic(
                    .error, "review-by \(review) is not after effective \(effective)", at: field(procedure, "review-by"),
                    check: "dates"))
        }
        if metadata.status == .effective, metadata.effective == nil {
            diagnostics.append(
                Diagnostic(.error, "status 'effective' needs an 'effective' date", at: field(procedure, "status"), check: "dates"))
        }
        return diagnostics
    }

    static func checkRequiredSections(_ procedure: Procedure, required: [Heading]) -> [Diagnostic] {
        let present = Set(procedure.document.headings.compactMap(\.id))
        return required.compactMap { section in
            guard let id = section.id, !present.contains(id) else { return nil }
            return Diagnostic(
                .error, "missing required section '\(section.title)' {#\(id)} (from Templates/procedure.md)",
                at: Location(procedure.path, line: procedure.bodyFirstLine, column: 1), check: "required-section")
        }
    }

    /// Words left from the template: the title of one of its example subsections, or one of
    /// its instructions (in italics or not, however the lines are wrapped). Adoption refuses
    /// text with lint errors, so none of them can be put in force.
    static func checkPlaceholders(_ procedure: Procedure, template: TemplateRules) -> [Diagnostic] {
        guard !template.placeholders.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        for heading in procedure.document.headings {
            guard let placeholder = template.heading(titled: heading.title) else { continue }
            diagnostics.append(
                Diagnostic(
                    .error, "heading '\(placeholder.text)' is the template's example (Templates/procedure.md); give the section a title of its own",
                    at: Location(procedure.path, line: heading.line, column: heading.column), check: "placeholder"))
        }
        for block in procedure.document.textBlocks {
            for placeholder in template.sentences(in: block.text) {
                diagnostics.append(
                    Diagnostic(
                        .error, "'\(placeholder.text)' is the template's instruction (Templates/procedure.md); replace it with the procedure's own text",
                        at: Location(procedure.path, line: block.line, column: block.column), check: "placeholder"))
            }
        }
        return diagnostics
    }

    /// Every relative link must reach a file of the workspace and, with a `#fragment`, one of
    /// that procedure's section IDs. `javascript:`-style links are refused outright.
    static func checkReferences(_ procedure: Procedure, snapshot: Snapshot) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let directory = (procedure.path as NSString).deletingLastPathComponent
        for link in procedure.document.links {
            let location = Location(procedure.path, line: link.line, column: link.column)
            let destination = link.destination
            if let scheme = CrossReference.scheme(of: destination) {
                if !["http", "https", "mailto"].contains(scheme.lowercased()) {
                    diagnostics.append(
                        Diagnostic(.error, "link with '\(scheme):' is not allowed; use http, https or mailto", at: location, check: "link"))
                }
                continue
            }
            let reference = CrossReference(destination)
            let target: Procedure
            if reference.file.isEmpty {
                target = procedure
            } else {
                guard let resolved = CrossReference.resolve(reference.file, from: directory) else {
                    diagnostics.append(
                        Diagnostic(.error, "cross-reference '\(destination)' points outside the workspace", at: location, check: "cross-reference"))
                    continue
                }
                guard let found = snapshot.procedure(atPath: resolved) else {
                    if snapshot.unreadable.contains(where: { $0.location?.path == resolved }) { continue }
                    if resolved.hasSuffix(".md") || reference.fragment != nil {
                        diagnostics.append(
                            Diagnostic(
                                .error, "cross-reference to missing procedure '\(reference.file)' (no \(resolved) in the set)",
                                at: location, check: "cross-reference"))
                    }
                    continue
                }
                target = found
            }
            if let fragment = reference.fragment, target.sectionIDs[fragment] == nil {
                let known = target.document.headings.compactMap(\.id)
                let list = known.prefix(15).joined(separator: ", ") + (known.count > 15 ? ", …" : "")
                diagnostics.append(
                    Diagnostic(
                        .error, "cross-reference to missing section '\(fragment)' in \(target.id); its sections are: \(list)",
                        at: location, check: "cross-reference"))
            }
        }
        return diagnostics
    }
}
