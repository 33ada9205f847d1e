import DeskgymCore

/// One metric of an evaluator with its getters and options, lined up from OSWorld's parallel
/// lists: `func[i]`, `result[i]`, `expected[i]`, `options[i]`. See ``Evaluator/metrics``.
public struct MetricSpec: Sendable, Hashable {
    /// The metric function's name (`func` or `func[i]`).
    public var name: String
    /// The getter for the value the agent produced; nil only for `infeasible`.
    public var result: GetterSpec?
    /// The getter for the value to compare with, if the metric takes one.
    public var expected: GetterSpec?
    /// The metric's keyword options (`{}` when none are given).
    public var options: [String: JSONValue]
    /// The position in the lists, or nil when `func` is a single name.
    public var index: Int?

    /// Creates a metric specification.
    public init(
        name: String, result: GetterSpec?, expected: GetterSpec? = nil,
        options: [String: JSONValue] = [:], index: Int? = nil
    ) {
        self.name = name
        self.result = result
        self.expected = expected
        self.options = options
        self.index = index
    }
}
