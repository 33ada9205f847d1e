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
    /// What the episode's observations carry: with the tree, ``AgentObservation/accessibilityTree``
    /// is set; with `a11y_tree`, agents that prompt a model leave the screenshot out.
    public var observationType: ObservationType

    public init(
        id: String, instruction: String, screen: Size, referenceSolution: ScriptedAnswers? = nil,
        observationType: ObservationType = .screenshot
    ) {
        self.id = id
        self.instruction = instruction
        self.screen = screen
        self.referenceSolution = referenceSolution
        self.observationType = observationType
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
