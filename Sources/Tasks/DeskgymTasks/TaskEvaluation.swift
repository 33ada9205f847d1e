/// The verdict on one episode: a score in 0…1 and how it was reached.
public struct TaskEvaluation: Sendable, Hashable {
    /// One metric's part of the verdict.
    public struct MetricResult: Sendable, Hashable {
        public var name: String
        public var score: Double
        /// Why the score is what it is, when the metric or the evaluator says (a missing file, …).
        public var reason: String?

        public init(name: String, score: Double, reason: String? = nil) {
            self.name = name
            self.score = score
            self.reason = reason
        }
    }

    public var score: Double
    public var metrics: [MetricResult]
    /// Why the evaluation did not run to the end (a postconfig step or getter that failed): an
    /// environment error, not an agent failure.
    public var error: String?
    /// Set when the score was decided by the episode's last action (FAIL) rather than by metrics.
    public var decidedBy: String?

    public init(score: Double, metrics: [MetricResult], error: String? = nil, decidedBy: String? = nil) {
        self.score = score
        self.metrics = metrics
        self.error = error
        self.decidedBy = decidedBy
    }
}
