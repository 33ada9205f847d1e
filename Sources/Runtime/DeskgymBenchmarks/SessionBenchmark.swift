import DeskgymCore
import DeskgymSandbox
import Foundation
import Logging

/// `deskgym bench session`: start to ready and stop of an Xvfb + openbox + xterm session, and the
/// memory (PSS) of the idle session.
public struct SessionBenchmark: Sendable {
    public var repetitions: Int
    public var size: Size
    /// Create, command, delete cycles after which leftovers are counted (0: none).
    public var cycles: Int

    public init(repetitions: Int, size: Size, cycles: Int = 0) {
        self.repetitions = repetitions
        self.size = size
        self.cycles = cycles
    }

    /// Runs the measurements without a sandbox and then with one, side by side, then the cycles.
    public func run(logger: Logger, output: @Sendable (String) -> Void) async throws {
        for sandbox in [VMConfig.Sandbox.none, .namespaces] {
            try await run(sandbox: sandbox, logger: logger, output: output)
        }
        if cycles > 0 { try await runCycles(logger: logger, output: output) }
    }

    func config(_ sandbox: VMConfig.Sandbox) -> VMConfig {
        VMConfig(
            name: "session-bench", screen: .init(width: size.width, height: size.height, depth: 24),
            apps: [.init(command: "xterm", waitForWindow: "xterm")], sandbox: sandbox, source: "bench session")
    }

    func run(sandbox: VMConfig.Sandbox, logger: Logger, output: @Sendable (String) -> Void) async throws {
        var quiet = logger
        // sandbox: none warns at every start; once is enough here.
        if sandbox == .none { quiet.logLevel = .error }
        let logger = quiet
        let config = config(sandbox)
        output("## session \(size) (Xvfb -extension GLX + openbox + xterm), sandbox: \(sandbox.rawValue), reps=\(repetitions)")
        var start = Sample(), stop = Sample(), pss = Sample(), rss = Sample()
        var phases: [String: Sample] = [:]
        let clock = ContinuousClock()
        for index in 0..<(repetitions + 1) {
            let began = clock.now
            let session = try await DesktopSession.start(config: config, logger: logger)
            let ready = clock.now
            try await Task.sleep(for: .milliseconds(300))
            let memory = Set(session.memberPIDs).map(Self.memory(of:)).reduce((0.0, 0.0)) { ($0.0 + $1.0, $0.1 + $1.1) }
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
                + ["xvfb", "sandbox", "window_manager", "accessibility", "apps"].map { "\($0) \(format(phases[$0]?.median ?? .nan))" }
                .joined(
                    separator: "  "))
        output("  deskgym stop (all processes reaped, files removed) \(stop.summary)")
        var live: [DesktopSession] = []
        do {
            for _ in 0..<8 { live.append(try await DesktopSession.start(config: config, logger: logger)) }
            try await Task.sleep(for: .milliseconds(500))
            let pids = live.flatMap(\.memberPIDs)
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
            "  deskgym idle session memory: PSS median \(String(format: "%.1f", pss.median)) MiB, RSS median \(String(format: "%.1f", rss.median)) MiB (sum over Xvfb, openbox, xterm and its shell, and the sandbox's bubblewrap, init and nsenters)"
        )
    }

    /// `cycles` sessions started, given a command that detaches a program, and stopped; then what
    /// is left of them on this machine: processes, mounts, descriptors, shared memory, X sockets,
    /// session folders.
    func runCycles(logger: Logger, output: @Sendable (String) -> Void) async throws {
        let marker = "99\(getpid()).5"
        let root = DesktopSession.defaultRoot
        let before = Leftovers.count(root: root, marker: marker)
        let clock = ContinuousClock()
        let began = clock.now
        for _ in 0..<cycles {
            let session = try await DesktopSession.start(config: config(.namespaces), logger: logger)
            _ = try await session.run("setsid -f sleep \(marker); nohup sleep \(marker) >/dev/null 2>&1 & echo ok")
            await session.stop()
        }
        let elapsed = clock.now - began
        try await Task.sleep(for: .milliseconds(500))
        let after = Leftovers.count(root: root, marker: marker)
        output("## \(cycles) create / command (detaching two programs) / delete cycles, sandbox: namespaces, in \(elapsed)")
        output("  leftovers after minus before: \(after.difference(from: before))")
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

/// What sessions can leave behind on this machine, counted.
struct Leftovers {
    var processes = 0
    var mounts = 0
    var descriptors = 0
    var sharedMemory = 0
    var xSockets = 0
    var sessionFolders = 0

    static func count(root: URL, marker: String) -> Leftovers {
        let manager = FileManager.default
        var counted = Leftovers()
        for entry in (try? manager.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard Int32(entry) != nil, let line = manager.contents(atPath: "/proc/\(entry)/cmdline") else { continue }
            if String(decoding: line, as: UTF8.self).contains(marker) { counted.processes += 1 }
        }
        counted.mounts = ((try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? "").split(separator: "\n").count
        counted.descriptors = ((try? manager.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count
        counted.sharedMemory = max(
            0, ((try? String(contentsOfFile: "/proc/sysvipc/shm", encoding: .utf8)) ?? "").split(separator: "\n").count - 1)
        counted.xSockets = ((try? manager.contentsOfDirectory(atPath: "/tmp/.X11-unix")) ?? []).count
        counted.sessionFolders = ((try? manager.contentsOfDirectory(atPath: root.path)) ?? []).count
        return counted
    }

    func difference(from earlier: Leftovers) -> String {
        "processes \(processes - earlier.processes), mounts \(mounts - earlier.mounts), descriptors \(descriptors - earlier.descriptors), "
            + "shm segments \(sharedMemory - earlier.sharedMemory), X sockets \(xSockets - earlier.xSockets), "
            + "session folders \(sessionFolders - earlier.sessionFolders)"
    }
}
