import CGit2

/// Owns one libgit2 pointer and frees it with the matching `*_free` when the last user is done.
final class Handle {
    let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(_ pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    deinit { free(pointer) }

    /// Runs a libgit2 constructor that fills an out-pointer and wraps the result.
    static func make(
        _ operation: @autoclosure () -> String,
        free: @escaping (OpaquePointer) -> Void,
        _ body: (UnsafeMutablePointer<OpaquePointer?>) -> Int32
    ) throws -> Handle {
        var out: OpaquePointer?
        try check(body(&out), operation())
        guard let out else {
            throw GitError(code: .generic, message: "libgit2 returned no object", operation: operation())
        }
        return Handle(out, free: free)
    }
}
