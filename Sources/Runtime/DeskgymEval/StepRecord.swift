import DeskgymActions
import DeskgymCore

/// One step of an episode: the agent's answer, the actions read from it, and what carrying them
/// out cost. Step 0 is the first observation, with no answer.
public struct StepRecord: Sendable, Hashable {
    /// 0 for the first observation, then 1, 2, … one per agent answer.
    public var step: Int
    /// The agent's raw answer.
    public var actionText: String?
    /// The grammar the answer was read with.
    public var grammar: String?
    /// The model's reasoning, when the agent separates it from the action.
    public var thought: String?
    /// The actions read from the answer as a `computer_13` JSON array (`[]` for none).
    public var actionsJSON: String
    /// The observation after this step's actions: a file name in the trajectory folder.
    public var screenshot: String?
    /// Time spent carrying out the actions, settle included, in milliseconds.
    public var envMilliseconds: Double?
    /// Time spent waiting for the screen to settle, in milliseconds.
    public var settleMilliseconds: Double?
    /// Time spent waiting for the model's answer, in milliseconds.
    public var modelMilliseconds: Double?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// Why the step did nothing or failed: an answer the grammar refused, an action the desktop refused.
    public var error: String?

    public init(
        step: Int, actionText: String? = nil, grammar: String? = nil, thought: String? = nil,
        actionsJSON: String = "[]", screenshot: String? = nil, envMilliseconds: Double? = nil,
        settleMilliseconds: Double? = nil, modelMilliseconds: Double? = nil, promptTokens: Int? = nil,
        completionTokens: Int? = nil, error: String? = nil
    ) {
        self.step = step
        self.actionText = actionText
        self.grammar = grammar
        self.thought = thought
        self.actionsJSON = actionsJSON
        self.screenshot = screenshot
        self.envMilliseconds = envMilliseconds
        self.settleMilliseconds = settleMilliseconds
        self.modelMilliseconds = modelMilliseconds
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.error = error
    }

    /// A step whose actions are given as values; they are kept as `computer_13` JSON.
    public init(
        step: Int, actionText: String? = nil, grammar: String? = nil, thought: String? = nil,
        actions: [Action], screenshot: String? = nil, envMilliseconds: Double? = nil,
        settleMilliseconds: Double? = nil, modelMilliseconds: Double? = nil, promptTokens: Int? = nil,
        completionTokens: Int? = nil, error: String? = nil
    ) {
        self.init(
            step: step, actionText: actionText, grammar: grammar, thought: thought,
            actionsJSON: Self.json(actions), screenshot: screenshot, envMilliseconds: envMilliseconds,
            settleMilliseconds: settleMilliseconds, modelMilliseconds: modelMilliseconds,
            promptTokens: promptTokens, completionTokens: completionTokens, error: error)
    }

    /// The actions, read back from ``actionsJSON``.
    /// - Throws: ``DeskgymActions/ActionParseError`` when the JSON is not `computer_13` (written by
    ///   a newer version, or by hand).
    public func actions() throws(ActionParseError) -> [Action] {
        let trimmed = actionsJSON.filter { !$0.isWhitespace }
        if trimmed.isEmpty || trimmed == "[]" { return [] }
        return try Computer13Grammar().parse(actionsJSON)
    }

    /// Actions as a `computer_13` JSON array (several: one object a line).
    static func json(_ actions: [Action]) -> String {
        // The grammar writes a single action as a bare object; the store always keeps an array.
        let text = Computer13Grammar().format(actions)
        return actions.count == 1 ? "[" + text + "]" : text
    }
}
