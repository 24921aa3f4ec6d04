import Foundation
import Testing

/// Consultation rounds through the built binary.
@Suite struct RoundCLITests {
    static let closes = "2027-02-01T17:00Z"

    /// A sample workspace (with keys registered for `keys`) with a draft changing SOP-004 and a
    /// round open on it; returns the round ID.
    func openRound(_ box: Sandbox, participants: String = "BZ,TT,JM,DO,BS", keys: [String] = []) throws -> String {
        try box.sampleWorkspaceWithRoot()
        for code in keys { #expect(try box.sop("key", "new", "--as", code, "--name", "Official \(code)", "--register").status == 0) }
        try box.sop("draft", "start", "maritime-2027")
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within two hours", with: "within one hour"))
        try box.sop("draft", "save", "-m", "Tighten reporting")
        let opened = try box.sop("round", "open", "maritime-2027", "--participants", participants, "--closes", Self.closes, "--as", "secretariat")
        #expect(opened.status == 0, "\(opened.output)")
        return opened.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aPositionNamingTheRevisionReadIsRefusedOnceTheRoundMovedOn() throws {
        let box = try Sandbox()
        let round = try openRound(box, keys: ["TT"])
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within one hour", with: "within thirty minutes"))
        try box.sop("draft", "save", "-m", "Thirty minutes")
        #expect(try box.sop("round", "revise", round, "--as", "secretariat").status == 0)
        try box.expectRefusal(
            ["position", round, "--as", "TT", "approve", "--revision", "1"],
            says: "Your position was not recorded", "revision 2", "after you opened revision 1")
        try box.expectRefusal(["position", round, "--as", "TT", "approve", "--revision", "3"], says: "has no revision 3")
        let stated = try box.sop("position", round, "--as", "TT", "approve", "--revision", "2")
        #expect(stated.status == 0 && stated.stdout.contains("approve on revision 2"), "\(stated.output)")
    }

    /// The draft changes 5.1.3 of the English SOP-004 and neither its Spanish nor its French
    /// version: the secretariat sees both behind there, and nothing else of them.
    @Test func roundStatusSaysHowEachLanguageVersionStandsAgainstTheRoundsEnglish() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        let status = try box.sop("round", "status", round)
        #expect(status.stdout.contains("  es version of SOP-004: official, 1 section behind (detection)\n  fr version of SOP-004: official, 1 section behind (detection)\n"), "\(status.output)")
        let report = try #require(try json(try box.sop("round", "status", round, "--json").stdout) as? [String: Any])
        let versions = try #require(report["languageVersions"] as? [[String: Any]])
        #expect(versions.map { "\($0["language"] ?? "")/\($0["procedure"] ?? "") \($0["state"] ?? "")" } == ["es/SOP-004 behind", "fr/SOP-004 behind"])
        let sections = try #require(versions.last?["sections"] as? [[String: Any]])
        #expect(sections.map { $0["id"] as? String } == ["detection"])
        #expect((sections.first?["new"] as? String)?.contains("within one hour") == true && (sections.first?["old"] as? String)?.contains("within two hours") == true)
    }

    @Test func theRoundLogTellsWhoDidWhatWhenAndHowAsTextAndJSON() throws {
        let box = try Sandbox()
        let round = try openRound(box, keys: ["TT"])
        try box.sop("comment", "add", round, "--as", "TT", "--section", "detection", "--type", "te", "--text", "Not feasible at night", "--blocking")
        try box.sop("comment", "dispose", "TT-1", "--modified", "--reason", "Two hours at night", "--as", "secretariat")
        #expect(try box.sop("position", round, "--as", "TT", "approve").status == 0)

        let text = try box.sop("round", "log", round)
        #expect(text.status == 0, "\(text.output)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("WHEN (UTC)") == true && lines.count == 5, "\(text.output)")
        let rows = lines.dropFirst().map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(rows.allSatisfy { $0.wholeMatch(of: /\d{4}-\d\d-\d\d \d\d:\d\dZ #\d+ .*/) != nil }, "\(rows)")
        #expect(rows[0].hasSuffix(" #1 secretariat cli secretariat opened the round on draft maritime-2027 (revision 1)"), "\(rows[0])")
        #expect(rows[1].hasSuffix(" TT cli TT commented on SOP-004#detection (TT-1, te, blocking)"), "\(rows[1])")
        #expect(rows[2].hasSuffix(" secretariat cli secretariat disposed TT-1: modified"), "\(rows[2])")
        #expect(rows[3].hasSuffix(" TT cli TT approved revision 1"), "\(rows[3])")

        let entries = try #require(try json(try box.sop("round", "log", round, "--json").stdout) as? [[String: Any]])
        #expect(entries.count == 4)
        for key in ["at", "clock", "event", "kind", "participant", "author", "channel", "summary", "revision", "signed"] {
            #expect(entries[3][key] != nil, "missing \(key)")
        }
        #expect(entries.allSatisfy { $0["refused"] == nil })
        #expect(entries[3]["kind"] as? String == "position-stated" && entries[3]["revision"] as? Int == 1)
        let signed = try #require(entries[3]["signed"] as? [String: Any])
        #expect(signed["holder"] as? String == "TT" && signed["verified"] as? Bool == true && (signed["key"] as? String)?.isEmpty == false)
        #expect(entries.allSatisfy { $0["channel"] as? String == "cli" })

        let tt = try #require(try json(try box.sop("round", "log", round, "--participant", "TT", "--json").stdout) as? [[String: Any]])
        #expect(tt.map { $0["kind"] as? String } == ["comment-added", "position-stated"])
        try box.expectRefusal(["round", "log", round, "--participant", "HT"], says: "'HT' does not take part in round \(round)", "secretariat, BS, BZ, DO, JM, TT")
        try box.expectRefusal(["round", "log", "no-such-1"], says: "unknown round 'no-such-1'", "rounds: \(round)")
    }

    /// What a ministry's spreadsheet set to Spanish or French sends back: semicolons (with
    /// Excel's `sep=;` line), the lines naming the round kept above the header, the quoted
    /// words and a blocking mark in their columns; a column added by hand is named, not lost.
    @Test func aFormFromASpreadsheetInAnotherLocaleIsReadWithItsQuotesAndBlocking() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        let form = """
            sep=;
            Comment form of round;\(round)
            Closes (UTC);2027-02-01T17:00:00Z
            Participant;Comment No.;Section ID;Section;Paragraph;Type;Comment;Proposed change;Secretariat observation;Revision;Quoted words;Blocking
            DO;;SOP-004#detection;SOP-004 §5.1;5.1.3;te;Plazo irrealizable de noche;within four hours;;1;within one hour;sí
            DO;;SOP-004#scope;SOP-004 §2;;ed;Añadir los aeropuertos;;;1;;

            """.replacingOccurrences(of: "\n", with: "\r\n")
        try Data(form.utf8).write(to: box.url.appendingPathComponent("do.csv"))
        let imported = try box.sop("comment", "import", round, "../do.csv", "--as", "DO")
        #expect(imported.status == 0, "\(imported.output)")
        let comments = try #require(try json(try box.sop("comment", "list", round, "--json").stdout) as? [[String: Any]]).compactMap { $0["comment"] as? [String: Any] }
        let first = try #require(comments.first { $0["number"] as? String == "DO-1" })
        #expect((first["quote"] as? [String: Any])?["exact"] as? String == "within one hour" && first["blocking"] as? Bool == true, "\(first)")
        #expect(comments.first { $0["number"] as? String == "DO-2" }?["blocking"] as? Bool == false)

        try Data(form.replacingOccurrences(of: ";Blocking\r\n", with: ";Blocking;Notas\r\n").utf8).write(to: box.url.appendingPathComponent("notes.csv"))
        try box.expectRefusal(["comment", "import", round, "../notes.csv", "--as", "BS"], says: "unknown column 'Notas' (column 13)", "rename it or remove it")
        try Data(form.replacingOccurrences(of: "DO;", with: "BS;").replacingOccurrences(of: ";sí\r\n", with: ";peut-être\r\n").utf8).write(to: box.url.appendingPathComponent("maybe.csv"))
        try box.expectRefusal(["comment", "import", round, "../maybe.csv", "--as", "BS"], says: "maybe.csv:5: error: row 5, column Blocking: 'peut-être' is neither yes nor no")
    }

    @Test func aRoundFromOpenToClose() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        #expect(round == "maritime-2027-1")
        let added = try box.sop(
            "comment", "add", round, "--as", "TT", "--section", "detection", "--quote", "within one hour", "--type", "te",
            "--text", "Not feasible at night", "--proposed", "within four hours", "--blocking")
        #expect(added.stdout.hasPrefix("TT-1 recorded on SOP-004#detection"), "\(added.output)")
        try box.sop("comment", "add", round, "--as", "JM", "--section", "SOP-004#screening", "--type", "ed", "--text", "Typo in 5.7.2")
        #expect(try box.sop("comment", "reply", "TT-1", "--as", "secretariat", "--text", "We will discuss").status == 0)
        #expect(try box.sop("comment", "dispose", "JM-1", "--accepted", "--reason", "Fixed", "--as", "secretariat").stdout == "JM-1: accepted\n")

        let status = try json(try box.sop("round", "status", round, "--json").stdout) as! [String: Any]
        for key in ["id", "title", "draft", "rule", "state", "revision", "commit", "procedures", "opened", "closes", "effectiveCloses", "daysLeft", "closed", "participants", "comments", "byType", "byState", "openBlocking", "refusedEvents"] where key != "closed" {
            #expect(status[key] != nil, "missing \(key)")
        }
        #expect(status["comments"] as? Int == 2)
        #expect((status["openBlocking"] as? [[String: Any]])?.first?["number"] as? String == "TT-1")
        let participants = status["participants"] as! [[String: Any]]
        #expect(participants.filter { $0["commented"] as? Bool == true }.compactMap { $0["code"] as? String } == ["JM", "TT"])
        #expect(try box.sop("round", "status", round).stdout.contains("blocking: TT-1 from TT on SOP-004#detection"))

        let listed = try json(try box.sop("comment", "list", round, "--open", "--json").stdout) as! [[String: Any]]
        #expect(listed.count == 1)
        #expect((listed[0]["comment"] as? [String: Any])?["number"] as? String == "TT-1")
        #expect(listed[0]["placed"] as? Bool == true)

        // Revision 2 drops the quoted words: TT-1 is shown as unplaced.
        let path = "Procedures/SOP-004-maritime-interception.md"
        try box.write(path, try box.read(path).replacingOccurrences(of: "within one hour", with: "without delay"))
        try box.sop("draft", "save", "-m", "Answer TT-1")
        #expect(try box.sop("round", "revise", round, "--as", "secretariat").stdout.contains("1 comment(s) placed on the new text, 1 unplaced"))
        #expect(try box.sop("comment", "list", round).stdout.contains("SOP-004#detection BLOCKING (unplaced)"))

        #expect(try box.sop("round", "extend", round, "--closes", "2027-03-01T17:00Z", "--as", "secretariat").status == 0)
        #expect(try box.sop("round", "pause", round, "--reason", "Hurricane warning", "--as", "secretariat").status == 0)
        #expect(try box.sop("round", "status", round).stdout.contains("PAUSED"))
        #expect(try box.sop("round", "resume", round, "--reason", "Warning lifted", "--as", "secretariat").status == 0)
        #expect(try box.sop("round", "close", round, "--as", "secretariat").status == 0)
        #expect(try box.sop("round", "list").stdout.contains("maritime-2027-1  maritime-2027  2    closed"))

        let log = try box.git("log", "--format=%s", "refs/sop/rounds/\(round)").stdout.split(separator: "\n")
        #expect(log.count == 10)
        #expect(log.first == "Close round maritime-2027-1: not-adopted")
        let files = try box.git("ls-tree", "-r", "--name-only", "refs/sop/rounds/\(round)").stdout.split(separator: "\n")
        #expect(files.count == 10)
        #expect(files.allSatisfy { $0.range(of: #"^events/[0-9a-f]{2}/[0-9a-f]{64}\.json$"#, options: .regularExpression) != nil })
        #expect(try box.git("fsck", "--strict").status == 0)
    }

    @Test func theOfflineCommentForm() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        #expect(try box.sop("comment", "export", round, "--country", "TT", "-o", "../tt.csv").status == 0)
        let exported = try Data(contentsOf: box.url.appendingPathComponent("tt.csv"))
        #expect(exported.starts(with: [0xEF, 0xBB, 0xBF]))
        var text = String(decoding: exported.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("\"Comment form of round\",\"\(round)\"\r\n\"Title\","), "the form names its round first")
        #expect(text.contains("\"Closes (UTC)\",\"2027-02-01T17:00:00Z\"\r\n"), "and its deadline")
        #expect(text.contains("\r\n\"Participant\",\"Comment No.\",\"Section ID\",\"Section\",\"Paragraph\",\"Type\",\"Comment\",\"Proposed change\",\"Secretariat observation\",\"Revision\",\"Quoted words\",\"Blocking\"\r\n"))
        #expect(text.contains("\"TT\",\"\",\"SOP-004#screening\",\"SOP-004 §5.7 Initial screening upon disembarkation\""))
        text = text.replacingOccurrences(
            of: "\"TT\",\"\",\"SOP-004#scope\",\"SOP-004 §2 Scope\",\"\",\"\",\"\",\"\",\"\"",
            with: "\"TT\",\"\",\"SOP-004#scope\",\"SOP-004 §2 Scope\",\"2.1\",\"te\",\"=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\",\"Cover, \"\"also\"\" airports\",\"\"")
        try Data(text.utf8).write(to: box.url.appendingPathComponent("filled.csv"))
        let imported = try box.sop("comment", "import", round, "../filled.csv", "--as", "TT")
        #expect(imported.stdout == "imported 1 comment(s): TT-1\n", "\(imported.output)")
        #expect(try box.sop("comment", "import", round, "../filled.csv", "--as", "TT").stdout == "nothing new to import from ../filled.csv\n")
        let listed = try json(try box.sop("comment", "list", round, "--json").stdout) as! [[String: Any]]
        let comment = listed[0]["comment"] as! [String: Any]
        #expect(comment["text"] as? String == "=HYPERLINK(\"http://x.example\",\"click\")")
        #expect(comment["proposed"] as? String == "Cover, \"also\" airports")
        #expect(comment["paragraph"] as? String == "2.1")
        #expect(try box.sop("comment", "export", round, "--dispositions", "-o", "../table.csv").status == 0)
        let table = try String(contentsOf: box.url.appendingPathComponent("table.csv"), encoding: .utf8)
        #expect(table.contains("\"'=HYPERLINK(\"\"http://x.example\"\",\"\"click\"\")\""))
    }

    /// The form as an Excel workbook: `-o` naming a .xlsx file picks it, another program
    /// (openpyxl, as a ministry's spreadsheet would) fills in a row and saves it, and the
    /// import, which tells the file by its content, records it once. An old .xls file and a
    /// --format the file name contradicts are refused.
    @Test func theOfflineCommentFormAsAnExcelWorkbook() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        #expect(try box.sop("comment", "export", round, "--country", "TT", "-o", "../tt.xlsx").stdout == "wrote ../tt.xlsx\n")
        let exported = try Data(contentsOf: box.url.appendingPathComponent("tt.xlsx"))
        #expect(exported.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(try box.sop("comment", "export", round, "--country", "TT", "--format", "xlsx", "-o", "../tt-form").status == 0)
        #expect(try Data(contentsOf: box.url.appendingPathComponent("tt-form")) == exported, "the same form, the same bytes")
        #expect(try box.sop("comment", "export", round, "--country", "TT", "-o", "../tt.csv").status == 0)
        #expect(try Data(contentsOf: box.url.appendingPathComponent("tt.csv")).starts(with: [0xEF, 0xBB, 0xBF]), "CSV stays the default")
        try box.expectRefusal(
            ["comment", "export", round, "--format", "xlsx", "-o", "../x.csv"], says: "../x.csv is named as a .csv file, but the format asked for is xlsx",
            "name the file with .xlsx, or leave out --format")

        let fill = """
            import sys
            import openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheet = book.worksheets[0]
            row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == "SOP-004#scope")
            for column, value in ((5, "2.1"), (6, "te"), (7, "Añadir los aeropuertos — « ça va » ; ñandú"), (12, "oui")):
                sheet.cell(row, column).value = value
            book.save(sys.argv[2])
            """
        let filled = try box.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", fill, "tt.xlsx", "filled.xlsx"], in: ".", stdin: nil)
        #expect(filled.status == 0, "python3 with openpyxl (make deps installs it): \(filled.output)")
        let imported = try box.sop("comment", "import", round, "../filled.xlsx", "--as", "TT")
        #expect(imported.stdout == "imported 1 comment(s): TT-1\n", "\(imported.output)")
        #expect(try box.sop("comment", "import", round, "../filled.xlsx", "--as", "TT").stdout == "nothing new to import from ../filled.xlsx\n")
        let comment = try #require(try json(try box.sop("comment", "list", round, "--json").stdout) as? [[String: Any]]).first?["comment"] as? [String: Any]
        #expect(comment?["text"] as? String == "Añadir los aeropuertos — « ça va » ; ñandú")
        #expect(comment?["paragraph"] as? String == "2.1" && comment?["blocking"] as? Bool == true && comment?["section"] as? String == "scope")

        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: box.url.appendingPathComponent("old.xls"))
        try box.expectRefusal(
            ["comment", "import", round, "../old.xls", "--as", "TT"], says: "../old.xls: error: the file is an old Excel workbook (.xls)",
            "save it as .xlsx (Excel Workbook, without a password) or as .csv (CSV UTF-8)")
    }

    @Test func badInputsAreRefusedAndNothingIsWritten() throws {
        let box = try Sandbox()
        let round = try openRound(box)
        try box.sop("comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "First")
        try box.expectRefusal(["comment", "add", "nope-1", "--as", "TT", "--section", "scope", "--type", "ge", "--text", "x"], says: "unknown round 'nope-1'", "rounds: maritime-2027-1")
        try box.expectRefusal(["comment", "add", round, "--as", "XX", "--section", "scope", "--type", "ge", "--text", "x"], says: "unknown participant 'XX'")
        try box.expectRefusal(["comment", "add", round, "--as", "HT", "--section", "scope", "--type", "ge", "--text", "x"], says: "HT is not invited to round maritime-2027-1")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "nowhere", "--type", "ge", "--text", "x"], says: "no section 'nowhere' in this revision; its sections are: SOP-004#purpose")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "scope", "--quote", "not there", "--type", "ge", "--text", "x"], says: "the quote \"not there\" is not in SOP-004#scope")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "  "], says: "empty comment text")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "xx", "--text", "x"], says: "unknown comment type 'xx'")
        try box.expectRefusal(["comment", "dispose", "TT-99", "--noted", "--as", "secretariat"], says: "no comment 'TT-99'")
        try box.expectRefusal(["comment", "dispose", "TT-1", "--accepted", "--as", "TT"], says: "only the secretariat may dispose")
        try box.expectRefusal(["comment", "dispose", "TT-1", "--rejected", "--as", "secretariat"], says: "a rejection needs a reason")
        try box.expectRefusal(["round", "open", "maritime-2027", "--closes", Self.closes, "--as", "TT"], says: "only the secretariat may open a round")
        try box.expectRefusal(["round", "open", "maritime-2027", "--closes", "tomorrow", "--as", "secretariat"], says: "'tomorrow' is not a UTC time")
        try box.expectRefusal(["round", "open", "maritime-2027", "--participants", "TT,ZZ", "--closes", Self.closes, "--as", "secretariat"], says: "unknown participant 'ZZ'")
        try box.expectRefusal(["round", "revise", round, "--as", "secretariat"], says: "has no new commit since revision 1")

        try Data("Participant,Type,Comment\r\nTT,ge,x\r\n".utf8).write(to: box.url.appendingPathComponent("missing.csv"))
        try box.expectRefusal(["comment", "import", round, "../missing.csv", "--as", "TT"], says: "missing columns: Section ID, Proposed change")
        var latin1 = Data("Participant,Section ID,Type,Comment,Proposed change\r\nTT,scope,ge,Se\u{F1}or,\r\n".utf8)
        latin1 = Data(String(decoding: latin1, as: UTF8.self).data(using: .isoLatin1)!)
        try latin1.write(to: box.url.appendingPathComponent("latin1.csv"))
        try box.expectRefusal(["comment", "import", round, "../latin1.csv", "--as", "TT"], says: "the form is not UTF-8 text", "CSV UTF-8")
        try Data("Participant,Section ID,Type,Comment,Proposed change\r\nTT,scope,ge,Fine,\r\nJM,scope,ge,Not mine,\r\n".utf8)
            .write(to: box.url.appendingPathComponent("other.csv"))
        try box.expectRefusal(["comment", "import", round, "../other.csv", "--as", "TT"], says: "row 3, column Participant: 'JM' is not TT")
        try Data("Participant,Section ID,Type,Comment,Proposed change\r\nTT,scope,ge,Fine,\r\nTT,scope,zz,Bad type,\r\n".utf8)
            .write(to: box.url.appendingPathComponent("type.csv"))
        try box.expectRefusal(["comment", "import", round, "../type.csv", "--as", "TT"], says: "row 3, column Type: 'zz' is not a comment type")

        try box.sop("round", "pause", round, "--reason", "Storm", "--as", "secretariat")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "x"], says: "round maritime-2027-1 is paused: Storm")
        try box.sop("round", "resume", round, "--reason", "Clear", "--as", "secretariat")
        try box.sop("round", "close", round, "--as", "secretariat")
        try box.expectRefusal(["comment", "add", round, "--as", "TT", "--section", "scope", "--type", "ge", "--text", "x"], says: "round maritime-2027-1 is closed")
        try box.expectRefusal(["comment", "reply", "TT-1", "--as", "TT", "--text", "late"], says: "the round is closed")

        try box.expectRefusal(["sync"], says: "no remote configured")
        try box.expectRefusal(["remote", "add", "ghost", "/no/such/place.git"], says: "no repository at /no/such/place.git")
        try box.sop("remote", "add", "plain", box.url.path)
        try box.expectRefusal(["sync", "plain"], says: "cannot fetch from plain")
    }

    /// Eight processes adding a hundred comments each to one round at once lose nothing.
    @Test func eightWritersAtOnce() throws {
        let box = try Sandbox()
        let round = try openRound(box, participants: "all")
        let codes = ["AG", "BS", "BB", "BZ", "CU", "DM", "DO", "GD"]
        let writers = try codes.map { code in
            try box.start(
                URL(fileURLWithPath: "/bin/bash"),
                ["-c", "for i in $(seq 1 100); do \"$SOP\" comment add \(round) --as \(code) --section scope --type ge --text \"Comment $i from \(code)\" >/dev/null || exit 1; done"])
        }
        let results = try writers.map { try $0.finish() }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.output))")
        let status = try json(try box.sop("round", "status", round, "--json").stdout) as! [String: Any]
        #expect(status["comments"] as? Int == 800)
        let listed = try json(try box.sop("comment", "list", round, "--json").stdout) as! [[String: Any]]
        let numbers = Set(listed.compactMap { ($0["comment"] as? [String: Any])?["number"] as? String })
        #expect(numbers.count == 800)
        #expect(numbers.contains("GD-100"))
        #expect(try box.git("ls-tree", "-r", "--name-only", "refs/sop/rounds/\(round)").stdout.split(separator: "\n").count == 801)
        #expect(try box.git("fsck", "--strict").status == 0)
    }
}
