import DeskgymCore

/// What an agent sees before it answers.
public struct AgentObservation: Sendable {
    /// The step the answer will be (1 for the first answer).
    public var step: Int
    /// The screen now.
    public var screenshot: Screenshot
    /// The top-level windows.
    public var windows: [WindowInfo]
    /// Why the previous answer did nothing, when it did nothing: it could not be parsed, or an
    /// action was refused (a point off the screen, an unknown key). Agents that talk to a model tell
    /// it, so that it can correct itself.
    public var previousProblem: String?
    /// What the shell commands of the previous answer printed, in order.
    public var commands: [CommandResult]
    /// The accessibility tree as OSWorld's linearized table (tag, name, text, class, description,
    /// position, size), when the episode's observation type reads the tree; nil otherwise.
    public var accessibilityTree: String?
    /// Why the tree is incomplete or missing (a cap it reached, a bus that did not answer).
    public var accessibilityNote: String?

    public init(
        step: Int, screenshot: Screenshot, windows: [WindowInfo], previousProblem: String? = nil,
        commands: [CommandResult] = [], accessibilityTree: String? = nil, accessibilityNote: String? = nil
    ) {
        self.step = step
        self.screenshot = screenshot
        self.windows = windows
        self.previousProblem = previousProblem
        self.commands = commands
        self.accessibilityTree = accessibilityTree
        self.accessibilityNote = accessibilityNote
    }
}
