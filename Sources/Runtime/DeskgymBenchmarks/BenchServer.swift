import DeskgymServer
import Foundation
import Logging

/// An `EnvironmentServer` on a loopback port the system picks, run in this process for a benchmark.
struct BenchServer: Sendable {
    let server: EnvironmentServer
    let port: Int
    let running: Task<Void, any Error>

    static func start(
        capacity: Int, vmConfigs: URL, tasks: URL, root: URL, pool: (any SessionFactory)?,
        logger: Logger
    ) async throws -> BenchServer {
        let configuration = ServerConfiguration(
            host: "127.0.0.1", port: 0, capacity: capacity, vmConfigsFolder: vmConfigs,
            tasksFolder: tasks, sessionRoot: root)
        let server = try EnvironmentServer(configuration: configuration, factory: pool, logger: logger)
        let running = Task { try await server.run() }
        guard let port = await server.listeningPort(), port > 0 else {
            running.cancel()
            throw BenchmarkError(benchmark: "serve", message: "the server did not start listening")
        }
        return BenchServer(server: server, port: port, running: running)
    }

    /// Shuts the server down (every session stops) and waits for it.
    func stop() async {
        await server.shutdown()
        _ = await running.result
    }
}
