/// The names a runner implements: setup step types (used by `config` and `postconfig`), getter
/// types and metric names. ``TaskCompatibility`` checks tasks against one of these.
///
/// ``deskgym`` is what Deskgym implements now, a plain list to grow as steps, getters and metrics
/// arrive; ``osworld`` is everything OSWorld itself knows, to tell a name Deskgym lacks from a
/// name nobody knows (most likely a typo).
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

    /// What Deskgym implements. Add a name here when its implementation lands.
    public static let deskgym = TaskSupport(
        setupSteps: SetupRunner.supportedTypes,
        getters: GetterRunner.supportedTypes,
        metrics: Set(MetricRegistry.names))

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
        TaskSupport(setupSteps: setupSteps.union(other.setupSteps), getters: getters.union(other.getters),
                    metrics: metrics.union(other.metrics))
    }
}
