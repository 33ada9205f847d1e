/// `GET /health`.
struct Health: Encodable, Sendable {
    var status: String
    var capacity: Int
    var free: Int
    var busy: Int
}

/// `GET /sessions`.
struct SessionList: Encodable, Sendable {
    var sessions: [SessionSummary]
}

/// `POST /sessions` (201).
struct Created: Encodable, Sendable {
    var sessionID: String
    var observation: ObservationPayload
    var task: String?
    /// The task's instruction, for the model's first prompt.
    var instruction: String?
    var vmConfig: String
    var grammar: String
    var leaseSeconds: Double
    /// The session's OSWorld API ports, when it serves that API.
    var osworld: OSWorldPorts?

    enum CodingKeys: String, CodingKey {
        case observation, task, grammar, instruction, osworld
        case sessionID = "session_id"
        case vmConfig = "vm_config"
        case leaseSeconds = "lease_seconds"
    }
}

/// `POST /sessions/{id}/files` (201).
struct FileWritten: Encodable, Sendable {
    var path: String
    var bytes: Int
}

/// One entry of a batched step's `results`: the step's answer with `session_id` and `status`
/// 200, or `session_id`, the `status` the single-session route would have answered, and `error`.
enum BatchStepResult: Encodable, Sendable {
    case success(String, StepPayload)
    case failure(String, APIError)

    private enum Keys: String, CodingKey {
        case sessionID = "session_id", status, error, observation, reward, done, info
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .success(let id, let payload):
            try container.encode(id, forKey: .sessionID)
            try container.encode(200, forKey: .status)
            try container.encodeIfPresent(payload.observation, forKey: .observation)
            try container.encode(payload.reward, forKey: .reward)
            try container.encode(payload.done, forKey: .done)
            try container.encode(payload.info, forKey: .info)
        case .failure(let id, let error):
            try container.encode(id, forKey: .sessionID)
            try container.encode(error.status, forKey: .status)
            try container.encode(
                APIError.Body.Detail(
                    code: error.code, message: error.message,
                    retryAfterSeconds: error.retryAfterSeconds), forKey: .error)
        }
    }
}

/// `POST /step`.
struct BatchStepResults: Encodable, Sendable {
    var results: [BatchStepResult]
}

/// `POST /sessions/{id}/reset`.
struct ResetAnswer: Encodable, Sendable {
    var observation: ObservationPayload
    /// The instruction of the task the session now runs.
    var instruction: String?
}
