import Crypto
import Foundation

/// The content hash of what a page is made from: the templates and the page's context. Equal
/// keys give equal pages, so a page whose key is unchanged is kept without rendering it.
enum PageKey {
    static func of(_ template: String, _ context: [String: Any], templates: SiteTemplates) -> String {
        var hash = SHA256()
        feed(templates.fingerprint, into: &hash)
        feed(template, into: &hash)
        feed(context, into: &hash)
        return ContentHash.hex(hash.finalize())
    }

    /// Each value with a type tag and its length, so that no two contexts hash alike by
    /// concatenation; dictionaries in key order.
    private static func feed(_ value: Any, into hash: inout SHA256) {
        func tagged(_ tag: UInt8, _ text: String) {
            var text = text
            text.withUTF8 { bytes in
                // Tag and length as separate values: a tuple of them would hash its padding.
                withUnsafeBytes(of: tag) { hash.update(bufferPointer: $0) }
                withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hash.update(bufferPointer: $0) }
                hash.update(bufferPointer: UnsafeRawBufferPointer(bytes))
            }
        }
        switch value {
        case let text as String: tagged(1, text)
        case let number as Int: tagged(2, String(number))
        case let flag as Bool: tagged(3, flag ? "1" : "0")
        case let object as [String: Any]:
            tagged(4, String(object.count))
            for key in object.keys.sorted() {
                tagged(5, key)
                feed(object[key]!, into: &hash)
            }
        case let list as [Any]:
            tagged(6, String(list.count))
            for element in list { feed(element, into: &hash) }
        default: tagged(7, String(describing: value))
        }
    }
}
