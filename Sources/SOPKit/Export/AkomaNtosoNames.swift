import Foundation

/// The Akoma Ntoso names of a procedure: its FRBR work, expression and manifestation IRIs under
/// the naming convention's `/akn/<country>/doc/<subtype>/<year>/<number>` form, and element IDs.
///
/// The region has no single country, so the country part is `cmc`, the CMC's own code (the
/// convention allows a code for an organisation that is not a state); ``country`` is that value.
struct AkomaNtosoNames {
    static let country = "cmc"
    static let namespace = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    /// The namespace of the `<proprietary>` and workflow details that Akoma Ntoso has no element for.
    static let sopNamespace = "urn:cmc:sop:akn:1"

    let procedure: String
    /// The year of the work: when the procedure was first adopted in a published version.
    let year: Int
    /// The language of the expression, as ``alpha3(_:)`` names it (`eng`).
    let language: String
    /// The expression's date: the day this version took effect (or was adopted).
    let date: Day

    /// `/akn/cmc/doc/sop/2027/SOP-004`.
    var work: String { Self.work(procedure, year: year) }
    var expression: String { work + "/\(language)@\(date)" }
    /// The manifestation: the convention's main component `!main`, as XML.
    var manifestation: String { expression + "/!main.xml" }

    static func work(_ procedure: String, year: Int) -> String { "/akn/\(country)/doc/sop/\(year)/\(procedure)" }

    /// A link to a section of another procedure's work: `…/SOP-005/~sec_issuing-alerts`.
    static func section(_ fragment: String?, of work: String) -> String {
        fragment.map { work + "/~" + eId(section: $0) } ?? work
    }

    /// The `eId` of a section with `{#id}`: `sec_` and the ID, with every character an XML
    /// NCName may not hold (or that the naming convention reserves) made `-`.
    static func eId(section id: String) -> String { "sec_" + token(id) }

    /// A value made an NCName part: letters, digits, `-` and `.`; anything else becomes `-`.
    static func token(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") ? $0 : "-" })
    }

    /// The three-letter code of an ISO 639-1 language (set.yaml's codes) as the naming
    /// convention's examples write them: ISO 639-2/T (`fra`, `nld`; the /B codes would be
    /// `fre`, `dut`), which is also ISO 639-3. Nil for a language not known here.
    static func alpha3(_ language: String) -> String? {
        ["en": "eng", "es": "spa", "fr": "fra", "nl": "nld", "pt": "por", "de": "deu", "ht": "hat", "zh": "zho"][language]
    }
}
