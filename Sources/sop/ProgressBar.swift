import Foundation

/// One line on standard error, redrawn as pages finish; only shown on a terminal and for runs
/// long enough to watch (50 procedures or more). Threads report in any order, so a count
/// lower than one already shown is not drawn.
enum ProgressBar {
    nonisolated(unsafe) private static var shown = false
    nonisolated(unsafe) private static var highest = 0
    private static let lock = NSLock()

    @Sendable static func show(_ done: Int, _ total: Int) {
        guard total >= 50, done == total || done % max(total / 100, 1) == 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        guard done > highest else { return }
        highest = done
        let width = 30
        let filled = width * done / max(total, 1)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) procedures".utf8))
        shown = true
    }

    static func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\n".utf8)) }
        shown = false
        highest = 0
    }
}
