/// One answer of an agent, with what it cost.
public struct AgentTurn: Sendable {
    /// The raw answer, as the model (or script) wrote it; the episode's grammar reads it.
    public var text: String
    /// The model's reasoning when the answer separates it from the action (UI-TARS `Thought:`,
    /// a reasoning field), for reports.
    public var thought: String?
    /// Time spent waiting for the answer, in milliseconds (all attempts).
    public var modelMilliseconds: Double
    /// Token usage as the endpoint reported it.
    public var usage: TokenUsage?
    /// One record per HTTP request made for this answer (retries included).
    public var requests: [ModelRequestRecord]

    public init(
        text: String, thought: String? = nil, modelMilliseconds: Double = 0, usage: TokenUsage? = nil,
        requests: [ModelRequestRecord] = []
    ) {
        self.text = text
        self.thought = thought
        self.modelMilliseconds = modelMilliseconds
        self.usage = usage
        self.requests = requests
    }
}

/// Tokens an endpoint counted for one answer.
public struct TokenUsage: Sendable, Hashable, Codable {
    public var promptTokens: Int
    public var completionTokens: Int
    public var totalTokens: Int

    public init(promptTokens: Int, completionTokens: Int, totalTokens: Int) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
    }
}

/// One HTTP request to a model endpoint.
public struct ModelRequestRecord: Sendable, Hashable, Codable {
    /// 1 for the first attempt.
    public var attempt: Int
    /// The HTTP status, nil when no response came (refused connection, time-out).
    public var status: Int?
    public var milliseconds: Double
    /// Why the attempt failed, nil when it succeeded.
    public var error: String?

    public init(attempt: Int, status: Int?, milliseconds: Double, error: String?) {
        self.attempt = attempt
        self.status = status
        self.milliseconds = milliseconds
        self.error = error
    }
}
