/// A benchmark that could not run as asked.
public struct BenchmarkError: Error, Sendable, CustomStringConvertible {
    /// Which benchmark.
    public var benchmark: String
    /// What went wrong.
    public var message: String

    public init(benchmark: String, message: String) {
        self.benchmark = benchmark
        self.message = message
    }

    public var description: String { "bench \(benchmark): \(message)" }
}
