import Foundation

/// What fuzzing one parser found: the inputs run, crashes, hangs, the slowest input and the peak
/// memory of the processes that ran it.
public struct FuzzReport: Sendable, Hashable {
    /// An input that ended the process that parsed it.
    public struct Crash: Sendable, Hashable {
        /// Its iteration.
        public var iteration: Int
        /// How the child ended: `signal 4`, `exit status 1`.
        public var termination: String
        /// The runtime's message (`Fatal error: …`), if it printed one.
        public var message: String
        /// Whether the input alone ended a fresh child again (a crash that depends on what ran
        /// before it is reported as not reproduced).
        public var reproduced: Bool
    }

    /// The parser.
    public var parser: String
    /// The seed of the run.
    public var seed: UInt64
    /// Inputs run, crashing and stuck ones included.
    public var inputs = 0
    /// Inputs the parser read.
    public var accepted = 0
    /// Inputs it refused with an error.
    public var refused = 0
    /// CPU time inside the parser, in seconds.
    public var parseSeconds = 0.0
    /// Wall time of the whole parser's run (making inputs and child processes included), in seconds.
    public var wallSeconds = 0.0
    /// The CPU time of the slowest input that returned, in seconds.
    public var slowestSeconds = 0.0
    /// Its iteration (-1 before any).
    public var slowestIteration = -1
    /// Inputs over the slow limit, and inputs stuck past the watchdog's limit (their time is how
    /// long they had run when the child was stopped).
    public var hangs: [FuzzChunk.SlowInput] = []
    /// Inputs that ended their process.
    public var crashes: [Crash] = []
    /// The largest peak resident set of the parser's processes, in KiB.
    public var peakKiB = 0

    /// An empty report.
    public init(parser: String, seed: UInt64) {
        self.parser = parser
        self.seed = seed
    }

    /// Inputs per second of wall time.
    public var inputsPerSecond: Double { wallSeconds > 0 ? Double(inputs) / wallSeconds : 0 }

    /// Adds a chunk's figures.
    public mutating func add(_ chunk: FuzzChunk) {
        inputs += chunk.count
        accepted += chunk.accepted
        refused += chunk.refused
        parseSeconds += chunk.parseSeconds
        if chunk.slowestSeconds > slowestSeconds {
            slowestSeconds = chunk.slowestSeconds
            slowestIteration = chunk.slowestIteration
        }
        hangs += chunk.slow
        peakKiB = max(peakKiB, chunk.peakKiB)
    }

    /// The table's header, matching ``line``.
    public static let header =
        "parser               inputs  accepted   refused  crashes  hangs  slowest CPU ms (iter.)  peak MiB  inputs/s"

    /// One line of the table.
    public var line: String {
        func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + fill : fill + text
        }
        let slowest = "\(Self.format(slowestSeconds * 1000, decimals: 1)) (\(slowestIteration))"
        return pad(parser, 19, left: true) + pad("\(inputs)", 8) + pad("\(accepted)", 10) + pad("\(refused)", 10)
            + pad("\(crashes.count)", 9) + pad("\(hangs.count)", 7) + pad(slowest, 24)
            + pad(Self.format(Double(peakKiB) / 1024, decimals: 1), 10) + pad(Self.format(inputsPerSecond, decimals: 0), 10)
    }

    /// The command that runs one input again in this process.
    public func reproduction(_ iteration: Int) -> String {
        "deskgym fuzz --child --parser \(parser) --seed \(seed) --start \(iteration) --count 1"
    }

    static func format(_ value: Double, decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
