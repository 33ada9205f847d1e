/// What a run of consecutive fuzz iterations found: a child process prints one per chunk, so that
/// the parent keeps the figures of every chunk that finished before a crash.
public struct FuzzChunk: Codable, Sendable, Hashable {
    /// An input that took longer than the slow limit (CPU time of the parsing thread).
    public struct SlowInput: Codable, Sendable, Hashable {
        /// Its iteration.
        public var iteration: Int
        /// How long the parser took, in seconds.
        public var seconds: Double
    }

    /// The first iteration.
    public var start: Int
    /// How many iterations ran.
    public var count = 0
    /// How many inputs the parser read without an error.
    public var accepted = 0
    /// How many it refused with an error.
    public var refused = 0
    /// The CPU time spent in the parser, in seconds (making the inputs excluded).
    public var parseSeconds = 0.0
    /// The slowest input's CPU time, in seconds.
    public var slowestSeconds = 0.0
    /// The iteration of the slowest input.
    public var slowestIteration = -1
    /// The inputs over the slow limit.
    public var slow: [SlowInput] = []
    /// The process's peak resident set so far, in KiB.
    public var peakKiB = 0

    /// An empty chunk starting at `start`.
    public init(start: Int) {
        self.start = start
    }

    /// The iteration after the last.
    public var end: Int { start + count }
}
