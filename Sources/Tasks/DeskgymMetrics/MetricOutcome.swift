/// What a metric concluded: a score in 0…1 and, when it is worth telling, why.
public struct MetricOutcome: Sendable, Hashable, CustomStringConvertible {
    /// The score, 0…1 (1 when the result is what the task wanted).
    public var score: Double
    /// Why the score is what it is: set for every 0 and for partial scores, nil for a plain pass.
    public var reason: String?

    /// An outcome with this score and reason.
    public init(score: Double, reason: String? = nil) {
        self.score = score
        self.reason = reason
    }

    /// Score 1.
    public static let pass = MetricOutcome(score: 1)

    /// Score 0, with the reason.
    public static func fail(_ reason: String) -> MetricOutcome {
        MetricOutcome(score: 0, reason: reason)
    }

    /// Score 1 when `passed`, else 0 with the reason.
    public static func check(_ passed: Bool, else reason: @autoclosure () -> String) -> MetricOutcome {
        passed ? .pass : .fail(reason())
    }

    /// The score, and the reason in parentheses when there is one.
    public var description: String {
        reason.map { "\(score) (\($0))" } ?? "\(score)"
    }
}
