import DeskgymAgents
import DeskgymCore

/// One step of an episode as the trajectory and the run store keep it.
public struct EpisodeStep: Sendable {
    /// 0 for the initial observation (no answer), then 1, 2, …
    public var index: Int
    /// The agent's raw answer.
    public var text: String?
    /// The grammar the answer was read with.
    public var grammar: String?
    /// What the answer's numbers meant, for the grammars with a coordinate mode (`uitars`,
    /// `qwen_computer_use`); nil for the others. A replay sets its grammar up with it.
    public var coordinates: CoordinateMode?
    /// The model's reasoning, when the agent separates it.
    public var thought: String?
    /// The actions read from the answer (empty when it could not be read).
    public var actions: [Action]
    /// The file name of the observation taken after the step, in the trajectory folder.
    public var screenshot: String?
    /// Time to execute the actions, settle and capture, in milliseconds.
    public var environmentMilliseconds: Double
    /// Part of ``environmentMilliseconds`` spent waiting for the screen to settle.
    public var settleMilliseconds: Double?
    /// Time the agent took to answer.
    public var modelMilliseconds: Double
    public var usage: TokenUsage?
    public var requests: [ModelRequestRecord]
    /// Why the step did nothing: the answer could not be read, or an action was refused.
    public var error: String?
    /// The windows after the step.
    public var windows: [WindowInfo]
    /// What the step's shell commands did, in order.
    public var commands: [CommandResult] = []
    /// The actions actually carried out, when they differ from ``actions`` (none when one was
    /// refused; DONE and FAIL are never carried out). Nil: as ``actions``.
    public var executed: [Action]?
    /// The reward the step earned (served sessions: 0 until the episode ends, then the score).
    public var reward: Double?
    /// Whether the step ended the episode (served sessions).
    public var done: Bool?
    /// What the client passed through for the training record (token ids, logprobs, …).
    public var extra: JSONValue?

    public init(index: Int, text: String? = nil, grammar: String? = nil, coordinates: CoordinateMode? = nil,
                thought: String? = nil, actions: [Action] = [],
                screenshot: String? = nil, environmentMilliseconds: Double = 0, settleMilliseconds: Double? = nil,
                modelMilliseconds: Double = 0, usage: TokenUsage? = nil, requests: [ModelRequestRecord] = [],
                error: String? = nil, windows: [WindowInfo] = []) {
        self.index = index
        self.text = text
        self.grammar = grammar
        self.coordinates = coordinates
        self.thought = thought
        self.actions = actions
        self.screenshot = screenshot
        self.environmentMilliseconds = environmentMilliseconds
        self.settleMilliseconds = settleMilliseconds
        self.modelMilliseconds = modelMilliseconds
        self.usage = usage
        self.requests = requests
        self.error = error
        self.windows = windows
    }
}
