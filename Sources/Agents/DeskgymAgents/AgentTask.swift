import DeskgymCore

/// What an agent is told when an episode starts.
public struct AgentTask: Sendable, Hashable {
    /// The task's id.
    public var id: String
    /// The task's natural-language instruction.
    public var instruction: String
    /// The size of the screen the episode runs on, in pixels.
    public var screen: Size
    /// The task's reference solution, for agents that replay it: its grammar name and one text a step.
    public var referenceSolution: ScriptedAnswers?

    public init(id: String, instruction: String, screen: Size, referenceSolution: ScriptedAnswers? = nil) {
        self.id = id
        self.instruction = instruction
        self.screen = screen
        self.referenceSolution = referenceSolution
    }
}

/// A fixed list of answers in one grammar.
public struct ScriptedAnswers: Sendable, Hashable {
    /// The grammar name (``DeskgymActions/ActionGrammars/named(_:)``).
    public var grammar: String
    /// One answer text a step.
    public var texts: [String]

    public init(grammar: String, texts: [String]) {
        self.grammar = grammar
        self.texts = texts
    }
}
