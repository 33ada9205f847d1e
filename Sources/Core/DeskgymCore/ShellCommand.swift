/// A shell command an agent runs in its session, beside its GUI actions: the hybrid GUI + terminal
/// environment. The session runs it with `bash -c` in its HOME, with its DISPLAY and environment,
/// in a process group that is ended at the time-out.
public struct ShellCommand: Sendable, Hashable {
    /// The command line, as `bash -c` reads it.
    public var command: String
    /// Seconds before the command's process group is ended; nil for the session's default.
    public var timeoutSeconds: Double?

    /// The longest time-out a command may ask for (one hour).
    public static let maximumTimeoutSeconds = 3600.0

    public init(_ command: String, timeoutSeconds: Double? = nil) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }
}
