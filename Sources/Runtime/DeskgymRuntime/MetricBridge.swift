import DeskgymCore
import DeskgymMetrics
import DeskgymTasks

/// Feeds fetched values to the metric implementations (`Metric.evaluate` in DeskgymTasks).
public enum MetricBridge {
    /// The evaluator Deskgym runs tasks with.
    public static let evaluator = TaskEvaluator(metric: evaluate)

    @Sendable
    static func evaluate(
        _ name: String, _ result: GetterValue, _ expected: GetterValue?, _ options: [String: JSONValue]
    ) async throws
        -> (score: Double, reason: String?)
    {
        // The evaluator decides FAIL and infeasible before any metric runs.
        let outcome = try Metric.evaluate(
            name: name, result: input(result), expected: expected.map(input) ?? .none,
            options: options, context: MetricContext())
        return (outcome.score, outcome.reason)
    }

    /// A fetched value as a metric reads it: a file that could not be fetched is no input.
    static func input(_ value: GetterValue) -> MetricInput {
        switch value {
        case .file(let url): url.map(MetricInput.file) ?? .none
        case .files(let urls): .files(urls.compactMap { $0 })
        case .text(let text): text.map(MetricInput.text) ?? .none
        case .json(let json): .json(json)
        }
    }
}
