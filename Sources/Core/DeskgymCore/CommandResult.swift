/// What a command run in a session did.
public struct CommandResult: Sendable, Hashable {
    /// The command as given (a `bash -c` line, or a program and its arguments joined by spaces).
    public var command: String
    /// Standard output, decoded as UTF-8 (invalid bytes replaced).
    public var stdout: String
    /// Standard error, decoded as UTF-8 (invalid bytes replaced).
    public var stderr: String
    /// The exit code; nil when the command was killed by a signal (see ``status``).
    public var exitCode: Int32?
    /// How it ended, e.g. "exited with code 0" or "killed by signal 9 (SIGKILL)".
    public var status: String
    /// Whether it was killed because it ran past its time-out.
    public var timedOut: Bool
    /// Wall-clock time from start to end.
    public var duration: Duration

    public init(
        command: String = "", stdout: String, stderr: String, exitCode: Int32?, status: String, timedOut: Bool,
        duration: Duration
    ) {
        self.command = command
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
        self.status = status
        self.timedOut = timedOut
        self.duration = duration
    }
}
