import Foundation
import Logging

/// The agents the command line can name with `--agent`, and how a value is read.
///
/// | value | agent |
/// |---|---|
/// | `reference` | ``ScriptedAgent`` with the task's reference solution |
/// | `none` | ``ScriptedAgent`` that answers `DONE` at once |
/// | `random`, `random:SEED` | ``RandomAgent`` (seed: a decimal `UInt64`) |
/// | `replay:DIR` | ``ReplayAgent`` of the trajectory folder `DIR` |
/// | `openai`, `openai:MODEL` | ``OpenAIChatAgent`` with the configuration from the other options (`MODEL` overrides its model) |
public enum AgentCatalog {
    /// The accepted forms, for help texts and errors.
    public static let forms = ["reference", "none", "random", "random:SEED", "replay:DIR", "openai", "openai:MODEL"]

    /// What `--agent` named, before the agent is made.
    public enum Choice: Sendable, Hashable {
        case reference
        case none
        case random(seed: UInt64?)
        case replay(folder: URL)
        case openAI(model: String?)

        /// Reads an `--agent` value; throws ``AgentError/Kind/badInput`` listing the valid forms.
        public init(parsing value: String) throws(AgentError) {
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            let (head, argument): (String, String?) =
                if let colon = trimmed.firstIndex(of: ":") {
                    (String(trimmed[..<colon]), String(trimmed[trimmed.index(after: colon)...]))
                } else {
                    (trimmed, nil)
                }
            func bad(_ why: String) -> AgentError {
                AgentError(
                    kind: .badInput, agent: value,
                    message: "\(why) (valid forms: \(AgentCatalog.forms.joined(separator: ", ")))")
            }
            switch (head.lowercased(), argument) {
            case ("reference", nil): self = .reference
            case ("none", nil): self = .none
            case ("random", nil): self = .random(seed: nil)
            case ("random", let seed?):
                guard let number = UInt64(seed) else { throw bad("random seed '\(seed)' is not a whole number 0…\(UInt64.max)") }
                self = .random(seed: number)
            case ("replay", let folder?) where !folder.isEmpty:
                self = .replay(folder: URL(fileURLWithPath: (folder as NSString).expandingTildeInPath))
            case ("replay", _): throw bad("replay needs a trajectory folder: replay:DIR")
            case ("openai", nil): self = .openAI(model: nil)
            case ("openai", let model?) where !model.isEmpty: self = .openAI(model: model)
            case ("reference", _?), ("none", _?): throw bad("'\(head)' takes no argument")
            default: throw bad("unknown agent '\(value)'")
            }
        }
    }

    /// Makes the agent `value` names.
    ///
    /// - Parameters:
    ///   - openAI: the endpoint settings from the command line, required for `openai`; its
    ///     ``OpenAIChatAgent/Configuration/model`` is replaced by `openai:MODEL`'s.
    ///   - randomSteps: how many actions a random agent answers before `DONE`.
    ///   - logger: for the agents that log (retries of model requests).
    public static func agent(
        _ value: String, openAI: OpenAIChatAgent.Configuration? = nil, randomSteps: Int = 10,
        logger: Logger
    ) throws(AgentError) -> any Agent {
        switch try Choice(parsing: value) {
        case .reference: return ScriptedAgent(.reference)
        case .none: return ScriptedAgent(.none)
        case .random(let seed): return RandomAgent(seed: seed, steps: randomSteps)
        case .replay(let folder): return try ReplayAgent(folder: folder)
        case .openAI(let model):
            guard var configuration = openAI else {
                throw AgentError(
                    kind: .badInput, agent: value,
                    message: "the openai agent needs an endpoint: give --base-url and --model")
            }
            if let model { configuration.model = model }
            return try OpenAIChatAgent(configuration: configuration, logger: logger)
        }
    }
}
