import DeskgymSandbox
import Logging

/// Where served sessions get their desktops from, and where they give them back.
///
/// ``FreshSessionFactory`` starts a new desktop every time and stops it on release. A warm pool
/// implements the same two calls: ``desktop(for:logger:)`` hands out an idle desktop already
/// started from an equal config (starting one only when none waits) and ``release(_:logger:)``
/// stops it, or keeps a fresh replacement warm. The registry and the sessions only ever call these.
public protocol SessionFactory: Sendable {
    /// A running desktop for `config`; throws when it cannot start.
    func desktop(for config: VMConfig, logger: Logger) async throws -> DesktopSession
    /// Takes back a desktop a session no longer uses. After this returns, the session's processes
    /// must be gone or owned by the factory.
    func release(_ desktop: DesktopSession, logger: Logger) async
    /// A running desktop for `config`, and whether its screen already sat settled (a warm pool's
    /// desktops do), so that the first observation need not wait for it to go quiet.
    func settledDesktop(for config: VMConfig, logger: Logger) async throws -> (desktop: DesktopSession, settled: Bool)
    /// Stops whatever the factory still holds (a warm pool's idle desktops); called at server shutdown.
    func shutdown(logger: Logger) async
}

extension SessionFactory {
    public func shutdown(logger: Logger) async {}

    public func settledDesktop(for config: VMConfig, logger: Logger) async throws -> (desktop: DesktopSession, settled: Bool) {
        (try await desktop(for: config, logger: logger), false)
    }
}
