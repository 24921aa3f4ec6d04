import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An XML part of a file someone sent, read as a stream of start tags, end tags and text, with
/// elements and attributes by their local names (`x:c` and `c` alike: writers differ in the
/// prefixes they give the same namespace, and Strict OOXML changes the namespace itself).
///
/// A part that declares a document type is refused before it is parsed: no spreadsheet writes
/// one, and it is how entity expansion ("billion laughs") and external entities get in.
enum XMLEvents {
    enum Event {
        case start(String, [String: String])
        case end(String)
        case text(String)
    }

    static func read(_ data: Data, part: String, path: String, _ handle: (Event) throws -> Void) throws {
        guard data.range(of: Data("<!DOCTYPE".utf8)) == nil else {
            throw SOPError(.invalidFile, "\(part) in the file declares a document type, which no spreadsheet writes", at: Location(path),
                hint: "save it again from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
        }
        try withoutActuallyEscaping(handle) { handle in
            let reader = Reader(handle)
            let parser = XMLParser(data: data)
            parser.shouldResolveExternalEntities = false
            parser.delegate = reader
            let parsed = parser.parse()
            if let failure = reader.failure { throw failure }
            guard parsed else {
                throw SOPError(
                    .invalidFile, "\(part) in the file is not well-formed XML (line \(parser.lineNumber))", at: Location(path),
                    hint: "save it again from the spreadsheet as an Excel workbook (.xlsx) or as CSV UTF-8")
            }
        }
    }

    private final class Reader: NSObject, XMLParserDelegate {
        let handle: (Event) throws -> Void
        var failure: Error?

        init(_ handle: @escaping (Event) throws -> Void) {
            self.handle = handle
        }

        func send(_ event: Event, _ parser: XMLParser) {
            guard failure == nil else { return }
            do {
                try handle(event)
            } catch {
                failure = error
                parser.abortParsing()
            }
        }

        static func local(_ name: String) -> String {
            name.lastIndex(of: ":").map { String(name[name.index(after: $0)...]) } ?? name
        }

        func parser(
            _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            var local: [String: String] = [:]
            for (key, value) in attributes { local[Self.local(key)] = value }
            send(.start(Self.local(elementName), local), parser)
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            send(.end(Self.local(elementName)), parser)
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            send(.text(string), parser)
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            send(.text(String(decoding: CDATABlock, as: UTF8.self)), parser)
        }
    }
}
