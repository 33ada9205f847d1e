import ArgumentParser
import DeskgymBenchmarks
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// `deskgym fuzz`: every parser of outside text fed generated and mutated inputs, each parser in a
/// child process of its own.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Feed every parser generated and mutated inputs; report crashes, hangs, the slowest input and peak memory.",
        discussion: """
            Parsers: \(FuzzTarget.all.map(\.name).joined(separator: ", ")). Each runs in a child process, so that a \
            crash is reported with the iteration that reproduces it and the other parsers still run. The same \
            --seed gives the same inputs. Exits 1 when a crash or a hang was found.
            """)

    @Option(help: "Inputs per parser.")
    var count = 100_000
    @Option(help: "The seed: with an iteration, it fixes the input.")
    var seed: UInt64 = 1
    @Option(help: "The first iteration.")
    var start = 0
    @Option(name: .customLong("parser"), help: "A parser to fuzz (repeat, or separate with commas); default: all.")
    var parsers: [String] = []
    @Option(help: "The longest input, in bytes.")
    var maxSize = 64 * 1024
    @Option(help: "An input the parser spends more CPU time than this on, in milliseconds, is a hang.")
    var slowMs = 1000
    @Option(help: "An input still running after this many seconds ends its child and is a hang.")
    var stuckSeconds = 20
    @Option(help: "The data segment a child may grow to, in MiB: past it an allocation fails and the input is a crash.")
    var memoryLimitMib = 2048
    @Option(help: .hidden)
    var chunk = 1024
    @Flag(help: "Run the inputs in this process and print chunk reports (what the children do).")
    var child = false
    @Flag(help: "Write the raw bytes of input --start of the one --parser to standard output, and stop.")
    var dumpInput = false

    func validate() throws {
        guard count >= 0, start >= 0, maxSize > 0, slowMs > 0, stuckSeconds > 0, chunk > 0, memoryLimitMib > 0 else {
            throw ValidationError("--count and --start must not be negative; the sizes and limits must be positive")
        }
        for name in selectedNames where FuzzTarget.named(name) == nil {
            throw ValidationError(
                "unknown parser '\(name)'; known: \(FuzzTarget.all.map(\.name).joined(separator: ", "))")
        }
        if child || dumpInput, selectedNames.count != 1 {
            throw ValidationError("--child and --dump-input need exactly one --parser")
        }
    }

    private var selectedNames: [String] {
        parsers.flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    }

    func run() throws {
        let names = selectedNames.isEmpty ? FuzzTarget.all.map(\.name) : selectedNames
        if dumpInput || child {
            // validate() checked the one name.
            guard let target = FuzzTarget.named(names[0]) else { return }
            let fuzzer = Fuzzer(target: target, seed: seed, maximumSize: maxSize, slowLimit: .milliseconds(slowMs))
            if dumpInput {
                try? FileHandle.standardOutput.write(contentsOf: Data(fuzzer.mutator.input(seed: seed, iteration: start)))
            } else {
                runChild(fuzzer)
            }
            return
        }
        // The children run this very binary.
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let executable = URL(fileURLWithPath: path)
        var campaign = FuzzCampaign(
            executable: executable, seed: seed, start: start, count: count, maximumSize: maxSize,
            slowLimit: .milliseconds(slowMs), stuckLimit: .seconds(stuckSeconds))
        campaign.chunkSize = chunk
        campaign.memoryLimitMiB = memoryLimitMib
        emit("fuzz: seed \(seed), iterations \(start)..<\(start + count) per parser, inputs up to \(maxSize) bytes")
        emit(FuzzReport.header)
        var reports: [FuzzReport] = []
        for name in names {
            let report = try campaign.run(parser: name)
            emit(report.line)
            reports.append(report)
        }
        var problems = 0
        for report in reports {
            for crash in report.crashes {
                problems += 1
                emit(
                    "crash: \(report.parser) iteration \(crash.iteration) (\(crash.termination)"
                        + "\(crash.reproduced ? "" : ", not reproduced alone")): \(crash.message)")
                emit("  reproduce: \(report.reproduction(crash.iteration))")
            }
            for hang in report.hangs {
                problems += 1
                emit("hang: \(report.parser) iteration \(hang.iteration) took \(String(format: "%.2f", hang.seconds)) s")
                emit("  reproduce: \(report.reproduction(hang.iteration))")
            }
        }
        let inputs = reports.map(\.inputs).reduce(0, +)
        let seconds = reports.map(\.wallSeconds).reduce(0, +)
        let rate = String(format: "%.0f", seconds > 0 ? Double(inputs) / seconds : 0)
        let peak = String(format: "%.1f", Double(reports.map(\.peakKiB).max() ?? 0) / 1024)
        let crashes = reports.map(\.crashes.count).reduce(0, +), hangs = reports.map(\.hangs.count).reduce(0, +)
        emit(
            "total: \(inputs) inputs in \(String(format: "%.1f", seconds)) s (\(rate) inputs/s), peak \(peak) MiB, "
                + "\(crashes) crashes, \(hangs) hangs")
        if problems > 0 { throw ExitCode(1) }
    }

    /// The child's side: chunk reports on standard output, one a line; a stuck input is reported
    /// by the watchdog, which then ends the process.
    private func runChild(_ fuzzer: Fuzzer) {
        limitMemory()
        inheritNiceness()
        let watchdog = FuzzWatchdog(limit: .seconds(stuckSeconds)) { iteration, seconds in
            try? FileHandle.standardOutput.write(contentsOf: Data("stuck \(iteration) \(seconds)\n".utf8))
            _exit(3)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        fuzzer.run(from: start, count: count, chunkSize: chunk, watchdog: watchdog) { chunk in
            guard let json = try? encoder.encode(chunk) else { return }
            try? FileHandle.standardOutput.write(contentsOf: Data("chunk ".utf8) + json + Data("\n".utf8))
        }
        watchdog.stop()
    }

    /// Gives the thread that fuzzes the parent's nice value: on Linux, nice is per thread, and
    /// libdispatch sets its workers' (this command runs on one) from their QoS, not from the
    /// process, so that a run under `nice -n 19` would otherwise fuzz at full priority.
    private func inheritNiceness() {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let parent = getpriority(which, id_t(getppid()))
        if errno == 0, parent > getpriority(which, 0) { _ = setpriority(which, 0, parent) }
        #endif
    }

    /// Caps this process's data segment, so that an input that makes a parser allocate without end
    /// fails here (a crash, reported with its iteration) instead of taking the machine's memory.
    private func limitMemory() {
        let bytes = rlim_t(memoryLimitMib) * 1024 * 1024
        var limit = rlimit(rlim_cur: bytes, rlim_max: bytes)
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &limit)
        #else
        _ = setrlimit(RLIMIT_DATA, &limit)
        #endif
    }
}
