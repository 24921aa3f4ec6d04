import Foundation
import Hummingbird
import Logging
import NIOCore
import SOPKit

/// The portal's routes, with the middleware that logs each request, sets the security headers,
/// finds the session, shows refusals as pages and checks forms' CSRF tokens before any route runs.
public func buildRouter(_ portal: Portal) -> Router<PortalContext> {
    let router = Router(context: PortalContext.self)
    router.addMiddleware {
        RequestLog()
        SecurityHeaders()
        SessionLookup(portal: portal)
        ErrorPages(portal: portal)
        FormCheck()
    }
    SessionRoutes(portal: portal).add(to: router)
    RoundRoutes(portal: portal).add(to: router)
    CommentRoutes(portal: portal).add(to: router)
    PositionRoutes(portal: portal).add(to: router)
    SecretariatRoutes(portal: portal).add(to: router)
    SiteRoutes(portal: portal).add(to: router)
    return router
}

/// The portal as a Hummingbird application; `runService()` serves it until SIGTERM or SIGINT,
/// finishing the requests in flight.
public func buildApplication(_ portal: Portal, logger: Logger? = nil) -> some ApplicationProtocol {
    Application(
        router: buildRouter(portal),
        // Connections that send nothing for a minute are closed, so slow clients cannot hold them.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(portal.configuration.host, port: portal.configuration.port), serverName: "sop"),
        logger: logger ?? Logger(label: "sop.portal"))
}

/// Serves the portal until SIGTERM or SIGINT; an address already in use is a clear error.
public func serve(_ portal: Portal) async throws {
    do {
        try await buildApplication(portal).runService()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        throw SOPError(
            .invalidArgument, "cannot listen on \(portal.configuration.host):\(portal.configuration.port): the address is in use",
            hint: "stop the program that uses it, or choose another --port")
    }
}
