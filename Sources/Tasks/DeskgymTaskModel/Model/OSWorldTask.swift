import DeskgymCore

/// One task in OSWorld's JSON format (as in OSWorld's `evaluation_examples/examples/<domain>/<id>.json`),
/// with Deskgym's optional extension fields under `deskgym`.
///
/// Load one with ``load(from:)`` or ``parse(data:source:)``. Required: `id`, `instruction` and
/// `evaluator` (with `func`); every other field has a default. Members the format does not know
/// are kept (``extraFields``) and listed (``unrecognizedFields``), not refused: OSWorld's own files
/// carry extras such as `hint`.
public struct OSWorldTask: Sendable, Hashable {
    /// The task's identifier, usually a UUID (`id`).
    public var id: String
    /// What the agent is asked to do (`instruction`).
    public var instruction: String
    /// Where the task came from (`source`): usually one URL; OSWorld files also use a list.
    /// Empty when absent.
    public var source: [String]
    /// The setup steps run at reset, in order (`config`; empty when absent).
    public var config: [SetupStep]
    /// OSWorld's trajectory folder hint (`trajectory`), unused by Deskgym.
    public var trajectory: String?
    /// The applications the task involves (`related_apps`).
    public var relatedApps: [String]
    /// The VM snapshot OSWorld restores (`snapshot`), often the domain name.
    public var snapshot: String?
    /// Whether OSWorld routes the task's traffic through a proxy (`proxy`; false when absent).
    public var proxy: Bool
    /// Whether the task needs a fixed IP address (`fixed_ip`; false when absent).
    public var fixedIP: Bool
    /// OSWorld's estimate of how likely the environment changes the outcome
    /// (`possibility_of_env_change`: "low", "medium", "high").
    public var possibilityOfEnvChange: String?
    /// How the task is scored.
    public var evaluator: Evaluator
    /// Deskgym's own fields (`deskgym`), nil when the file has none.
    public var deskgym: DeskgymExtension?
    /// Top-level members that are none of the fields above, kept as written (OSWorld files have
    /// `hint` and `env_may_change`, for example).
    public var extraFields: [String: JSONValue]
    /// Every member the format does not know, at any level (top level, `evaluator`, setup steps),
    /// sorted; for ``TaskCompatibility`` and `deskgym tasks check` to list.
    public var unrecognizedFields: [JSONPath]

    /// The top-level member names this model reads.
    public static let knownFields: Set<String> = [
        "id", "instruction", "source", "config", "trajectory", "related_apps", "snapshot", "proxy",
        "fixed_ip", "possibility_of_env_change", "evaluator", "deskgym",
    ]

    /// Creates a task.
    public init(
        id: String, instruction: String, source: [String] = [], config: [SetupStep] = [],
        trajectory: String? = nil, relatedApps: [String] = [], snapshot: String? = nil,
        proxy: Bool = false, fixedIP: Bool = false, possibilityOfEnvChange: String? = nil,
        evaluator: Evaluator, deskgym: DeskgymExtension? = nil,
        extraFields: [String: JSONValue] = [:], unrecognizedFields: [JSONPath] = []
    ) {
        self.id = id
        self.instruction = instruction
        self.source = source
        self.config = config
        self.trajectory = trajectory
        self.relatedApps = relatedApps
        self.snapshot = snapshot
        self.proxy = proxy
        self.fixedIP = fixedIP
        self.possibilityOfEnvChange = possibilityOfEnvChange
        self.evaluator = evaluator
        self.deskgym = deskgym
        self.extraFields = extraFields
        self.unrecognizedFields = unrecognizedFields
    }
}
