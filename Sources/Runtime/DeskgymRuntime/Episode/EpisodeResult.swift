import DeskgymTasks
import Foundation

/// The outcome of one episode.
public struct EpisodeResult: Sendable {
    /// Where an environment error happened.
    public enum ErrorPhase: String, Sendable, Hashable, Codable {
        /// Starting the session or a setup step.
        case setup
        /// Executing an agent's actions (a crashed app or X server).
        case step
        /// The agent's endpoint (unreachable, 5xx after the retries, not a chat completion).
        case agent
        /// The evaluator's postconfig steps or getters.
        case evaluation
        /// The run was interrupted (Ctrl-C) before the episode ended: it did not finish.
        case interrupted
    }

    public var taskID: String
    public var agent: String
    public var score: Double = 0
    public var evaluation: TaskEvaluation?
    /// The agent's answers, parsed or not.
    public var steps: Int = 0
    public var folder: URL
    /// Set when the environment failed: the score then says nothing about the agent.
    public var environmentError: String?
    public var errorPhase: ErrorPhase?
    /// From asking for a session to the first observation: session start, setup steps, settle, capture.
    public var resetMilliseconds: Double = 0
    /// Executing, settling and capturing, summed over the steps.
    public var environmentMilliseconds: Double = 0
    /// The agent's thinking, summed over the steps.
    public var modelMilliseconds: Double = 0
    /// Waiting, after the last step, for the session's programs to go idle before evaluation.
    public var idleWaitMilliseconds: Double = 0
    /// Postconfig, getters and metrics.
    public var evaluationMilliseconds: Double = 0
    /// The whole episode, session stop included.
    public var wallMilliseconds: Double = 0

    public init(taskID: String, agent: String, folder: URL) {
        self.taskID = taskID
        self.agent = agent
        self.folder = folder
    }
}
