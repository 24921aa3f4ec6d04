/// A word-by-word comparison of two texts, for redlines a reader can follow.
public struct WordDiff: Sendable, Equatable, Codable {
    public enum Operation: String, Sendable, Codable { case equal, insert, delete }

    public struct Segment: Sendable, Equatable, Codable {
        public let op: Operation
        public let text: String
    }

    public let segments: [Segment]

    public var hasChanges: Bool { segments.contains { $0.op != .equal } }

    /// Compares `old` and `new` token by token (words, whitespace runs and punctuation), with
    /// Myers' O((N+M)·D) algorithm, and merges neighbouring tokens of the same kind.
    public init(_ old: String, _ new: String) {
        let operations = WordDiff.slide(WordDiff.myers(WordDiff.tokens(old), WordDiff.tokens(new)))
        segments = WordDiff.group(operations)
    }

    /// Moves a pure insertion or deletion that starts with a space to start after it instead
    /// (`the{+ national+} contact` → `the {+national +}contact`), so changes begin at words.
    static func slide(_ input: [(Operation, String)]) -> [(Operation, String)] {
        var operations = input
        var start = 0
        while start < operations.count {
            guard operations[start].0 != .equal else {
                start += 1
                continue
            }
            let op = operations[start].0
            var end = start
            while end < operations.count, operations[end].0 == op { end += 1 }
            while end < operations.count, operations[end].0 == .equal, operations[end].1 == operations[start].1,
                operations[start].1.allSatisfy(\.isWhitespace)
            {
                operations[start].0 = .equal
                operations[end].0 = op
                start += 1
                end += 1
            }
            start = end
        }
        return operations
    }

    /// Joins neighbouring changes separated only by whitespace into one deletion followed by
    /// one insertion, which reads like an editor's redline.
    static func group(_ operations: [(Operation, String)]) -> [Segment] {
        var segments: [Segment] = []
        var deleted = ""
        var inserted = ""
        var pendingSpace = ""
        func flush() {
            if !deleted.isEmpty { segments.append(Segment(op: .delete, text: deleted)) }
            if !inserted.isEmpty { segments.append(Segment(op: .insert, text: inserted)) }
            deleted = ""
            inserted = ""
        }
        func appendEqual(_ text: String) {
            if let last = segments.last, last.op == .equal {
                segments[segments.count - 1] = Segment(op: .equal, text: last.text + text)
            } else {
                segments.append(Segment(op: .equal, text: text))
            }
        }
        for (op, token) in operations {
            switch op {
            case .equal where token.allSatisfy(\.isWhitespace) && !(deleted.isEmpty && inserted.isEmpty):
                pendingSpace += token
            case .equal:
                let space = pendingSpace
                pendingSpace = ""
                flush()
                appendEqual(space + token)
            case .delete, .insert:
                if !pendingSpace.isEmpty {
                    deleted += pendingSpace
                    inserted += pendingSpace
                    pendingSpace = ""
                }
                if op == .delete { deleted += token } else { inserted += token }
            }
        }
        let space = pendingSpace
        flush()
        if !space.isEmpty { appendEqual(space) }
        return segments
    }

    /// Renders the diff inline: `[-deleted-]{+inserted+}` like `git diff --word-diff`.
    public var inline: String {
        segments.map { segment in
            switch segment.op {
            case .equal: segment.text
            case .delete: "[-\(segment.text)-]"
            case .insert: "{+\(segment.text)+}"
            }
        }.joined()
    }

    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentKind = 0
        for character in text {
            let kind = character.isWhitespace ? 1 : (character.isLetter || character.isNumber ? 2 : 3)
            if kind == currentKind, kind != 3 {
                current.append(character)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = String(character)
                currentKind = kind
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    /// The shortest edit script between two token lists (Myers 1986), as a list of operations.
    static func myers(_ a: [String], _ b: [String]) -> [(Operation, String)] {
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let x = Array(a[prefix..<(a.count - suffix)])
        let y = Array(b[prefix..<(b.count - suffix)])
        var result: [(Operation, String)] = a[..<prefix].map { (.equal, $0) }
        result += middle(x, y)
        result += a[(a.count - suffix)...].map { (.equal, $0) }
        return result
    }

    private static func middle(_ a: [String], _ b: [String]) -> [(Operation, String)] {
        let n = a.count
        let m = b.count
        if n == 0 { return b.map { (.insert, $0) } }
        if m == 0 { return a.map { (.delete, $0) } }
        let max = n + m
        let offset = max + 1
        var v = [Int](repeating: 0, count: 2 * max + 3)
        var trace: [[Int]] = []
        outer: for d in 0...max {
            trace.append(v)
            for k in stride(from: -d, through: d, by: 2) {
                var x: Int
                if k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]) {
                    x = v[offset + k + 1]
                } else {
                    x = v[offset + k - 1] + 1
                }
                var y = x - k
                while x < n, y < m, a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n, y >= m { break outer }
            }
        }
        var operations: [(Operation, String)] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let k = x - y
            let previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : v[offset + previousK]
            let previousY = previousX - previousK
            while x > previousX, y > previousY {
                operations.append((.equal, a[x - 1]))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == previousX {
                    operations.append((.insert, b[y - 1]))
                } else {
                    operations.append((.delete, a[x - 1]))
                }
            }
            x = previousX
            y = previousY
        }
        return operations.reversed()
    }
}

extension WordDiff {
    /// The lines of the diff that contain a change, each as its segments, for a compact
    /// terminal view (which styles them, or writes them inline).
    public var changedLines: [[Segment]] {
        var lines: [(segments: [Segment], changed: Bool)] = [([], false)]
        for segment in segments {
            let parts = segment.text.split(separator: "\n", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index > 0 { lines.append(([], false)) }
                guard !part.isEmpty else { continue }
                lines[lines.count - 1].segments.append(Segment(op: segment.op, text: String(part)))
                if segment.op != .equal { lines[lines.count - 1].changed = true }
            }
        }
        return lines.filter(\.changed).map(\.segments)
    }

    init(segments: [Segment]) { self.segments = segments }
}
