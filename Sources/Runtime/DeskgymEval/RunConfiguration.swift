/// What identifies an eval run: its name and the settings its scores depend on.
///
/// Resuming a run (starting it again under the same name) is allowed only with the same agent,
/// grammar, model and options, so that every episode of a run was produced the same way.
public struct RunConfiguration: Sendable, Hashable, Codable {
    /// The run's name, unique in a store (the folder name under `runs/`).
    public var name: String
    /// The agent's name (`reference`, `openai:MODEL`, …).
    public var agent: String
    /// The grammar the agent's answers are read with, when the run fixes one.
    public var grammar: String?
    /// The model behind the agent, when there is one.
    public var model: String?
    /// Other settings that change what an episode does (maximum steps, temperature, screen size, …).
    /// Settings that only change how fast the run goes (parallelism) do not belong here: a run
    /// resumed with more workers is the same run.
    public var options: [String: String]

    public init(name: String, agent: String, grammar: String? = nil, model: String? = nil, options: [String: String] = [:]) {
        self.name = name
        self.agent = agent
        self.grammar = grammar
        self.model = model
        self.options = options
    }
}

extension RunConfiguration {
    /// The settings that differ from `other`, one `field: stored → given` line each (empty when
    /// the two can share a run).
    func differences(from other: RunConfiguration) -> [String] {
        func show(_ value: String?) -> String { value.map { "'\($0)'" } ?? "none" }
        var lines: [String] = []
        if agent != other.agent { lines.append("agent: \(show(agent)) → \(show(other.agent))") }
        if grammar != other.grammar { lines.append("grammar: \(show(grammar)) → \(show(other.grammar))") }
        if model != other.model { lines.append("model: \(show(model)) → \(show(other.model))") }
        for key in Set(options.keys).union(other.options.keys).sorted() where options[key] != other.options[key] {
            lines.append("option \(key): \(show(options[key])) → \(show(other.options[key]))")
        }
        return lines
    }
}
