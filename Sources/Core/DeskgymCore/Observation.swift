/// What an agent sees after an action: the screen, and what the environment knows besides.
public struct Observation: Sendable {
    /// The screen as PNG.
    public var screenshot: Screenshot
    /// The top-level windows, as the window manager lists them.
    public var windows: [WindowInfo]
    /// How long the driver waited for the screen to settle before capturing, in milliseconds.
    public var settleMilliseconds: Double
    /// The settle signals that had not settled when the wait reached its cap, each with what was
    /// seen; empty when the observation was taken settled. A stale frame is never silent.
    public var unsettled: [String] = []
    /// What the shell commands of the step that led here printed, in the order they ran (empty for
    /// a step of display actions only).
    public var commands: [CommandResult]

    public init(screenshot: Screenshot, windows: [WindowInfo], settleMilliseconds: Double, commands: [CommandResult] = []) {
        self.screenshot = screenshot
        self.windows = windows
        self.settleMilliseconds = settleMilliseconds
        self.commands = commands
    }
}
