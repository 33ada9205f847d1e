import DeskgymCore

/// What a metric may need beyond its result, expected value and options.
public struct MetricContext: Sendable {
    /// Turns YAML text into a JSON value. `check_json` with `is_yaml` needs it; Deskgym's metrics
    /// carry no YAML parser of their own, so the evaluator passes one in (nil: such a check scores
    /// 0 with the reason).
    public typealias YAMLDecoder = @Sendable (String) throws -> JSONValue

    /// Whether the agent's last action was FAIL (it declared the task infeasible). `infeasible`
    /// scores 1 exactly when this is true.
    public var lastActionWasFail: Bool
    /// The YAML decoder for `check_json` with `is_yaml`, if any.
    public var yamlDecoder: YAMLDecoder?

    /// A context; by default the last action was not FAIL and there is no YAML decoder.
    public init(lastActionWasFail: Bool = false, yamlDecoder: YAMLDecoder? = nil) {
        self.lastActionWasFail = lastActionWasFail
        self.yamlDecoder = yamlDecoder
    }
}
