import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Feeds one parser its inputs in this process and measures each call. A trap in the parser ends
/// the process: ``FuzzCampaign`` runs this in a child process per parser so that it does not end
/// the whole run.
public struct Fuzzer: Sendable {
    /// Makes the inputs.
    public let mutator: FuzzMutator
    /// The run's seed: with the iteration, it fixes each input.
    public let seed: UInt64
    /// An input the parser spends more CPU time than this on is reported as slow (a hang). CPU time
    /// of the parsing thread rather than wall time, so that a run at `nice 19` on a busy machine
    /// does not report the time it waited for a core; an input that blocks is the watchdog's.
    public let slowLimit: Duration

    /// A fuzzer for `target`.
    public init(target: FuzzTarget, seed: UInt64, maximumSize: Int = 64 * 1024, slowLimit: Duration = .seconds(1)) {
        mutator = FuzzMutator(target: target, maximumSize: maximumSize)
        self.seed = seed
        self.slowLimit = slowLimit
    }

    /// Runs iterations `start..<start + count`, handing `report` a chunk every `chunkSize`
    /// iterations and one for the rest; `watchdog` is told which input is being parsed.
    public func run(
        from start: Int, count: Int, chunkSize: Int = 1024, watchdog: FuzzWatchdog? = nil, report: (FuzzChunk) -> Void
    ) {
        let limit = Self.seconds(slowLimit)
        var chunk = FuzzChunk(start: start)
        let end = start + max(0, count)
        for iteration in start..<end {
            let input = mutator.input(seed: seed, iteration: iteration)
            watchdog?.begin(iteration)
            let before = Self.threadCPUSeconds()
            let outcome = mutator.target.run(input)
            let seconds = Self.threadCPUSeconds() - before
            watchdog?.end()
            chunk.count += 1
            chunk.parseSeconds += seconds
            switch outcome {
            case .accepted: chunk.accepted += 1
            case .refused: chunk.refused += 1
            }
            if seconds > chunk.slowestSeconds {
                chunk.slowestSeconds = seconds
                chunk.slowestIteration = iteration
            }
            if seconds > limit { chunk.slow.append(FuzzChunk.SlowInput(iteration: iteration, seconds: seconds)) }
            if chunk.count == chunkSize || iteration == end - 1 {
                chunk.peakKiB = Self.peakResidentKiB()
                report(chunk)
                chunk = FuzzChunk(start: iteration + 1)
            }
        }
    }

    /// This process's peak resident set, in KiB (`VmHWM` on Linux, `ru_maxrss` elsewhere).
    public static func peakResidentKiB() -> Int {
        #if os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
        #else
        var usage = rusage()
        guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
        return Int(usage.ru_maxrss) / 1024
        #endif
    }

    /// The CPU time this thread has used, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
