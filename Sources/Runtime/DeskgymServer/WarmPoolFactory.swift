import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// Keeps started desktops waiting, per vm-config, so that creating or resetting a session hands
/// one out at once instead of starting Xvfb, the window manager and the apps.
///
/// A config is kept warm once it has been asked for (or named in `prewarm`): after each hand-out
/// a replacement starts in the background, up to `size` idle desktops per config. Desktops given
/// back are stopped (in the background, tracked: ``shutdown(logger:)`` waits for them) — a used
/// desktop is never handed out again, since its HOME and apps hold the last episode's state.
public actor WarmPoolFactory: SessionFactory {
    /// Idle desktops kept per config.
    public nonisolated let size: Int
    private let root: URL
    private let logger: Logger
    private var idle: [VMConfig: [DesktopSession]] = [:]
    private var starting: [VMConfig: Int] = [:]
    private var work: [UUID: Task<Void, Never>] = [:]
    private var closed = false
    /// How many hand-outs came from the pool, and how many had to start a desktop.
    public private(set) var hits = 0
    public private(set) var misses = 0

    public init(size: Int, root: URL = DesktopSession.defaultRoot, logger: Logger) {
        self.size = max(1, size)
        self.root = root
        self.logger = logger
    }

    /// Starts filling the pool for `configs` now, before anyone asks.
    public func prewarm(_ configs: [VMConfig]) {
        for config in configs { refill(config) }
    }

    /// Idle desktops waiting for `config`.
    public func idleCount(for config: VMConfig) -> Int {
        idle[config]?.count ?? 0
    }

    public func desktop(for config: VMConfig, logger: Logger) async throws -> DesktopSession {
        try await settledDesktop(for: config, logger: logger).desktop
    }

    /// A waiting desktop (settled before it was put in the pool), or a newly started one.
    public func settledDesktop(for config: VMConfig, logger: Logger) async throws -> (desktop: DesktopSession, settled: Bool) {
        var handed: DesktopSession?
        while var waiting = idle[config], !waiting.isEmpty {
            let candidate = waiting.removeFirst()
            idle[config] = waiting
            // A desktop that died while it waited is not handed out.
            if (try? await candidate.checkHealth()) != nil {
                handed = candidate
                break
            }
            track { await candidate.stop() }
        }
        if let handed {
            hits += 1
            refill(config)
            return (handed, true)
        }
        misses += 1
        refill(config)
        return (try await DesktopSession.start(config: config, root: root, logger: logger), false)
    }

    public func release(_ desktop: DesktopSession, logger: Logger) async {
        track { await desktop.stop() }
    }

    public func shutdown(logger: Logger) async {
        closed = true
        let all = idle.values.flatMap { $0 }
        idle = [:]
        for desktop in all { await desktop.stop() }
        // Starts still under way put their desktop back after `closed` and stop it themselves.
        while !work.isEmpty {
            let pending = Array(work.values)
            for task in pending { await task.value }
        }
    }

    private func refill(_ config: VMConfig) {
        guard !closed else { return }
        let missing = size - (idle[config]?.count ?? 0) - (starting[config] ?? 0)
        guard missing > 0 else { return }
        for _ in 0..<missing {
            starting[config, default: 0] += 1
            track { [root, logger] in
                let started: DesktopSession?
                do {
                    let desktop = try await DesktopSession.start(config: config, root: root, logger: logger)
                    // Let the apps finish drawing, so that the first observation needs no wait.
                    try await desktop.desktop.perform(
                        [],
                        settle: SettlePolicy(
                            quiet: config.settle.quiet,
                            cap: config.settle.maximum))
                    // One capture now fills the PNG encoder's band cache: the first observation
                    // after the hand-out then re-encodes only what changed.
                    _ = try desktop.desktop.observe()
                    started = desktop
                } catch {
                    logger.warning("warm pool: a desktop for \(config.name) did not start: \(error)")
                    started = nil
                }
                await self.arrived(started, for: config)
            }
        }
    }

    private func arrived(_ desktop: DesktopSession?, for config: VMConfig) async {
        starting[config, default: 1] -= 1
        guard let desktop else { return }
        if closed {
            await desktop.stop()
        } else {
            idle[config, default: []].append(desktop)
        }
    }

    /// Runs `body` as tracked background work, so that shutdown can wait for it.
    private func track(_ body: @escaping @Sendable () async -> Void) {
        let id = UUID()
        work[id] = Task {
            await body()
            self.finished(id)
        }
    }

    private func finished(_ id: UUID) {
        work[id] = nil
    }
}
