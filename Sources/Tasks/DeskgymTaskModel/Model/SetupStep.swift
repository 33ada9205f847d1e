import DeskgymCore

/// One step of a task's `config` (run at reset) or of its evaluator's `postconfig` (run before
/// the getters): `{"type": "launch", "parameters": {"command": ["gedit"]}}`.
///
/// OSWorld calls `SetupController._<type>_setup(**parameters)`; Deskgym looks `type` up in its own
/// registry (see ``TaskSupport``).
public struct SetupStep: Sendable, Hashable {
    /// The step's kind: `download`, `launch`, `open`, `execute`, `command`, `sleep`,
    /// `activate_window`, `close_window`, …
    public var type: String
    /// The step's keyword arguments, a JSON object (`{}` when the file leaves them out).
    public var parameters: JSONValue

    /// Creates a step.
    public init(type: String, parameters: JSONValue = .object([:])) {
        self.type = type
        self.parameters = parameters
    }

    /// A parameter by name, or nil.
    public subscript(parameter name: String) -> JSONValue? {
        parameters[name]
    }
}
