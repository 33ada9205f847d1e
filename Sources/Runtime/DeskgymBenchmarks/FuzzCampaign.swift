import Foundation

/// Runs each parser's fuzz loop in a child process (`deskgym fuzz --child …`), so that a trap in one
/// parser is reported with the iteration that reproduces it and the run goes on: the crashing
/// input is found by running halves of the unfinished chunk again, then the rest of the range runs
/// in a new child.
public struct FuzzCampaign: Sendable {
    /// The `deskgym` binary the children run.
    public var executable: URL
    /// The run's seed.
    public var seed: UInt64
    /// The first iteration.
    public var start: Int
    /// Iterations per parser.
    public var count: Int
    /// The longest input, in bytes.
    public var maximumSize: Int
    /// Inputs slower than this count as hangs.
    public var slowLimit: Duration
    /// An input still running after this is stuck: its child is ended and it counts as a hang.
    public var stuckLimit: Duration
    /// Iterations per chunk report (and the span a crash is searched in).
    public var chunkSize = 1024
    /// The data segment a child may grow to, in MiB.
    public var memoryLimitMiB = 2048

    /// A campaign; see the properties.
    public init(
        executable: URL, seed: UInt64, start: Int = 0, count: Int, maximumSize: Int = 64 * 1024,
        slowLimit: Duration = .seconds(1), stuckLimit: Duration = .seconds(20)
    ) {
        self.executable = executable
        self.seed = seed
        self.start = start
        self.count = count
        self.maximumSize = maximumSize
        self.slowLimit = slowLimit
        self.stuckLimit = stuckLimit
    }

    /// The arguments of a child that runs `count` iterations of `parser` from `start`.
    public func childArguments(parser: String, start: Int, count: Int) -> [String] {
        [
            "fuzz", "--child", "--parser", parser, "--seed", "\(seed)", "--start", "\(start)", "--count", "\(count)",
            "--max-size", "\(maximumSize)", "--slow-ms", "\(Int(Fuzzer.seconds(slowLimit) * 1000))",
            "--stuck-seconds", "\(Int(Fuzzer.seconds(stuckLimit).rounded(.up)))", "--chunk", "\(chunkSize)",
            "--memory-limit-mib", "\(memoryLimitMiB)",
        ]
    }

    /// Fuzzes `parser` (a ``FuzzTarget`` name).
    public func run(parser: String) throws(BenchmarkError) -> FuzzReport {
        let clock = ContinuousClock()
        let began = clock.now
        var report = FuzzReport(parser: parser, seed: seed)
        let end = start + count
        var next = start
        // Inputs found to crash or stick, by iteration; the ranges between them run in children.
        var bad: [Int: ChildRun] = [:]
        while next < end {
            if let known = bad[next] {
                record(known, at: next, in: &report)
                next += 1
                continue
            }
            let stop = bad.keys.filter { $0 > next }.min() ?? end
            let child = try runChild(parser: parser, start: next, count: stop - next)
            for chunk in child.chunks { report.add(chunk) }
            next = child.chunks.last?.end ?? next
            if child.finished { continue }
            if let stuck = child.stuck {
                bad[stuck.iteration] = child
                // The chunk it was in did not finish: run its first iterations again before it.
                continue
            }
            // A crash somewhere in the chunk after `next`.
            let (iteration, alone) = try locateCrash(parser: parser, in: next..<min(stop, next + chunkSize))
            var entry = alone.crashed ? alone : child
            entry.crashed = alone.crashed
            bad[iteration] = entry
        }
        report.wallSeconds = Fuzzer.seconds(clock.now - began)
        return report
    }

    private func record(_ run: ChildRun, at iteration: Int, in report: inout FuzzReport) {
        report.inputs += 1
        report.peakKiB = max(report.peakKiB, run.chunks.map(\.peakKiB).max() ?? 0)
        if let stuck = run.stuck, stuck.iteration == iteration {
            report.hangs.append(stuck)
        } else {
            report.crashes.append(
                FuzzReport.Crash(iteration: iteration, termination: run.termination, message: run.message, reproduced: run.crashed))
        }
    }

    /// Halves `range` until one iteration is left whose run ends its child; the crash is known to
    /// lie in `range`. Returns the iteration and its run alone.
    private func locateCrash(parser: String, in range: Range<Int>) throws(BenchmarkError) -> (Int, ChildRun) {
        var low = range.lowerBound, high = range.upperBound
        while high - low > 1 {
            let middle = (low + high) / 2
            let first = try runChild(parser: parser, start: low, count: middle - low)
            if first.finished { low = middle } else { high = middle }
        }
        return (low, try runChild(parser: parser, start: low, count: 1))
    }

    /// What one child process reported and how it ended.
    struct ChildRun {
        var chunks: [FuzzChunk] = []
        var stuck: FuzzChunk.SlowInput?
        var finished = false
        var crashed = false
        var termination = ""
        var message = ""
    }

    private func runChild(parser: String, start: Int, count: Int) throws(BenchmarkError) -> ChildRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = childArguments(parser: parser, start: start, count: count)
        var environment = ProcessInfo.processInfo.environment
        // A crash's backtrace takes seconds to symbolicate; the message is enough, and the
        // reproduction command gives the rest.
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let output = Pipe()
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-fuzz-\(UUID().uuidString).err")
        defer { try? FileManager.default.removeItem(at: errors) }
        let errorHandle: FileHandle
        do {
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            errorHandle = try FileHandle(forWritingTo: errors)
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = output
            process.standardError = errorHandle
            try process.run()
        } catch {
            throw BenchmarkError(benchmark: "fuzz", message: "cannot start \(executable.path): \(error)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorHandle.close()

        var run = ChildRun()
        let decoder = JSONDecoder()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            if line.hasPrefix("chunk "), let chunk = try? decoder.decode(FuzzChunk.self, from: Data(line.dropFirst(6).utf8)) {
                run.chunks.append(chunk)
            } else if line.hasPrefix("stuck ") {
                let fields = line.split(separator: " ")
                if fields.count == 3, let iteration = Int(fields[1]), let seconds = Double(fields[2]) {
                    run.stuck = FuzzChunk.SlowInput(iteration: iteration, seconds: seconds)
                }
            }
        }
        let status = process.terminationStatus
        run.finished = process.terminationReason == .exit && status == 0 && run.stuck == nil
        run.crashed = !run.finished && run.stuck == nil
        run.termination = process.terminationReason == .uncaughtSignal ? "signal \(status)" : "exit status \(status)"
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        let lines = stderr.split(separator: "\n")
        let fatal = lines.first { $0.contains("Fatal error") || $0.contains("fatal error") || $0.contains("rror:") }
        run.message = String((fatal ?? lines.last ?? "").prefix(400))
        if run.finished, run.chunks.last?.end != start + count {
            run.finished = false
            run.crashed = true
            run.termination += " (reported \((run.chunks.last?.end ?? start) - start) of \(count) iterations)"
        }
        return run
    }
}
