import DeskgymCore
import DeskgymSandbox
import DeskgymServer
import Foundation
import Logging
import Synchronization

/// A ``SessionFactory`` that hands out sessions attached to ``MemoryDesktop``s
/// (``DesktopSession/attached(to:config:root:displayName:logger:)``): no process is started, so the
/// server's own logic can be tested without Xvfb.
///
/// It counts what it handed out and took back, finds a session's desktop by the display name the
/// server lists (`memory-1`, `memory-2`, …), and can be told to fail starts.
public final class MemorySessionFactory: SessionFactory {
    /// The error a start told to fail throws.
    public struct StartRefused: Error, Sendable, Hashable, CustomStringConvertible {
        public var reason: String
        public var description: String { "the memory factory refused to start a desktop: \(reason)" }
    }

    private struct State {
        var handedOut: [(name: String, desktop: MemoryDesktop)] = []
        var released: [String] = []
        var failedStarts = 0
        /// Desktops made, handed out or not yet: the number in the next one's name.
        var made = 0
        var pendingFailures: [String] = []
        var shutDown = false
    }

    /// Where the sessions' folders are made.
    public let root: URL
    private let state = Mutex(State())

    public init(root: URL) {
        self.root = root
    }

    // MARK: What the tests read and steer

    /// Desktops handed out so far.
    public var starts: Int { state.withLock { $0.handedOut.count } }

    /// Desktops given back so far.
    public var releases: Int { state.withLock { $0.released.count } }

    /// Starts that failed because the factory was told to fail them.
    public var failedStarts: Int { state.withLock { $0.failedStarts } }

    /// Desktops handed out and not given back.
    public var liveCount: Int { state.withLock { $0.handedOut.count - $0.released.count } }

    /// Whether the server called ``shutdown(logger:)``.
    public var isShutDown: Bool { state.withLock { $0.shutDown } }

    /// Every desktop handed out, in order.
    public var desktops: [MemoryDesktop] { state.withLock { $0.handedOut.map(\.desktop) } }

    /// The desktop of the session displayed as `name` (as `GET /sessions` lists it).
    public func desktop(named name: String) -> MemoryDesktop? {
        state.withLock { $0.handedOut.first { $0.name == name }?.desktop }
    }

    /// Whether the desktop displayed as `name` was given back.
    public func wasReleased(_ name: String) -> Bool {
        state.withLock { $0.released.contains(name) }
    }

    /// Makes the next start throw ``StartRefused`` with `reason` (queued: one call, one failure).
    public func failNextStart(reason: String) {
        state.withLock { $0.pendingFailures.append(reason) }
    }

    // MARK: SessionFactory

    public func desktop(for config: VMConfig, logger: Logger) async throws -> DesktopSession {
        // The number is taken under the same lock as the failure check: concurrent starts get distinct names.
        let ticket = state.withLock { state -> Result<String, StartRefused> in
            guard state.pendingFailures.isEmpty else {
                state.failedStarts += 1
                return .failure(StartRefused(reason: state.pendingFailures.removeFirst()))
            }
            state.made += 1
            return .success("memory-\(state.made)")
        }
        let name = try ticket.get()
        let desktop = MemoryDesktop(screenSize: config.screen.size, name: name)
        let session = try DesktopSession.attached(to: desktop, config: config, root: root, displayName: name, logger: logger)
        state.withLock { $0.handedOut.append((name, desktop)) }
        return session
    }

    public func release(_ desktop: DesktopSession, logger: Logger) async {
        state.withLock { $0.released.append(desktop.displayName) }
        await desktop.stop()
    }

    public func shutdown(logger: Logger) async {
        state.withLock { $0.shutDown = true }
    }
}
