import DeskgymActions
import DeskgymCore

/// Something that answers at each step of an episode: a model behind an endpoint, a script, a
/// replayed trajectory, a random policy.
///
/// An agent is a configuration shared by every episode of a run (several may run at once); the
/// state of one episode (its history) lives in the ``AgentEpisode`` that ``startEpisode(_:)`` returns.
public protocol Agent: Sendable {
    /// How the agent is named in trajectories, the run store and reports (`reference`, `openai:MODEL`, …).
    var name: String { get }

    /// Begins an episode of `task`.
    func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode
}

/// One episode's conversation with an agent.
public protocol AgentEpisode: Sendable {
    /// The grammar the agent's answers are read with, set up for the episode's screen.
    var grammar: any ActionGrammar { get }

    /// The agent's answer to `observation`. Returns nil when the agent has nothing more to say
    /// (a script that ran out); the episode then ends as if it had answered DONE.
    func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn?
}
