/// A metric could not be applied as the task wrote it: an unknown metric name, options or rules of
/// the wrong shape, or a rule Deskgym does not implement. A result that merely fails to match (or is
/// missing, or unreadable) is never an error: it scores 0 with a reason.
public struct MetricError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: String, Sendable, Hashable {
        /// No metric has this name.
        case unknownMetric
        /// The options, rules or expected value have a missing field or a wrong type.
        case malformedOptions
        /// The task asks for something OSWorld has and Deskgym does not (a rule type, a cell property).
        case unsupported
        /// The result or expected value is not of the kind the metric takes (text where it reads a file).
        case wrongInput
    }

    /// The kind of problem.
    public var kind: Kind
    /// The metric concerned, as the task names it.
    public var metric: String
    /// What is wrong, naming the option or rule.
    public var message: String
    /// For an unknown metric: the known names closest to it.
    public var suggestions: [String]

    /// An error about `metric`.
    public init(_ kind: Kind, metric: String, _ message: String, suggestions: [String] = []) {
        self.kind = kind
        self.metric = metric
        self.message = message
        self.suggestions = suggestions
    }

    /// "metric 'NAME': MESSAGE", with the suggestions when there are some.
    public var description: String {
        var text = "metric '\(metric)': \(message)"
        if !suggestions.isEmpty {
            text += " (did you mean " + suggestions.map { "'\($0)'" }.joined(separator: ", ") + "?)"
        }
        return text
    }
}
