import DeskgymTasks

/// Feeds fetched values to the metric implementations.
public enum MetricBridge {
    /// The evaluator Deskgym runs tasks with.
    public static let evaluator = TaskEvaluator(metric: evaluate)

    /// The metrics this bridge can compute.
    public static let names: Set<String> = ["exact_match", "check_include_exclude"]

    @Sendable
    static func evaluate(_ name: String, _ result: GetterValue, _ expected: GetterValue?, _ options: [String: JSONValue]) async throws
        -> (score: Double, reason: String?) {
        switch name {
        case "exact_match":
            // OSWorld: float(result == rules["expected"]).
            let wanted = try rules(expected, name)["expected"]
            return (text(result) == wanted?.stringValue ? 1 : 0, nil)
        case "check_include_exclude":
            // OSWorld: every `include` string is in the result and no `exclude` string is.
            guard let value = text(result) else { return (0, "no result") }
            let rules = try rules(expected, name)
            let include = rules["include"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let exclude = rules["exclude"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let ok = include.allSatisfy { value.contains($0) } && exclude.allSatisfy { !value.contains($0) }
            return (ok ? 1 : 0, nil)
        default:
            throw MetricUnavailable(name: name)
        }
    }

    static func text(_ value: GetterValue) -> String? {
        switch value {
        case .text(let text): text
        case .json(let json): json.stringValue
        default: nil
        }
    }

    static func rules(_ value: GetterValue?, _ metric: String) throws -> [String: JSONValue] {
        guard case .json(let json)? = value, let object = json.objectValue else {
            throw MetricUnavailable(name: metric, problem: "expects rules (a `rule` getter) as its expected value")
        }
        return object
    }
}

/// A metric the task names that Deskgym does not implement, or cannot apply as written.
struct MetricUnavailable: Error, CustomStringConvertible {
    var name: String
    var problem = "is not implemented here"
    var description: String { "metric '\(name)' \(problem)" }
}
