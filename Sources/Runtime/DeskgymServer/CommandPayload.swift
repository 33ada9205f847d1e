import DeskgymCore
import DeskgymSandbox

/// What a shell command run in a session did.
struct CommandPayload: Encodable, Sendable {
    var stdout: String
    var stderr: String
    /// Nil when the command was killed by a signal (see `status`).
    var exitCode: Int32?
    /// How it ended, such as "exited with code 0" or "killed by signal 15 (SIGTERM)".
    var status: String
    var durationMilliseconds: Double
    /// Whether it ran past its time-out and its process group was ended.
    var timedOut: Bool

    enum CodingKeys: String, CodingKey {
        case stdout, stderr, status
        case exitCode = "exit_code"
        case durationMilliseconds = "duration_ms"
        case timedOut = "timed_out"
    }

    /// `exit_code` is always present, null when a signal ended the command, so clients need not
    /// test for a missing field.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(stdout, forKey: .stdout)
        try container.encode(stderr, forKey: .stderr)
        try container.encode(exitCode, forKey: .exitCode)
        try container.encode(status, forKey: .status)
        try container.encode(durationMilliseconds, forKey: .durationMilliseconds)
        try container.encode(timedOut, forKey: .timedOut)
    }

    init(_ result: CommandResult) {
        stdout = result.stdout
        stderr = result.stderr
        exitCode = result.exitCode
        status = result.status
        durationMilliseconds = result.duration.milliseconds
        timedOut = result.timedOut
    }
}
