/// Splitting text into lines by its UTF-8 bytes, which is many times faster than splitting
/// a `String` by `Character` and gives the same result for `\n`-separated text.
public enum Lines {
    public static func split(_ text: String) -> [Substring] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { Substring($0) }
    }

    /// `text` without leading and trailing spaces and tabs.
    public static func trimmed<S: StringProtocol>(_ text: S) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return Substring(text[first...last])
    }
}
