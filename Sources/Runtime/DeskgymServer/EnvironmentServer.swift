import DeskgymRuntime
import DeskgymTasks
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// `deskgym serve`: an HTTP server that holds desktop sessions for agents and RL trainers —
/// create, step, reset, evaluate, run commands, read and write files, delete — described in
/// `docs/http-api.md`.
///
/// ```swift
/// let server = try EnvironmentServer(configuration: ServerConfiguration(port: 0, capacity: 8), logger: logger)
/// async let running: Void = server.run()
/// let port = await server.listeningPort()
/// …
/// await server.shutdown()   // stops taking requests, then stops every session
/// try await running
/// ```
public final class EnvironmentServer: Sendable {
    public let configuration: ServerConfiguration
    /// The sessions the server holds.
    public let registry: SessionRegistry
    public let metrics: ServerMetrics
    let resolver: TaskResolver
    let logger: Logger
    private let group: ServiceGroup
    private let port = ListeningPort()

    /// Checks `configuration` (a non-loopback address needs a token, a token is long enough) and
    /// prepares the server: cross-site checks (``CrossSitePolicy``), the token, and the idle
    /// time-out of connections.
    /// - Parameters:
    ///   - factory: where desktops come from; a new one per session unless a pool is given.
    ///   - stopOnSignals: whether SIGINT and SIGTERM shut the server down gracefully (the CLI's
    ///     choice; tests call ``shutdown()`` instead).
    public init(
        configuration: ServerConfiguration, factory: (any SessionFactory)? = nil,
        evaluator: TaskEvaluator = MetricBridge.evaluator, stopOnSignals: Bool = false,
        logger: Logger
    ) throws(ServerConfigurationError) {
        try configuration.validate()
        self.configuration = configuration
        self.logger = logger
        metrics = ServerMetrics(capacity: configuration.capacity)
        registry = SessionRegistry(
            capacity: configuration.capacity,
            factory: factory ?? FreshSessionFactory(root: configuration.sessionRoot),
            evaluator: evaluator, metrics: metrics,
            retryAfterSeconds: configuration.retryAfterSeconds,
            recordsFolder: configuration.recordsFolder, logger: logger)
        resolver = TaskResolver(tasksFolder: configuration.tasksFolder, vmConfigsFolder: configuration.vmConfigsFolder)
        let boundPort = BoundPort()
        let policy = CrossSitePolicy(loopbackOnly: ServerConfiguration.isLoopback(configuration.host), port: boundPort)
        let router = Router()
        router.add(middleware: ErrorMiddleware(metrics: metrics, maximumBodyBytes: configuration.maximumBodyBytes))
        router.add(middleware: CrossSiteMiddleware(policy: policy))
        if let token = configuration.token {
            router.add(middleware: BearerAuthMiddleware(token: token))
        }
        let routes = Routes(registry: registry, resolver: resolver, metrics: metrics, configuration: configuration)
        routes.register(on: router)
        let stream = StreamEndpoint(routes: routes, registry: registry, token: configuration.token, policy: policy)
        let port = port
        let idle = TimeAmount(configuration.idleTimeout)
        let token = configuration.token
        // A WebSocket upgrade the middleware would refuse goes on as plain HTTP, to be answered
        // with its status (401, 403) instead of the bare 400 of a refused upgrade.
        let refusesUpgrade: @Sendable (HTTPRequestHead) -> Bool = { head in
            if policy.refusal(authority: head.headers["host"].first, origin: head.headers["origin"].first) != nil { return true }
            guard let token else { return false }
            return !BearerCredentials.authorizes(head.headers["authorization"].first, token: token)
        }
        let server = HTTPServerBuilder { responder in
            GatedChildChannel(
                base: HTTP1WebSocketUpgradeChannel(
                    responder: responder,
                    configuration: .init(http1: .init(idleTimeout: idle)),
                    shouldUpgrade: { request, _, _ in await stream.shouldUpgrade(request) }),
                firstRequestTimeout: idle, refusesUpgrade: refusesUpgrade)
        }
        var app = Application(
            router: router,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "deskgym"),
            onServerRunning: { channel in
                boundPort.set(channel.localAddress?.port ?? 0)
                await port.set(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        app.addServices(RegistryService(registry: registry, interval: configuration.sweepInterval, logger: logger))
        group = ServiceGroup(
            services: [app], gracefulShutdownSignals: stopOnSignals ? [.sigint, .sigterm] : [],
            logger: logger)
    }

    /// Serves until ``shutdown()`` or a shutdown signal; returns once every session is stopped.
    /// Throws when the address cannot be bound.
    public func run() async throws {
        do {
            try await group.run()
        } catch {
            await port.finish()
            // The registry service normally stops the sessions; make sure of it when the group
            // ended another way (a bind failure, cancellation).
            await Task { [registry] in await registry.shutdown() }.value
            throw error
        }
        await port.finish()
    }

    /// The port the server listens on, once it does (useful with port 0); nil when it stopped
    /// without listening.
    public func listeningPort() async -> Int? {
        await port.wait()
    }

    /// Stops taking requests, lets the running ones finish, stops every session; ``run()`` then
    /// returns.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
    }
}
