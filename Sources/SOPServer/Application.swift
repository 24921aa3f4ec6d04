import Foundation
import Hummingbird
import Logging
import NIOCore
import SOPKit
import ServiceLifecycle

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
    AcknowledgementRoutes(portal: portal).add(to: router)
    SecretariatRoutes(portal: portal).add(to: router)
    SiteRoutes(portal: portal).add(to: router)
    return router
}

/// The published set's own origin: its files, with the sandbox's headers, and nothing else.
public func buildSiteRouter(_ portal: Portal) -> Router<BasicRequestContext> {
    let router = Router(context: BasicRequestContext.self)
    router.addMiddleware { PublishedSiteHeaders<BasicRequestContext>() }
    PublishedSiteRoutes(portal: portal).add(to: router)
    return router
}

/// The portal as a Hummingbird application; `runService()` serves it, and `services` beside
/// it, until SIGTERM or SIGINT, finishing the requests in flight.
public func buildApplication(_ portal: Portal, logger: Logger? = nil, services: [any Service] = []) -> some ApplicationProtocol {
    Application(
        router: buildRouter(portal),
        // Connections that send nothing for a minute are closed, so slow clients cannot hold them.
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(portal.configuration.host, port: portal.configuration.port), serverName: "sop"),
        services: services,
        logger: logger ?? Logger(label: "sop.portal"))
}

/// The published set as an application of its own, on `sitePort`.
public func buildSiteApplication(_ portal: Portal, logger: Logger? = nil) -> some ApplicationProtocol {
    Application(
        router: buildSiteRouter(portal),
        server: .http1(configuration: .init(idleTimeout: .seconds(60))),
        configuration: .init(address: .hostname(portal.configuration.host, port: portal.configuration.sitePort), serverName: "sop"),
        logger: logger ?? Logger(label: "sop.site"))
}

/// Serves the portal and the published set until SIGTERM or SIGINT; an address already in
/// use is a clear error.
public func serve(_ portal: Portal) async throws {
    do {
        try await buildApplication(portal, services: [buildSiteApplication(portal)]).runService()
    } catch let error as IOError where error.errnoCode == EADDRINUSE {
        let configuration = portal.configuration
        throw SOPError(
            .invalidArgument,
            "cannot listen on \(configuration.host):\(configuration.port) and \(configuration.sitePort) (the published set): an address is in use",
            hint: "stop the program that uses it, or choose another --port or --site-port")
    }
}
