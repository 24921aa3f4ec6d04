import Foundation
import Testing

/// `sop export akn` end to end: every document of an adopted set checked against the OASIS
/// Akoma Ntoso 3.0 schema with xmllint, and read back with XPath for what a citing reader needs.
@Suite struct AkomaNtosoCLITests {
    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Schemas/akomantoso30.xsd")
    static let xmllint = URL(fileURLWithPath: "/usr/bin/xmllint")

    func validate(_ box: Sandbox, _ file: String) throws -> Sandbox.Result {
        try box.run(Self.xmllint, ["--noout", "--schema", Self.schema.path, file], in: ".", stdin: nil)
    }

    /// The values an XPath names (attributes or elements' text), in document order. Akoma
    /// Ntoso's elements are in its namespace, so paths name them by local name.
    func values(_ box: Sandbox, _ file: String, _ path: String) throws -> [String] {
        let result = try box.run(Self.xmllint, ["--xpath", path, file], in: ".", stdin: nil)
        return result.stdout.split(separator: "\n").map { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard let equals = text.firstIndex(of: "="), text.hasSuffix("\"") else { return text }
            return String(text[text.index(equals, offsetBy: 2)..<text.index(before: text.endIndex)])
        }
    }

    static func element(_ names: String...) -> String { names.map { "/*[local-name()='\($0)']" }.joined() }

    @Test func everyDocumentOfAnAdoptedSetIsValidAkomaNtoso() throws {
        let box = try Sandbox()
        _ = try AdoptionCLITests().adoptedSet(box)
        let exported = try box.sop("export", "akn", "-o", "akn", "--json")
        #expect(exported.status == 0, "\(exported.output)")
        let files = try #require((try json(exported.stdout) as? [String: Any])?["files"] as? [[String: Any]])
        let written = Set(files.compactMap { file in (file["procedure"] as? String).flatMap { id in (file["language"] as? String).map { "\(id).\($0)" } } })
        #expect(written == ["SOP-001.en", "SOP-002.en", "SOP-002.es", "SOP-002.fr", "SOP-003.en", "SOP-004.en", "SOP-004.es", "SOP-004.fr", "SOP-005.en", "SOP-006.en", "SOP-007.en"])
        for file in files {
            let path = try #require(file["path"] as? String)
            #expect(path == box.path("akn/\(file["procedure"] ?? "").\(file["language"] ?? "").xml").path)
            let valid = try validate(box, path)
            #expect(valid.status == 0 && valid.stderr.contains("validates"), "\(path): \(valid.output)")
        }

        // The validation can fail: a section where the schema allows none is refused.
        let french = box.path("akn/SOP-004.fr.xml").path
        let broken = box.url.appendingPathComponent("broken.xml")
        try Data(try String(contentsOfFile: french, encoding: .utf8).replacingOccurrences(of: "<mainBody>", with: "<mainBody><num>1</num>").utf8).write(to: broken)
        #expect(try validate(box, broken.path).status != 0)

        // Language versions are expressions of one work, named by ISO 639 three-letter codes.
        let identification = Self.element("akomaNtoso", "doc", "meta", "identification")
        for (language, code) in [("en", "eng"), ("fr", "fra"), ("es", "spa")] {
            let file = box.path("akn/SOP-004.\(language).xml").path
            #expect(try values(box, file, identification + Self.element("FRBRWork", "FRBRuri") + "/@value") == ["/akn/cmc/doc/sop/2027/SOP-004"])
            #expect(try values(box, file, identification + Self.element("FRBRExpression", "FRBRlanguage") + "/@language") == [code])
            #expect(try values(box, file, identification + Self.element("FRBRExpression", "FRBRthis") + "/@value") == ["/akn/cmc/doc/sop/2027/SOP-004/\(code)@2027-03-01/!main"])
            #expect(try values(box, file, identification + Self.element("FRBRManifestation", "FRBRthis") + "/@value") == ["/akn/cmc/doc/sop/2027/SOP-004/\(code)@2027-03-01/!main.xml"])
        }
        #expect(try values(box, french, "//*[local-name()='FRBRtranslation']/@href") == ["/akn/cmc/doc/sop/2027/SOP-004/eng@2027-03-01"])

        // Every section, nested as in the text, with the eId of its {#id}.
        let ids = try box.read("Procedures/fr/SOP-004-maritime-interception.md").split(separator: "\n").filter { $0.hasPrefix("#") }.compactMap { line in
            line.range(of: "{#").map { String(line[$0.upperBound...].dropLast()) }
        }
        #expect(ids.count > 15)
        #expect(try values(box, french, "//*[local-name()='section']/@eId") == ids.map { "sec_" + $0 })
        #expect(try values(box, french, "//*[local-name()='section'][@eId='sec_procedure']/*[local-name()='section'][@eId='sec_detection']/*[local-name()='num']/text()") == ["5.1"])
        #expect(try values(box, french, "//*[local-name()='section'][@eId='sec_purpose']/*[local-name()='heading']/text()") == ["Objet"])

        // Cross-references: to another procedure's section by its work, within the text by eId.
        let english = box.path("akn/SOP-004.en.xml").path
        let hrefs = try values(box, english, "//*[local-name()='ref']/@href")
        #expect(hrefs.contains("/akn/cmc/doc/sop/2027/SOP-005/~sec_issuing-alerts"))
        #expect(hrefs.contains("#sec_screening"))
        #expect(try values(box, english, "//*[local-name()='ref'][@href='#sec_rescue']/text()") == ["§5.2"])

        // The approval record: each position a step by its participant, signed by a person in <references>.
        let steps = "//*[local-name()='workflow']/*[local-name()='step']"
        #expect(try values(box, english, steps + "[@outcome='#approve']/@by") == AdoptionCLITests.states.map { "#" + $0 })
        for person in try values(box, english, steps + "[@outcome='#approve']/@refersTo") {
            #expect(try values(box, english, "//*[local-name()='TLCPerson'][@eId='\(person.dropFirst())']/@showAs").first?.hasPrefix("Official ") == true)
        }
        #expect(try values(box, english, steps + "[@by='#BZ']//*[local-name()='reservation']/text()") == ["Belize applies 5.4 subject to its Maritime Areas Act"])
        for code in AdoptionCLITests.states + ["cmc", "HT"] {
            #expect(try values(box, english, "//*[local-name()='TLCOrganization'][@eId='\(code)']/@eId") == [code])
        }
        #expect(try values(box, english, "//*[local-name()='eventRef']/@date") == ["2027-01-08", "2027-03-01"])
        #expect(try values(box, english, steps + "[last()]/@date") == ["2027-01-08"])
        #expect(try values(box, english, "//*[local-name()='procedure']/@status") == ["adopted"])
        #expect(try values(box, english, "//*[local-name()='procedure']/@version") == ["1.1"])
    }

    @Test func refusesWhatIsNotAnAdoptedSetAndWritesNothing() throws {
        let box = try Sandbox()
        _ = try AdoptionCLITests().adoptedSet(box)
        try box.expectRefusal(["export", "akn", "--ref", "main", "-o", "akn"], says: "main is not an adopted set: it has no sealed adoption record", "hint:")
        #expect(try box.git("tag", "-a", "set/2027.2", "-m", "not sealed", "main").status == 0)
        try box.expectRefusal(["export", "akn", "--ref", "set/2027.2", "-o", "akn"], says: "set/2027.2 is not a publication that verifies")
        try box.expectRefusal(["export", "akn", "--ref", "set/2099.1", "-o", "akn"], says: "unknown --ref 'set/2099.1'")
        try box.write("taken", "a file\n")
        try box.expectRefusal(["export", "akn", "-o", "taken"], says: "-o taken is a file, not a folder")
        #expect(!FileManager.default.fileExists(atPath: box.path("akn").path))
    }
}
