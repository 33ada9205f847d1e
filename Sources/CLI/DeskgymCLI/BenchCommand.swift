import ArgumentParser
import DeskgymBenchmarks
import DeskgymCore
import DeskgymX11
import Foundation
import Logging

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure Deskgym and print the figures (medians, p90), beside the peers where asked.",
        subcommands: [
            StepBench.self, SettleBench.self, SessionBench.self, ResetBench.self, ServeBench.self, RecordBench.self, VNCBench.self,
            AccessibilityBench.self,
        ])
}

struct StepBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "step", abstract: "Click + capture + PNG encode on the peers' busy desktop.")

    @Option(help: "Repetitions per scenario.")
    var reps = 30
    @Option(help: "Screen sizes, comma-separated.")
    var sizes = "1920x1080,1280x720"
    @Option(help: "The peers' folder; the C and Python peers run in the same run. Empty to skip them.")
    var peers = "../shared/peers"

    func run() async throws {
        let parsed = try sizes.split(separator: ",").map { try parseSize(String($0)) }
        let benchmark = StepBenchmark(
            sizes: parsed, repetitions: reps,
            peersFolder: peers.isEmpty ? nil : URL(fileURLWithPath: peers),
            assets: FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-bench-assets"))
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

struct SettleBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "settle",
        abstract:
            "The old settle (repaints only, 40 ms) beside the new (input, idle, repaints, 20 ms): latency, and stale observations under load."
    )

    @Option(help: "Repetitions per scenario and policy of the latency part (xterm typing, a mousepad menu); 0 to skip it.")
    var reps = 30
    @Option(help: "Concurrent desktops (xterm, mousepad, Chromium) at each load level, comma-separated; empty to skip the load part.")
    var loads = "1,4,8,16"
    @Option(help: "Steps per load level and policy, shared among the level's desktops (rounded up to whole cycles of 15).")
    var steps = 1000
    @Option(help: "Processes spinning on the CPU beside the desktops of the load part.")
    var hog = 2
    @Option(help: "Quiet period of the old policy (repaints only), in milliseconds.")
    var oldQuietMs = 40
    @Option(help: "Quiet period of the new policy (input, idle, repaints), in milliseconds.")
    var newQuietMs = 20
    @Option(help: "Cap of both policies, in milliseconds.")
    var capMs = 2000
    @Option(help: "A folder where each stale observation is written beside the screen it should have shown.")
    var staleOut: String?

    func run() async throws {
        let levels = try loads.split(separator: ",").map { text -> Int in
            guard let level = Int(text.trimmingCharacters(in: .whitespaces)), level >= 1 else {
                throw ValidationError("--loads takes desktop counts of at least 1, comma-separated (e.g. 1,4,8); got '\(loads)'")
            }
            return level
        }
        guard reps >= 0, steps >= 1, hog >= 0, oldQuietMs >= 1, newQuietMs >= 1, capMs >= 1 else {
            throw ValidationError("--reps and --hog must be at least 0; --steps, the quiet periods and --cap-ms at least 1")
        }
        let cap = Duration.milliseconds(capMs)
        let benchmark = SettleBenchmark(
            repetitions: reps,
            policies: [
                .init(name: "old", policy: SettlePolicy(quiet: .milliseconds(oldQuietMs), cap: cap, signals: .damage)),
                .init(name: "new", policy: SettlePolicy(quiet: .milliseconds(newQuietMs), cap: cap, signals: .all)),
            ],
            load: levels.isEmpty ? nil : SettleLoadTest(loads: levels, steps: steps, hogs: hog),
            staleFolder: staleOut.map { URL(fileURLWithPath: $0) })
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

struct AccessibilityBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "a11y",
        abstract: "Accessibility tree reads of mousepad, Calc and Chromium beside OSWorld's method; set-of-marks; start cost.")

    @Option(help: "Repetitions of each of Deskgym's measurements.")
    var reps = 10
    @Option(help: "Repetitions of the peer's read (OSWorld's method is slow).")
    var peerReps = 3
    @Option(help: "The peer script (OSWorld's method with pyatspi); 'none' skips the peer.")
    var peer = "scripts/peers/osworld_a11y_tree.py"
    enum Part: String, ExpressibleByArgument, CaseIterable {
        case all, trees, start
    }

    @Option(help: "What to measure: all, trees (the three desktops) or start (session start, accessibility off and on).")
    var only: Part = .all

    func run() async throws {
        guard (1...1_000).contains(reps), (1...100).contains(peerReps) else {
            throw ValidationError("--reps must be 1 to 1,000 and --peer-reps 1 to 100")
        }
        let script: URL? = peer == "none" ? nil : URL(fileURLWithPath: peer)
        if let script, !FileManager.default.fileExists(atPath: script.path) {
            throw ValidationError("the peer script \(script.path) does not exist (run from the repository, or pass --peer none)")
        }
        let benchmark = AccessibilityBenchmark(
            repetitions: reps, peerRepetitions: peerReps, peerScript: script, trees: only != .start, start: only != .trees)
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

struct SessionBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session", abstract: "Session start to ready, stop, and idle memory (PSS).")

    @Option(help: "Repetitions.")
    var reps = 10
    @Option(help: "Screen size.")
    var size = "1920x1080"
    @Option(help: "Create / command / delete cycles (sandboxed) after which leftovers are counted; 0 for none.")
    var cycles = 0

    func run() async throws {
        let benchmark = SessionBenchmark(repetitions: reps, size: try parseSize(size), cycles: cycles)
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

struct ResetBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Reset to first observation and evaluation time of bundled tasks (the agent answers DONE at once).")

    @Argument(help: "Task files; default a terminal task and, when bundled, a LibreOffice Calc task.")
    var tasks: [String] = []
    @Option(help: "Repetitions per task.")
    var reps = 10
    @OptionGroup var vmConfigs: VMConfigsOption

    func run() async throws {
        var files = tasks
        if files.isEmpty {
            files = ["tasks/os/count-lines.json"]
            let calc = (try? FileManager.default.contentsOfDirectory(atPath: "tasks/libreoffice_calc"))?
                .filter { $0.hasSuffix(".json") }.sorted().first
            if let calc { files.append("tasks/libreoffice_calc/\(calc)") }
        }
        let benchmark = ResetBenchmark(
            tasks: files.map { URL(fileURLWithPath: $0) }, repetitions: reps,
            vmConfigsFolder: vmConfigs.folder)
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

struct RecordBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Recording overhead per VNC viewer event (vncdotool drives a recorded terminal task).")

    @Option(help: "The task to record.")
    var task = "tasks/os/create-hello-file.json"
    @OptionGroup var vmConfigs: VMConfigsOption
    @Option(help: "Pointer moves to send.")
    var moves = 300
    @Option(help: "Clicks to send.")
    var clicks = 40
    @Option(help: "Characters to type.")
    var characters = 200

    func run() async throws {
        let benchmark = RecordBenchmark(
            task: URL(fileURLWithPath: task), vmConfigsFolder: vmConfigs.folder,
            moves: moves, clicks: clicks, characters: characters)
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .warning)) { emit($0) } }
    }
}

func parseSize(_ text: String) throws -> Size {
    let parts = text.split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, parts[0] > 0, parts[1] > 0 else {
        throw ValidationError("'\(text)' is not a screen size; write it as WIDTHxHEIGHT, e.g. 1920x1080")
    }
    return Size(width: parts[0], height: parts[1])
}

struct ServeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The environment server through its HTTP API: live sessions and memory, steps/s, warm lease latency, leak check.")

    @Option(help: "Sessions to hold at once.")
    var sessions = 100
    @Option(help: "Sessions stepping in parallel.")
    var parallel = 32
    @Option(help: "Seconds of stepping per throughput run.")
    var seconds = 20.0
    @Option(help: "Create/step/delete cycles for the leak check.")
    var cycles = 1000
    @Option(help: "Leases taken from the warm pool.")
    var leases = 20
    @OptionGroup var screen: BenchScreenOption
    @Option(help: "The sessions' sandbox: namespaces or none.")
    var sandbox = "namespaces"

    func run() async throws {
        let parts = try screen.parts()
        guard ["namespaces", "none"].contains(sandbox) else { throw ValidationError("--sandbox is namespaces or none, not '\(sandbox)'") }
        guard sessions >= 1, parallel >= 1, cycles >= 0, leases >= 1, seconds > 0 else {
            throw ValidationError("--sessions, --parallel and --leases must be at least 1, --seconds positive")
        }
        let benchmark = ServeBenchmark(
            sessions: sessions, parallel: parallel, seconds: seconds, cycles: cycles, leases: leases,
            width: parts[0], height: parts[1], sandbox: sandbox)
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .error), print: { emit($0) }) }
    }
}

struct VNCBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vnc",
        abstract: "The VNC driver's step beside the X11 driver's on one desktop (x11vnc), and a qemu session's reset.")

    @Option(help: "Steps per driver.")
    var steps = 50
    @Option(help: "qemu resets.")
    var resets = 5
    @OptionGroup var screen: BenchScreenOption

    func run() async throws {
        let parts = try screen.parts()
        guard steps >= 1, resets >= 1 else { throw ValidationError("--steps and --resets must be at least 1") }
        let benchmark = VNCBenchmark(steps: steps, resets: resets, width: parts[0], height: parts[1])
        try await runStoppingOnSignal { try await benchmark.run(logger: makeLogger(level: .error), print: { emit($0) }) }
    }
}

/// Runs a benchmark until it ends or SIGINT/SIGTERM cancels it; a cancelled benchmark stops its
/// sessions and helper processes before the command exits (with status 130).
func runStoppingOnSignal(_ benchmark: @escaping @Sendable () async throws -> Void) async throws {
    let interrupted = try await SignalWaiter.cancellingOnSignal(
        message: "interrupted: stopping the benchmark's sessions", benchmark)
    if interrupted { throw ExitCode(130) }
}
