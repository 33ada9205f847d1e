import DeskgymActions
import DeskgymCore
import Foundation

/// An agent that answers what a recorded episode answered: the `action_text` of each step of a
/// trajectory folder's `trajectory.jsonl`, in the grammar recorded with it.
///
/// When every answering step has a text in one grammar, the texts are replayed verbatim in that
/// grammar (set up for the task's screen, with the `coordinates` a line records, else relative).
/// Otherwise — steps recorded with actions but no text, or texts in several grammars — every step
/// is replayed as the computer_13 JSON of its recorded `actions` (a step whose text was refused,
/// and so has no actions, is replayed as its text, which computer_13 refuses too).
public struct ReplayAgent: Agent {
    /// The trajectory folder.
    public let folder: URL
    /// The recorded episode, read when the agent is made.
    let trajectory: ReplayTrajectory

    /// Reads `folder/trajectory.jsonl`; throws ``AgentError/Kind/badInput`` naming the folder, the
    /// file or the line that is missing or malformed.
    public init(folder: URL) throws(AgentError) {
        self.folder = folder
        self.trajectory = try ReplayTrajectory(folder: folder, agent: "replay:\(folder.path)")
    }

    /// `replay:DIR`.
    public var name: String { "replay:\(folder.path)" }

    /// Throws ``AgentError/Kind/badInput`` when the folder's `result.json` names another task.
    public func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        if let recorded = trajectory.taskID, recorded != task.id {
            throw AgentError(
                kind: .badInput, agent: name,
                message: "\(folder.path) holds an episode of task \(recorded), not of task \(task.id)")
        }
        let plan = try trajectory.answers(agent: name)
        return ScriptedEpisode(grammar: try plan.setup.grammar(for: task.screen, agent: name), texts: plan.texts)
    }
}
