import DeskgymCore

/// What a metric may need beyond its result, expected value and options.
public struct MetricContext: Sendable {
    /// Turns YAML text into a JSON value, for `check_json` with `is_yaml`.
    public typealias YAMLDecoder = @Sendable (String) throws -> JSONValue

    /// Whether the agent's last action was FAIL (it declared the task infeasible). `infeasible`
    /// scores 1 exactly when this is true.
    public var lastActionWasFail: Bool
    /// The YAML decoder for `check_json` with `is_yaml`; nil makes such a check score 0 with the
    /// reason.
    public var yamlDecoder: YAMLDecoder?

    /// PyYAML's `yaml.safe_load`, as OSWorld's `check_json` loads YAML: YAML 1.1 scalars
    /// (`yes`/`no`/`on`/`off` booleans, `0755` octal, floats only with a dot, dates), merges with
    /// `<<`, and integers beyond 2^53 kept exact. JSON has no date: a date or date-time becomes
    /// `{"$python_datetime": "<Python str() of it>"}`, equal to no string or number, as in Python.
    public static let pyyamlSafeLoad: YAMLDecoder = PythonYAML.decoder

    /// A context; by default the last action was not FAIL and YAML loads as PyYAML's `safe_load`.
    public init(lastActionWasFail: Bool = false, yamlDecoder: YAMLDecoder? = MetricContext.pyyamlSafeLoad) {
        self.lastActionWasFail = lastActionWasFail
        self.yamlDecoder = yamlDecoder
    }
}
