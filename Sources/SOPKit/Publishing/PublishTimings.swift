import Foundation

/// Where a publish spent its time, phase by phase, as CPU time summed over every thread.
///
/// Pages are made on all cores, so a phase's CPU time can exceed the wall time; what it shows
/// is what each part costs, which decides how fast a publish can be on any number of cores.
/// `sop publish --timings` prints it; the publish benchmark takes the template engine's share
/// from it to show the floor that engine and the bare Markdown library set together.
final class PublishTimings: @unchecked Sendable {
    enum Phase: Int, CaseIterable {
        /// Blobs read through libgit2 and decoded as UTF-8.
        case reading
        /// Front matter and the Markdown parse (cmark-gfm).
        case parsing
        /// Lint and the facts the index and links need.
        case lint
        /// Procedure bodies to HTML: cmark-gfm's renderer, heading anchors, cross-references.
        case html
        /// Every Mustache render (swift-mustache).
        case templates
        /// Files and manifest written to the output folder.
        case writing
    }

    private var nanoseconds = [UInt64](repeating: 0, count: Phase.allCases.count)
    private let lock = NSLock()
    private let started = DispatchTime.now().uptimeNanoseconds

    /// Runs `body` on one of the threads a phase is spread over, adding that thread's CPU time.
    func measure<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        try measure(phase, clock: PublishTimings.threadCPU, body)
    }

    /// Runs `body`, a phase that nothing else runs beside but that may use several threads
    /// itself (writing files on all cores), adding the CPU time of the whole process.
    func measureAlone<T>(_ phase: Phase, _ body: () throws -> T) rethrows -> T {
        try measure(phase, clock: PublishTimings.processCPU, body)
    }

    private func measure<T>(_ phase: Phase, clock: () -> UInt64, _ body: () throws -> T) rethrows -> T {
        let start = clock()
        defer {
            let spent = clock() &- start
            lock.lock()
            nanoseconds[phase.rawValue] &+= spent
            lock.unlock()
        }
        return try body()
    }

    /// The figures so far, in milliseconds.
    var report: Publisher.Report.Timings {
        lock.lock()
        let spent = nanoseconds
        lock.unlock()
        func milliseconds(_ value: UInt64) -> Double { (Double(value) / 100_000).rounded() / 10 }
        return Publisher.Report.Timings(
            wall: milliseconds(DispatchTime.now().uptimeNanoseconds - started), cpu: milliseconds(PublishTimings.processCPU()),
            reading: milliseconds(spent[Phase.reading.rawValue]), parsing: milliseconds(spent[Phase.parsing.rawValue]),
            lint: milliseconds(spent[Phase.lint.rawValue]), html: milliseconds(spent[Phase.html.rawValue]),
            templates: milliseconds(spent[Phase.templates.rawValue]), writing: milliseconds(spent[Phase.writing.rawValue]))
    }

    private static func threadCPU() -> UInt64 { cpu(CLOCK_THREAD_CPUTIME_ID) }

    private static func processCPU() -> UInt64 { cpu(CLOCK_PROCESS_CPUTIME_ID) }

    private static func cpu(_ clock: clockid_t) -> UInt64 {
        var now = timespec()
        clock_gettime(clock, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
