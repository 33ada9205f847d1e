import DeskgymCore
import DeskgymTrajectory

/// What one step did: its trajectory record, the observation after it, and whether it ended the
/// episode. The rules behind each case are ``StepEngine``'s.
public struct StepOutcome: Sendable {
    /// Why a step ended the episode.
    public enum End: Sendable, Equatable {
        /// The answer ended with DONE or FAIL: evaluate.
        case terminal
        /// The step was the last one the episode allows: evaluate.
        case maxSteps
        /// The desktop broke (an app or the X server died, the connection was lost): the score says
        /// nothing about the agent.
        case environmentError(String)
        /// The step was asked for after its task was cancelled; nothing was carried out.
        case interrupted
    }

    /// The step as the trajectory keeps it (index, text, actions, executed, timings, error, …).
    public var record: TrajectoryLine
    /// The screen after the step; nil only when the episode ended for an environment error or an
    /// interruption.
    public var observation: Observation?
    /// Why the step did nothing: the answer could not be read, or an action was refused. The agent
    /// hears it at the next step; the episode goes on.
    public var problem: String?
    /// Set when the step ended the episode.
    public var end: End?
}
