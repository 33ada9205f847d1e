import DeskgymCore
import DeskgymTasks

/// Who answers at each step of an episode.
public enum EpisodeAgent: Sendable, Hashable {
    /// The task's own reference solution (`deskgym.reference_solution`).
    case reference
    /// An agent that does nothing: it answers DONE at once.
    case none

    /// Parses `reference`, `none`.
    public init(name: String) throws(EpisodeError) {
        switch name {
        case "reference": self = .reference
        case "none": self = .none
        default: throw EpisodeError(task: nil, kind: .badInput, message: "unknown agent '\(name)' (known: reference, none)")
        }
    }

    /// The answers this agent gives for `task`, each with its grammar name.
    func answers(for task: OSWorldTask, source: String) throws(EpisodeError) -> [(grammar: String, text: String)] {
        switch self {
        case .none:
            return [("pyautogui", "DONE")]
        case .reference:
            guard let solution = task.deskgym?.referenceSolution else {
                throw EpisodeError(task: task.id, kind: .badInput, message: "\(source) has no deskgym.reference_solution")
            }
            return solution.stepTexts.map { (solution.grammar.rawValue, $0) }
        }
    }
}
