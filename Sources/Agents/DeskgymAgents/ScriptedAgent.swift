import DeskgymActions
import DeskgymCore

/// An agent that answers from a script instead of a model: the task's reference solution, or
/// nothing at all.
///
/// - ``Script/reference`` answers the texts of the task's `referenceSolution`, one a step, in the
///   grammar the solution names (set up for the task's screen), then nil.
/// - ``Script/none`` answers `DONE` once (pyautogui): the score of doing nothing, which tells
///   whether a task's checker passes an untouched desktop.
public struct ScriptedAgent: Agent {
    /// Which script to follow.
    public enum Script: String, Sendable, Hashable {
        case reference
        case none
    }

    public let script: Script

    public init(_ script: Script) {
        self.script = script
    }

    /// `reference` or `none`.
    public var name: String { script.rawValue }

    /// Throws ``AgentError/Kind/badInput`` when the reference script is asked for a task that has no
    /// reference solution, or whose solution names an unknown grammar.
    public func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        switch script {
        case .none:
            return ScriptedEpisode(grammar: PyAutoGUIGrammar(), texts: ["DONE"])
        case .reference:
            guard let solution = task.referenceSolution else {
                throw AgentError(kind: .badInput, agent: name, message: "task \(task.id) has no reference solution")
            }
            guard !solution.texts.isEmpty else {
                throw AgentError(kind: .badInput, agent: name, message: "task \(task.id): the reference solution has no steps")
            }
            let setup = try GrammarSetup(name: solution.grammar, agent: name)
            return ScriptedEpisode(grammar: try setup.grammar(for: task.screen, agent: name), texts: solution.texts)
        }
    }
}
