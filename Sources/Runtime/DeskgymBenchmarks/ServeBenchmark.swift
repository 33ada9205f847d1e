import DeskgymSandbox
import DeskgymServer
import Foundation
import Logging

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The environment server under load, through its HTTP API on loopback: how many live sessions
/// it holds and their memory, aggregate steps per second with many sessions stepping at once,
/// lease-to-first-observation from a warm pool, and create/step/delete cycles with nothing leaked.
public struct ServeBenchmark: Sendable {
    /// Sessions to hold at once for the capacity figure.
    public var sessions: Int
    /// Sessions stepping in parallel for the throughput figure, and for how long.
    public var parallel: Int
    public var seconds: Double
    /// Create/step/delete cycles for the leak check.
    public var cycles: Int
    /// Leases taken from the warm pool for the latency figure.
    public var leases: Int
    public var width: Int
    public var height: Int

    /// The sessions' `sandbox:` (`namespaces` or `none`).
    public var sandbox: String

    public init(
        sessions: Int, parallel: Int, seconds: Double, cycles: Int, leases: Int, width: Int, height: Int,
        sandbox: String = "namespaces"
    ) {
        self.sandbox = sandbox
        self.sessions = sessions
        self.parallel = parallel
        self.seconds = seconds
        self.cycles = cycles
        self.leases = leases
        self.width = width
        self.height = height
    }

    /// A desktop of xterm and openbox at the benchmark's size.
    var configYAML: String {
        """
        kind: xvfb
        name: bench
        screen: \(width)x\(height)x24
        window_manager: openbox
        sandbox: \(sandbox)
        apps:
          - command: xterm
            args: [-title, Terminal]
            wait_for_window: Terminal
        settle: {quiet_ms: 40, max_ms: 2000}
        """
    }

    public func run(logger: Logger, print: @Sendable (String) -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-serve-\(UUID())")
        let vmConfigs = folder.appendingPathComponent("vm-configs"), tasks = folder.appendingPathComponent("tasks")
        try FileManager.default.createDirectory(at: vmConfigs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: tasks, withIntermediateDirectories: true)
        try configYAML.write(to: vmConfigs.appendingPathComponent("bench.yaml"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sessionRoot = folder.appendingPathComponent("sessions")
        let http = HTTPBench()
        print(
            "deskgym serve on loopback, desktops of xterm + openbox at \(width)x\(height); \(ProcessInfo.processInfo.activeProcessorCount) cores"
        )

        // 1. Capacity and memory.
        do {
            let server = try await BenchServer.start(
                capacity: sessions, vmConfigs: vmConfigs, tasks: tasks, root: sessionRoot,
                pool: nil, logger: logger)
            let before = MemoryProbe.serverResident()
            let clock = ContinuousClock()
            let started = clock.now
            var ids: [String] = []
            var failure: String?
            while ids.count < sessions {
                let reply = try await http.call(server.port, "POST", "/sessions", ["vm_config": "bench", "image": "none"])
                guard reply.status == 201, let id = reply.json["session_id"] as? String else {
                    failure = "session \(ids.count + 1): \(reply.status) \(reply.text.prefix(200))"
                    break
                }
                ids.append(id)
            }
            let elapsed = (clock.now - started).seconds
            let pids = await server.server.registry.allProcessIDs()
            let memory = MemoryProbe.proportionalSetKiB(of: pids)
            let serverGrowth = max(0, MemoryProbe.serverResident() - before)
            print(
                String(
                    format: "live sessions: %d of %d asked (started in %.1f s, %.0f ms each)%@", ids.count, sessions, elapsed,
                    elapsed * 1000 / Double(max(1, ids.count)), failure.map { "; stopped at: \($0)" } ?? ""))
            print(
                String(
                    format: "memory per session: %.1f MiB (PSS of Xvfb + openbox + xterm, %d processes) + %.2f MiB in the server",
                    Double(memory) / 1024 / Double(max(1, ids.count)), pids.count,
                    Double(serverGrowth) / 1024 / Double(max(1, ids.count))))
            await server.stop()
        }

        // 2. Throughput.
        do {
            let server = try await BenchServer.start(
                capacity: parallel, vmConfigs: vmConfigs, tasks: tasks, root: sessionRoot,
                pool: nil, logger: logger)
            var ids: [String] = []
            for _ in 0..<parallel {
                let reply = try await http.call(server.port, "POST", "/sessions", ["vm_config": "bench", "image": "none"])
                guard let id = reply.json["session_id"] as? String else {
                    throw BenchmarkError(benchmark: "serve", message: "create: \(reply.status) \(reply.text.prefix(200))")
                }
                ids.append(id)
            }
            for image in ["none", "base64"] {
                let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
                let counts = await withTaskGroup(of: (Int, [Double]).self) { group in
                    for id in ids {
                        group.addTask {
                            var steps = 0
                            var latencies: [Double] = []
                            var key = 0
                            while ContinuousClock.now < deadline {
                                // One character typed at the prompt: a small change, as most steps are.
                                let letter = String(UnicodeScalar(UInt8(97 + key % 26)))
                                key += 1
                                let begun = ContinuousClock.now
                                guard
                                    let reply = try? await http.call(
                                        server.port, "POST", "/sessions/\(id)/step",
                                        ["action": "pyautogui.press('\(letter)')", "image": image]),
                                    reply.status == 200
                                else { break }
                                latencies.append((ContinuousClock.now - begun).milliseconds)
                                steps += 1
                            }
                            return (steps, latencies)
                        }
                    }
                    var total = 0
                    var all: [Double] = []
                    for await (steps, latencies) in group {
                        total += steps
                        all += latencies
                    }
                    return (total, all)
                }
                var sample = Sample()
                sample.milliseconds = counts.1
                print(
                    String(
                        format:
                            "steps/s with %d sessions stepping at once (image %@): %.0f (%d steps in %.0f s; latency p50 %.0f ms, p90 %.0f ms)",
                        parallel, image, Double(counts.0) / seconds, counts.0, seconds, sample.median, sample.p90))
            }
            await server.stop()
        }

        // 3. Lease to first observation from the warm pool.
        do {
            let config = try VMConfig.load(from: vmConfigs.appendingPathComponent("bench.yaml"))
            let pool = WarmPoolFactory(size: 2, root: sessionRoot, logger: logger)
            let server = try await BenchServer.start(
                capacity: 4, vmConfigs: vmConfigs, tasks: tasks, root: sessionRoot, pool: pool,
                logger: logger)
            await pool.prewarm([config])
            var sample = Sample()
            var cold = Sample()
            for _ in 0..<leases {
                // Wait until a desktop waits, as a trainer's pool would between episodes.
                while await pool.idleCount(for: config) == 0 { try await Task.sleep(for: .milliseconds(20)) }
                let begun = ContinuousClock.now
                let reply = try await http.call(server.port, "POST", "/sessions", ["vm_config": "bench", "image": "base64"])
                sample.milliseconds.append((ContinuousClock.now - begun).milliseconds)
                if let id = reply.json["session_id"] as? String { _ = try await http.call(server.port, "DELETE", "/sessions/\(id)", nil) }
            }
            await server.stop()
            let fresh = try await BenchServer.start(
                capacity: 2, vmConfigs: vmConfigs, tasks: tasks, root: sessionRoot, pool: nil,
                logger: logger)
            for _ in 0..<max(3, leases / 4) {
                let begun = ContinuousClock.now
                let reply = try await http.call(fresh.port, "POST", "/sessions", ["vm_config": "bench", "image": "base64"])
                cold.milliseconds.append((ContinuousClock.now - begun).milliseconds)
                if let id = reply.json["session_id"] as? String { _ = try await http.call(fresh.port, "DELETE", "/sessions/\(id)", nil) }
            }
            await fresh.stop()
            print(
                String(
                    format:
                        "lease to first observation (PNG included): warm pool p50 %.1f ms, p90 %.1f ms (%d leases); without a pool p50 %.0f ms",
                    sample.median, sample.p90, leases, cold.median))
        }

        // 4. Create/step/delete cycles, counting what could leak.
        do {
            http.close()  // its idle keep-alive connections are this process's descriptors too
            let client = HTTPBench()
            let before = LeakCensus.take(root: sessionRoot)
            let server = try await BenchServer.start(
                capacity: 4, vmConfigs: vmConfigs, tasks: tasks, root: sessionRoot, pool: nil,
                logger: logger)
            let clock = ContinuousClock()
            let started = clock.now
            let done = await withTaskGroup(of: Int.self) { group in
                let lanes = 4
                for lane in 0..<lanes {
                    group.addTask {
                        var finished = 0
                        for _ in stride(from: lane, to: cycles, by: lanes) {
                            guard
                                let reply = try? await client.call(
                                    server.port, "POST", "/sessions", ["vm_config": "bench", "image": "none"]),
                                let id = reply.json["session_id"] as? String
                            else { continue }
                            _ = try? await client.call(
                                server.port, "POST", "/sessions/\(id)/step", ["action": "pyautogui.press('a')", "image": "base64"])
                            _ = try? await client.call(server.port, "DELETE", "/sessions/\(id)", nil)
                            finished += 1
                        }
                        return finished
                    }
                }
                return await group.reduce(0, +)
            }
            await server.stop()
            client.close()
            // The client's sockets close a moment after its session is invalidated (libcurl's
            // connection cache is torn down asynchronously): give them up to 3 s.
            var after = LeakCensus.take(root: sessionRoot)
            let settleDeadline = ContinuousClock.now + .seconds(3)
            while after.fileDescriptors > before.fileDescriptors && ContinuousClock.now < settleDeadline {
                try await Task.sleep(for: .milliseconds(100))
                after = LeakCensus.take(root: sessionRoot)
            }
            print(
                String(
                    format: "%d create/step/delete cycles in %.0f s (4 at a time): %@", done, (clock.now - started).seconds,
                    before.difference(to: after)))
        }
    }
}
