import DeskgymTasks

/// Feeds fetched values to the metric implementations.
public enum MetricBridge {
    /// The evaluator Deskgym runs tasks with.
    public static let evaluator = TaskEvaluator(metric: evaluate)

    @Sendable
    static func evaluate(_ name: String, _ result: GetterValue, _ expected: GetterValue?, _ options: [String: JSONValue]) async throws
        -> (score: Double, reason: String?) {
        throw MetricUnavailable(name: name)
    }
}

/// A metric the task names that Deskgym does not implement.
struct MetricUnavailable: Error, CustomStringConvertible {
    var name: String
    var description: String { "metric '\(name)' is not implemented here" }
}
