import Dispatch
import Foundation

/// Work spread over every core, results in input order.
enum Parallel {
    /// `transform` applied to each element on all cores. The first error thrown is rethrown
    /// once every element has finished.
    ///
    /// Each element is handed to exactly one thread and each result slot written by exactly
    /// one. Callers keep what all threads share read-only (the site model, the templates, the
    /// snapshot), and change an element only from the thread it was handed to (rendering edits a
    /// procedure's own cmark tree). That is why the values may cross threads without being
    /// `Sendable` (a `Procedure` owns a cmark tree and is not).
    static func map<Element, Output>(_ items: [Element], _ transform: (Element) throws -> Output) throws -> [Output] {
        try withoutActuallyEscaping(transform) { transform in
            let job = Job(items: items, transform: transform)
            DispatchQueue.concurrentPerform(iterations: items.count) { job.run($0) }
            return try job.results.map { try $0!.get() }
        }
    }

    private final class Job<Element, Output>: @unchecked Sendable {
        let items: [Element]
        let transform: (Element) throws -> Output
        /// Raw memory rather than an array: threads write different slots at once, which an
        /// array property would report as overlapping accesses.
        let results: UnsafeMutableBufferPointer<Result<Output, Error>?>

        init(items: [Element], transform: @escaping (Element) throws -> Output) {
            self.items = items
            self.transform = transform
            results = .allocate(capacity: items.count)
            results.initialize(repeating: nil)
        }

        deinit {
            results.deinitialize()
            results.deallocate()
        }

        func run(_ index: Int) { results[index] = Result { try transform(items[index]) } }
    }
}
