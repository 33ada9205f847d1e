/// A session as `GET /sessions` lists it.
public struct SessionSummary: Encodable, Sendable {
    public var sessionID: String
    /// The task's `id`, nil for a session without a task.
    public var task: String?
    /// How the client named the task: `domain/id` or `inline`.
    public var taskReference: String?
    public var vmConfig: String
    public var grammar: String
    /// The X display, for watching with a VNC server; nil once stopped.
    public var display: String?
    public var ageSeconds: Double
    public var steps: Int
    public var done: Bool
    /// Whether a request is running on it now.
    public var busy: Bool
    public var leaseSeconds: Double
    /// Seconds of idleness left before the sweeper reclaims it (the full lease while busy).
    public var leaseSecondsLeft: Double

    enum CodingKeys: String, CodingKey {
        case task, display, steps, done, busy, grammar
        case sessionID = "session_id"
        case taskReference = "task_reference"
        case vmConfig = "vm_config"
        case ageSeconds = "age_seconds"
        case leaseSeconds = "lease_seconds"
        case leaseSecondsLeft = "lease_seconds_left"
    }
}
