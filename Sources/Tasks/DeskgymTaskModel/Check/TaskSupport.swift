/// The names a runner implements: setup step types (used by `config` and `postconfig`), getter
/// types and metric names. ``TaskCompatibility`` checks tasks against one of these.
///
/// `deskgym` (declared in `DeskgymTasks`, read from its runners and the metric registry) is what
/// Deskgym implements now; ``osworld`` is everything OSWorld itself knows, to tell a name Deskgym
/// lacks from a name nobody knows (most likely a typo). The check itself takes the registry as an
/// argument, so that this module needs neither the runners nor the metrics.
public struct TaskSupport: Sendable, Hashable {
    /// Setup and postconfig step types (`type` of a step).
    public var setupSteps: Set<String>
    /// Getter types (`type` of a `result` or `expected` entry).
    public var getters: Set<String>
    /// Metric names (`func`).
    public var metrics: Set<String>

    /// Creates a registry.
    public init(setupSteps: Set<String>, getters: Set<String>, metrics: Set<String>) {
        self.setupSteps = setupSteps
        self.getters = getters
        self.metrics = metrics
    }

    /// The names of one registry.
    public func names(_ category: TaskFeature.Category) -> Set<String> {
        switch category {
        case .step: setupSteps
        case .getter: getters
        case .metric: metrics
        }
    }

    /// Whether the name is implemented for that kind of use.
    public func supports(_ name: String, as kind: TaskFeature.Kind) -> Bool {
        names(kind.category).contains(name)
    }

    /// Both registries' names together.
    public func union(_ other: TaskSupport) -> TaskSupport {
        TaskSupport(
            setupSteps: setupSteps.union(other.setupSteps), getters: getters.union(other.getters),
            metrics: metrics.union(other.metrics))
    }
}
