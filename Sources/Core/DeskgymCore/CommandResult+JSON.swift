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

/// Reads the layout ``encode(to:)`` writes (trajectories and training records read back).
extension CommandResult: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let milliseconds = try container.decode(Double.self, forKey: .durationMilliseconds)
        self.init(
            command: try container.decode(String.self, forKey: .command),
            stdout: try container.decode(String.self, forKey: .stdout),
            stderr: try container.decode(String.self, forKey: .stderr),
            exitCode: try container.decodeIfPresent(Int32.self, forKey: .exitCode),
            status: try container.decode(String.self, forKey: .status),
            timedOut: try container.decode(Bool.self, forKey: .timedOut),
            duration: .milliseconds(milliseconds))
    }
}
