/// The one JSON layout of a command's result, shared by the HTTP API, trajectories and training
/// records: `command`, `stdout`, `stderr`, `exit_code` (always present, null when a signal ended
/// the command, so that clients need not test for a missing field), `status`, `duration_ms`,
/// `timed_out`.
extension CommandResult: Encodable {
    enum CodingKeys: String, CodingKey {
        case command, stdout, stderr, status
        case exitCode = "exit_code"
        case durationMilliseconds = "duration_ms"
        case timedOut = "timed_out"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(command, forKey: .command)
        try container.encode(stdout, forKey: .stdout)
        try container.encode(stderr, forKey: .stderr)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(status, forKey: .status)
        try container.encode(duration.milliseconds, forKey: .durationMilliseconds)
        try container.encode(timedOut, forKey: .timedOut)
    }
}
