/// Why an agent could not answer.
public struct AgentError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The agent is set up wrong, or cannot work on this task (no reference solution to replay,
        /// a replay folder that does not exist): a usage error.
        case badInput
        /// The model endpoint could not be reached or kept failing (refused connection, time-out,
        /// 5xx) after the retries: an environment error, not the agent's failure.
        case endpoint
        /// The endpoint answered something that is not a chat completion.
        case protocolViolation
    }

    public var kind: Kind
    /// The agent's name.
    public var agent: String
    public var message: String
    /// Requests made before giving up, for the trajectory.
    public var requests: [ModelRequestRecord]

    public init(kind: Kind, agent: String, message: String, requests: [ModelRequestRecord] = []) {
        self.kind = kind
        self.agent = agent
        self.message = message
        self.requests = requests
    }

    public var description: String { "agent \(agent): \(message)" }
}
