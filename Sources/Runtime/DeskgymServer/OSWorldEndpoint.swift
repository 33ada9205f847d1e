import DeskgymCore
import DeskgymSandbox
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// OSWorld's in-VM server API for one session, on a loopback port of its own: the routes of
/// OSWorld's `desktop_env/server/main.py` that its harness (`DesktopEnv`, `SetupController`,
/// `PythonController`, the getters) calls, with its request and answer shapes, carried out on the
/// session (``ServedSession`` `osworld…` methods). OSWorld's harness sends no credentials, so the
/// endpoint listens on 127.0.0.1 only; a remote harness reaches it through a tunnel.
///
/// Started with the session when `POST /sessions` asks for `"osworld_api": true`; stopped when
/// the session ends.
final class OSWorldEndpoint: Sendable {
    /// The port on 127.0.0.1 the API is served on.
    let port: Int
    /// The port on 127.0.0.1 that leads to the session's Chromium DevTools, whichever port the
    /// browser listens on now (OSWorld's `chromium_port`; its VM forwards 9222 to Chrome's 1337).
    let chromium: PortForward
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, chromium: PortForward, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.chromium = chromium
        self.group = group
        self.task = task
    }

    /// OSWorld's routes Deskgym does not serve, and why (answered 501 with the reason).
    static let unserved = [
        "/execute_with_verification": "the verification loop is not implemented; run /execute and check the result",
        "/setup/execute_with_verification": "the verification loop is not implemented; run /setup/execute and check the result",
        "/setup/change_wallpaper": "the session's desktop has no wallpaper service",
        "/wallpaper": "the session's desktop has no wallpaper service",
        "/setup/download_file": "the session has no internet; the harness downloads files and sends them with /setup/upload",
        "/start_recording": "recording through the in-VM server is not implemented; use the session's stream or deskgym record",
        "/end_recording": "recording through the in-VM server is not implemented; use the session's stream or deskgym record",
    ]

    /// Starts serving `session` on a free port of 127.0.0.1; returns once it listens.
    static func start(for session: ServedSession, maximumBodyBytes: Int, logger: Logger) async throws -> OSWorldEndpoint {
        let router = Router()
        router.add(middleware: OSWorldErrorMiddleware(maximumBodyBytes: maximumBodyBytes))
        OSWorldRoutes(session: session, maximumBodyBytes: maximumBodyBytes).register(on: router)
        let listening = ListeningPort()
        let application = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
            onServerRunning: { channel in await listening.set(channel.localAddress?.port ?? 0) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        let task = Task {
            defer { Task { await listening.finish() } }
            try await group.run()
        }
        guard let port = await listening.wait(), port > 0 else {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw APIError.environment("the OSWorld API of session \(session.id) could not listen on 127.0.0.1")
        }
        let chromium: PortForward
        do {
            chromium = try await PortForward.start { await session.chromiumDevToolsPort() }
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            throw APIError.environment("the Chromium port of session \(session.id) could not listen on 127.0.0.1: \(error)")
        }
        logger.info(
            "OSWorld API listening",
            metadata: ["session.id": "\(session.id)", "osworld.port": "\(port)", "osworld.chromium_port": "\(chromium.port)"])
        return OSWorldEndpoint(port: port, chromium: chromium, group: group, task: task)
    }

    /// Stops serving and waits until the socket is closed. Safe to call more than once.
    func stop() async {
        await chromium.close()
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}

/// Errors of the OSWorld endpoint as JSON `{"error": …}` (OSWorld's own shape for refusals),
/// with the status of the ``APIError``.
struct OSWorldErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let maximumBodyBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return OSWorldRoutes.response(.json(.object(["error": .string(error.message)]), status: error.status))
        } catch is NIOTooManyBytesError {
            return OSWorldRoutes.response(
                .json(.object(["error": .string("the request body is larger than \(maximumBodyBytes) bytes")]), status: 413))
        } catch let error as HTTPError {
            let path = request.uri.path
            if let reason = OSWorldEndpoint.unserved[path] {
                return OSWorldRoutes.response(
                    .json(.object(["error": .string("\(path) is not served by Deskgym: \(reason)")]), status: 501))
            }
            let message =
                error.status.code == 404 ? "no route \(request.method) \(path)" : (error.body ?? error.status.reasonPhrase)
            return OSWorldRoutes.response(.json(.object(["error": .string(message)]), status: error.status.code))
        } catch {
            return OSWorldRoutes.response(.json(.object(["error": .string("\(error)")]), status: 500))
        }
    }
}
