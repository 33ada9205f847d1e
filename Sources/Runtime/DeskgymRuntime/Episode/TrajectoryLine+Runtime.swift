import DeskgymAgents
import DeskgymCore
import DeskgymTrajectory

extension TrajectoryLine.Usage {
    /// The token counts an agent reported.
    public init(_ usage: TokenUsage) {
        self.init(promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, totalTokens: usage.totalTokens)
    }
}

extension TrajectoryLine.Request {
    /// One attempt at a model endpoint, as the agent recorded it.
    public init(_ request: ModelRequestRecord) {
        self.init(attempt: request.attempt, milliseconds: request.milliseconds, status: request.status, error: request.error)
    }
}

extension TrajectoryLine.Window {
    /// A window as the trajectory keeps it: title, class and whether it is active.
    public init(_ window: WindowInfo) {
        self.init(title: window.title, className: window.className, isActive: window.isActive)
    }
}
