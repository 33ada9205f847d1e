import DeskgymActions
import DeskgymAgents
import DeskgymCore

/// The two agents every task can be run with: its own reference solution, and one that does nothing.
public enum EpisodeAgent: Agent, Hashable {
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

    public var name: String { self == .reference ? "reference" : "none" }

    public func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        let answers: ScriptedAnswers
        switch self {
        case .none:
            answers = ScriptedAnswers(grammar: "pyautogui", texts: ["DONE"])
        case .reference:
            guard let solution = task.referenceSolution else {
                throw AgentError(kind: .badInput, agent: name, message: "task \(task.id) has no deskgym.reference_solution")
            }
            answers = solution
        }
        do {
            return ScriptedEpisode(grammar: try ActionGrammars.named(answers.grammar), texts: answers.texts)
        } catch {
            throw AgentError(kind: .badInput, agent: name, message: "task \(task.id): \(error)")
        }
    }
}

/// Answers a fixed list of texts, one a step.
private actor ScriptedEpisode: AgentEpisode {
    nonisolated let grammar: any ActionGrammar
    private let texts: [String]
    private var next = 0

    init(grammar: any ActionGrammar, texts: [String]) {
        self.grammar = grammar
        self.texts = texts
    }

    func next(_ observation: AgentObservation) async throws(AgentError) -> AgentTurn? {
        guard next < texts.count else { return nil }
        defer { next += 1 }
        return AgentTurn(text: texts[next])
    }
}
