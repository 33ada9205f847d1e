/// A task step that could not be carried out: which list, which step, what went wrong.
public struct TaskRunError: Error, Sendable, CustomStringConvertible {
    /// `config` (setup at reset) or `evaluator.postconfig`.
    public var phase: String
    /// The step's position in its list.
    public var index: Int
    /// The step's type, such as `execute`.
    public var type: String
    /// What went wrong.
    public var message: String

    public init(phase: String, index: Int, type: String, message: String) {
        self.phase = phase
        self.index = index
        self.type = type
        self.message = message
    }

    public var description: String { "\(phase)[\(index)] (\(type)): \(message)" }
}
