import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// `deskgym bench session`: start to ready and stop of an Xvfb + openbox + xterm session, and the
/// memory (PSS) of the idle session.
public struct SessionBenchmark: Sendable {
    public var repetitions: Int
    public var size: Size

    public init(repetitions: Int, size: Size) {
        self.repetitions = repetitions
        self.size = size
    }

    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        let config = VMConfig(
            name: "session-bench", screen: .init(width: size.width, height: size.height, depth: 24),
            apps: [.init(command: "xterm", waitForWindow: "xterm")], source: "bench session")
        output("## session \(size) (Xvfb -extension GLX + openbox + xterm), reps=\(repetitions)")
        var start = Sample(), stop = Sample(), pss = Sample(), rss = Sample()
        var phases: [String: Sample] = [:]
        let clock = ContinuousClock()
        for index in 0..<(repetitions + 1) {
            let began = clock.now
            let session = try await DesktopSession.start(config: config, logger: logger)
            let ready = clock.now
            try await Task.sleep(for: .milliseconds(300))
            let pids = (session.xvfbPID.map { [$0] } ?? []) + session.processes.flatMap { $0.groupMembers() + [$0.pid] }
            let memory = Set(pids).map(Self.memory(of:)).reduce((0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            let stopping = clock.now
            await session.stop()
            let stopped = clock.now
            guard index >= 1 else { continue }
            start.append(ready - began)
            for (name, duration) in session.startupPhases { phases[name, default: Sample()].append(duration) }
            stop.append(stopped - stopping)
            pss.milliseconds.append(memory.0)
            rss.milliseconds.append(memory.1)
        }
        output("  deskgym start to ready                        \(start.summary)")
        output(
            "#   phases (median ms): "
                + ["xvfb", "window_manager", "apps"].map { "\($0) \(format(phases[$0]?.median ?? .nan))" }.joined(separator: "  "))
        output("  deskgym stop (all processes reaped, files removed) \(stop.summary)")
        var live: [DesktopSession] = []
        do {
            for _ in 0..<8 { live.append(try await DesktopSession.start(config: config, logger: logger)) }
            try await Task.sleep(for: .milliseconds(500))
            let pids = live.flatMap { ($0.xvfbPID.map { [$0] } ?? []) + $0.processes.flatMap { $0.groupMembers() + [$0.pid] } }
            let total = Set(pids).map(Self.memory(of:)).reduce((0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            output(
                "  deskgym 8 idle sessions live: PSS \(String(format: "%.1f", total.0 / 8)) MiB per session (sum \(String(format: "%.1f", total.0)) MiB), RSS \(String(format: "%.1f", total.1 / 8)) MiB per session"
            )
        } catch {
            for session in live { await session.stop() }
            throw error
        }
        for session in live { await session.stop() }
        output(
            "  deskgym idle session memory: PSS median \(String(format: "%.1f", pss.median)) MiB, RSS median \(String(format: "%.1f", rss.median)) MiB (sum over Xvfb, openbox, xterm and its shell)"
        )
    }

    /// PSS and RSS in MiB from `/proc/PID/smaps_rollup`.
    static func memory(of pid: Int32) -> (Double, Double) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8) else { return (0, 0) }
        func field(_ name: String) -> Double {
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return Double(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return (field("Pss"), field("Rss"))
    }
}
