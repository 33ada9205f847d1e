import DeskgymCore

/// How a task is scored: the `evaluator` object of an OSWorld task.
///
/// ```json
/// "evaluator": {
///   "postconfig": [{"type": "sleep", "parameters": {"seconds": 1}}],
///   "func": ["compare_table", "compare_table"], "conj": "or",
///   "result": [{"type": "vm_file", …}, {"type": "vm_file", …}],
///   "expected": [{"type": "cloud_file", …}, {"type": "cloud_file", …}],
///   "options": [{"rules": […]}, {}]
/// }
/// ```
///
/// When `func` is a list, `result`, `expected` and `options` are lists of the same length (the
/// loader checks it); ``metrics`` lines them up. `func: "infeasible"` needs no getters: the task
/// scores 1 only when the agent's last action is FAIL.
public struct Evaluator: Sendable, Hashable {
    /// How the scores of several metrics combine.
    public enum Conjunction: String, Sendable, Hashable {
        /// 0 as soon as one metric scores 0, else the mean.
        case and
        /// 1 as soon as one metric scores 1, else the maximum.
        case or
    }

    /// The metric name or names (`func` in the file).
    public var function: OneOrMany<String>
    /// The result getter(s), nil when absent. A list entry is nil where the file has `null` or `{}`.
    public var result: OneOrMany<GetterSpec?>?
    /// The expected-value getter(s), nil when absent. A list entry is nil where the file has
    /// `null` or `{}` (that metric takes no expected value).
    public var expected: OneOrMany<GetterSpec?>?
    /// The metric options, nil when absent. A list entry `null` is read as `{}`, as OSWorld does.
    public var options: OneOrMany<[String: JSONValue]>?
    /// `conj`: "and" unless the file says "or".
    public var conjunction: Conjunction
    /// Steps run before the getters (`postconfig`), often saving the document the agent edited.
    public var postconfig: [SetupStep]
    /// Members of the evaluator object that are none of the above (OSWorld files carry notes such
    /// as `_config_note`), kept as written.
    public var extraFields: [String: JSONValue]

    /// Creates an evaluator. The loader checks the list lengths; this initialiser does not.
    public init(
        function: OneOrMany<String>, result: OneOrMany<GetterSpec?>? = nil,
        expected: OneOrMany<GetterSpec?>? = nil, options: OneOrMany<[String: JSONValue]>? = nil,
        conjunction: Conjunction = .and, postconfig: [SetupStep] = [],
        extraFields: [String: JSONValue] = [:]
    ) {
        self.function = function
        self.result = result
        self.expected = expected
        self.options = options
        self.conjunction = conjunction
        self.postconfig = postconfig
        self.extraFields = extraFields
    }

    /// Whether this is OSWorld's infeasible task: `func` is the single name `infeasible`, which
    /// scores 1 only when the agent gives up with FAIL.
    public var isInfeasible: Bool {
        function == .one("infeasible")
    }

    /// The metric names in order.
    public var metricNames: [String] { function.elements }

    /// Each metric with its getters and options lined up.
    public var metrics: [MetricSpec] {
        let names = function.elements
        let results = result?.elements ?? []
        let expecteds = expected?.elements ?? []
        let optionLists = options?.elements ?? []
        return names.indices.map { index in
            MetricSpec(
                name: names[index],
                result: index < results.count ? results[index] : nil,
                expected: index < expecteds.count ? expecteds[index] : nil,
                options: index < optionLists.count ? optionLists[index] : [:],
                index: function.isList ? index : nil)
        }
    }
}
