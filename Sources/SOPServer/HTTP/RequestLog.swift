import Foundation
import Hummingbird
import Logging

/// One structured log line per request: method, path, status and time taken. The token of a
/// sign-in link is left out of the path, so the log never holds a usable link.
struct RequestLog: RouterMiddleware {
    typealias Context = PortalContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var metadata: Logger.Metadata = ["method": .string(request.method.rawValue), "path": .string(Self.path(request.uri.path))]
        do {
            let response = try await next(request, context)
            metadata["status"] = .stringConvertible(response.status.code)
            metadata["ms"] = .stringConvertible(Self.milliseconds(since: started))
            context.logger.info("request", metadata: metadata)
            return response
        } catch {
            metadata["status"] = .stringConvertible((error as? any HTTPResponseError)?.status.code ?? 500)
            metadata["ms"] = .stringConvertible(Self.milliseconds(since: started))
            context.logger.info("request", metadata: metadata)
            throw error
        }
    }

    static func path(_ path: String) -> String {
        ErrorPages.loggable(path.hasPrefix("/welcome/") ? "/welcome/…" : path)
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Int {
        let elapsed = ContinuousClock.now - start
        return Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }
}
