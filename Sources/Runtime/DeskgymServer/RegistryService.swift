import DeskgymSandbox
import Logging
import ServiceLifecycle

/// Runs beside the HTTP server: sweeps expired leases until shutdown, then stops every session.
///
/// It is listed before the HTTP server, so at a graceful shutdown the server stops taking
/// requests (and finishes the running ones) first; then this stops the desktops.
struct RegistryService: Service {
    let registry: SessionRegistry
    let interval: Duration
    let logger: Logger

    func run() async throws {
        let registry = registry
        let interval = interval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await registry.sweep()
                // Daemons that sessions' apps left behind die as this process's zombies at any time.
                ProcessTree.reapStrayZombies()
            }
        }
        // Not a child task: cancellation (a second signal, a test that cancels) must not cut the
        // teardown short, or desktops would outlive the server.
        await Task { await registry.shutdown() }.value
        logger.info("every session stopped")
    }
}
