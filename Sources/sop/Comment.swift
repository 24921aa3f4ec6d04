import ArgumentParser
import Foundation
import SOPCommandLine
import SOPKit

struct CommentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comment",
        abstract: "Comments on a round, in the ISO/CEN template: add, reply, dispose, list, export, import.",
        discussion: """
            Example:  sop comment add maritime-2027-1 --as TT --section screening --quote "within two hours" \\
                        --type te --text "Two hours is not achievable at night" --proposed "within four hours"
            """,
        subcommands: [Add.self, Reply.self, Dispose.self, Apply.self, Clear.self, ListComments.self, Export.self, Import.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Comment on a section (optionally on exact words) of the round's current revision.",
            discussion: "Example:  sop comment add maritime-2027-1 --as TT --section detection --quote \"within two hours\" --type te --text \"Not feasible at night\" --blocking")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "The section ID (screening), or procedure and section (SOP-004#screening).") var section: String
        @Option(help: "The exact words the comment is about.") var quote: String?
        @Option(help: "ge (general), te (technical) or ed (editorial).") var type: String
        @Option(help: "The comment.") var text: String
        @Option(help: "The wording you propose instead.") var proposed: String?
        @Option(help: "The paragraph (e.g. 5.7.2), as the ISO/CEN template asks.") var paragraph: String?
        @Option(help: "The language you write in (es, fr, nl); --quote is looked up in that language's version first.") var lang: LanguageCode?
        @Flag(help: "An objection that holds the decision until it is disposed of and cleared.") var blocking = false

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            guard let kind = Comment.Kind(rawValue: type) else {
                throw SOPError(.invalidArgument, "unknown comment type '\(type)'; use ge (general), te (technical) or ed (editorial)")
            }
            let state = try consultation.log.round(round)
            let draft = CommentDraft(section: section, quote: quote, type: kind, text: text, proposed: proposed, blocking: blocking, paragraph: paragraph, language: lang?.code)
            let comment = try consultation.addComments([draft], round: round, as: try actor.actor(workspace, at: state.revision.commit), now: Timestamp.now())[0]
            if output.json { return try Terminal.json(comment) }
            Terminal.say("\(comment.number) recorded on \(comment.anchor) (id \(comment.id.prefix(12)))")
        }
    }

    struct Reply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reply",
            abstract: "Answer a comment.", discussion: "Example:  sop comment reply TT-3 --as secretariat --text \"Agreed; see revision 2\"")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The comment: TT-3, ROUND:TT-3 or the start of its ID.") var comment: String
        @Option(help: "The round, when the number is used in several.") var round: String?
        @Option(help: "The reply.") var text: String

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let answered = try consultation.reply(to: comment, round: round, text: text, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("replied to \(answered.number) (\(answered.replies.count) repl\(answered.replies.count == 1 ? "y" : "ies"))")
            Terminal.warn(unreadable: consultation.log.unreadableRounds)
        }
    }

    struct Dispose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispose",
            abstract: "Record the secretariat's disposition of a comment.",
            discussion: "Example:  sop comment dispose TT-3 --rejected --reason \"Conflicts with SOLAS obligations\" --as secretariat")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The comment: TT-3, ROUND:TT-3 or the start of its ID.") var comment: String
        @Option(help: "The round, when the number is used in several.") var round: String?
        @Flag(help: "How the comment was taken up.") var resolution: Comment.Resolution
        @Option(help: "Why (required for --rejected).") var reason: String?

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let disposed = try consultation.dispose(comment, round: round, resolution: resolution, reason: reason, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(disposed.number): \(disposed.state)")
            Terminal.warn(unreadable: consultation.log.unreadableRounds)
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply comments' proposed changes to the round's draft in one commit, and dispose of them.",
            discussion: """
                Each comment's quoted words must be found exactly once in its section of the draft as it is now, \
                and no two comments may touch the same words; otherwise nothing changes. Consult on the new text with \
                `sop round revise`.
                Example:  sop comment apply TT-1 JM-2 --as secretariat
                """)
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The comments: TT-3, ROUND:TT-3 or the start of their IDs.") var comments: [String]
        @Option(help: "The round, when a number is used in several.") var round: String?
        @Flag(help: "Dispose of them as modified rather than accepted.") var modified = false
        @Option(help: "The secretariat's observation (default: the commit that applied them).") var reason: String?

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let applied = try consultation.apply(
                comments, round: round, resolution: modified ? .modified : .accepted, reason: reason, as: try actor.actor(workspace), now: Timestamp.now())
            if output.json { return try Terminal.json(applied) }
            Terminal.say("Applied \(applied.comments.map(\.number).joined(separator: ", ")) in \(applied.commit.prefix(10)) on draft/\(applied.draft) (\(applied.files.joined(separator: ", ")))")
            for comment in applied.comments { Terminal.say("\(comment.number): \(comment.state)") }
            Terminal.say("Consult on the new text with `sop round revise \(applied.round) --as secretariat`")
        }
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clear",
            abstract: "Lift your blocking comment after the secretariat has disposed of it.",
            discussion: "Example:  sop comment clear TT-1 --as TT")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The comment: TT-3, ROUND:TT-3 or the start of its ID.") var comment: String
        @Option(help: "The round, when the number is used in several.") var round: String?

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let cleared = try consultation.clear(comment, round: round, as: try actor.actor(workspace), now: Timestamp.now())
            Terminal.say("\(cleared.number) cleared; it no longer holds the decision")
            Terminal.warn(unreadable: consultation.log.unreadableRounds)
        }
    }

    struct ListComments: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List a round's comments, placed on its current revision.",
            discussion: "Example:  sop comment list maritime-2027-1 --country TT --open")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var output: OutputOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "Only this participant's comments.") var country: String?
        @Option(help: "Only comments on this section (ID or PROCEDURE#ID).") var section: String?
        @Flag(help: "Only comments not yet disposed of.") var open = false

        struct Listed: Encodable {
            let comment: Comment
            /// Whether the comment's words are still found in its section of the current revision.
            let placed: Bool
        }

        func run() throws {
            let workspace = try repository.workspace()
            let state = try Consultation(workspace).log.round(round)
            let text = try RevisionText(workspace: workspace, commit: state.revision.commit, scope: state.procedures)
            if let country { try checkInvited(country, state) }
            if let section, !text.sectionAnchors.contains(where: { $0 == section || $0.hasSuffix("#" + section) }),
                !state.comments.contains(where: { $0.section == section || $0.anchor == section })
            {
                throw SOPError(.invalidArgument, "no section '\(section)' in round \(state.id)", hint: "sections: \(text.sectionAnchors.prefix(20).joined(separator: ", "))")
            }
            let listed = state.comments
                .filter { country == nil || $0.participant == country }
                .filter { section == nil || $0.section == section || $0.anchor == section }
                .filter { !open || $0.disposition == nil }
                .map { Listed(comment: $0, placed: text.isPlaced($0)) }
            if output.json { return try Terminal.json(listed) }
            if listed.isEmpty { return Terminal.say("no comments") }
            let source = text.set?.sourceLanguage ?? "en"
            Terminal.table(
                ["NO.", "REV", "SECTION", "TYPE", "STATE", "LANG", "TEXT"],
                listed.map { item in
                    let comment = item.comment
                    let flags = (comment.blocking ? " BLOCKING" : "") + (item.placed ? "" : " (unplaced)")
                    let line = comment.text.replacingOccurrences(of: "\n", with: " ")
                    return [
                        comment.number, String(comment.revision), comment.anchor + flags, comment.type.rawValue, comment.state, comment.language ?? source,
                        line.count > 60 ? line.prefix(59) + "…" : line,
                    ]
                })
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the ISO/CEN comment form (or the disposition table) for a spreadsheet, as CSV or as an Excel workbook.",
            discussion: """
                The format is --format, else the one the file's extension names (.xlsx, .csv), else CSV.
                Example:  sop comment export maritime-2027-1 --country TT -o TT-comments.xlsx
                """)
        @OptionGroup var repository: RepositoryOptions
        @Argument(help: "The round's ID.") var round: String
        @Option(help: "Pre-fill the form for this participant.") var country: String?
        @Flag(help: "Write the disposition table: every comment with the secretariat's answer.") var dispositions = false
        @Option(help: "csv or xlsx (default: the one -o's extension names, else csv).") var format: FormFormat?
        @Option(name: .shortAndLong, help: "The file to write (FILE.csv or FILE.xlsx).") var output: String

        func run() throws {
            let workspace = try repository.workspace()
            let state = try Consultation(workspace).log.round(round)
            if let country { try checkInvited(country, state) }
            let chosen = try FormFormat.forWriting(format, to: output)
            let text = try RevisionText(workspace: workspace, commit: state.revision.commit, scope: state.procedures)
            let data = try dispositions
                ? CommentForm.dispositions(state, text: text, as: chosen) : CommentForm.export(state, text: text, participant: country, as: chosen)
            do {
                try data.write(to: URL(fileURLWithPath: output))
            } catch {
                throw SOPError(.io, "cannot write \(output): \(error.localizedDescription)")
            }
            Terminal.say("wrote \(output)")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Record the comments of a filled-in form; nothing is recorded unless every row is valid.",
            discussion: "Example:  sop comment import maritime-2027-1 TT-comments.csv --as TT")
        @OptionGroup var repository: RepositoryOptions
        @OptionGroup var actor: ActorOptions
        @Argument(help: "The round's ID.") var round: String
        @Argument(help: "The filled-in form: a CSV file or an Excel workbook (.xlsx), told apart by its content.") var file: String

        func run() throws {
            let workspace = try repository.workspace()
            let consultation = Consultation(workspace)
            let state = try consultation.log.round(round)
            let who = try actor.actor(workspace, at: state.revision.commit)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw SOPError(.notFound, "cannot read \(file)")
            }
            let text = try RevisionText(workspace: workspace, commit: state.revision.commit, scope: state.procedures)
            let drafts = try CommentForm.read(data, path: file, participant: who.participant, round: state, text: text)
            guard !drafts.isEmpty else { return Terminal.say("nothing new to import from \(file)") }
            let comments = try consultation.addComments(drafts, round: round, as: who, now: Timestamp.now())
            Terminal.say("imported \(comments.count) comment(s): \(comments.map(\.number).joined(separator: ", "))")
        }
    }
}

extension Comment.Resolution: EnumerableFlag {}

extension FormFormat: ExpressibleByArgument {}

/// Refuses a `--country` that is not taking part in the round.
func checkInvited(_ code: String, _ round: Round) throws {
    guard code == Round.secretariat || round.participants.contains(code) else {
        throw SOPError(.invalidArgument, "\(code) is not invited to round \(round.id)", hint: "invited: \(round.participants.joined(separator: ", "))")
    }
}
