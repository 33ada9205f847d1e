import DeskgymActions
import DeskgymCore

/// One line of `trajectory.jsonl`: the one schema of a step, written by every front end (`run`,
/// `eval`, the server's training records, the VNC recorder) and read by every reader (the eval
/// store and report, the replay agent, the exporters). `docs/trajectory-format.md` documents it.
///
/// Step 0 is the observation before the first answer; step k ≥ 1 holds the k-th answer, what was
/// read from it and done, and the observation after it.
public struct TrajectoryLine: Sendable, Hashable {
    /// The schema version this build writes. Lines without `version` are version 1 (written before
    /// the field existed, in the same layout).
    public static let currentVersion = 1

    /// Token counts of the model's answer.
    public struct Usage: Sendable, Hashable, Codable {
        public var promptTokens: Int
        public var completionTokens: Int
        public var totalTokens: Int?

        public init(promptTokens: Int, completionTokens: Int, totalTokens: Int?) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = totalTokens
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
        }
    }

    /// One attempt at the model's endpoint.
    public struct Request: Sendable, Hashable, Codable {
        /// 1 for the first attempt.
        public var attempt: Int
        public var milliseconds: Double
        /// The HTTP status; nil when no response came.
        public var status: Int?
        /// Why the attempt failed; nil when it succeeded.
        public var error: String?

        public init(attempt: Int, milliseconds: Double, status: Int?, error: String?) {
            self.attempt = attempt
            self.milliseconds = milliseconds
            self.status = status
            self.error = error
        }

        enum CodingKeys: String, CodingKey {
            case attempt, status, error
            case milliseconds = "ms"
        }
    }

    /// A window on the screen after the step.
    public struct Window: Sendable, Hashable, Codable {
        public var title: String
        /// `WM_CLASS` class name.
        public var className: String
        public var isActive: Bool

        public init(title: String, className: String, isActive: Bool) {
            self.title = title
            self.className = className
            self.isActive = isActive
        }

        enum CodingKeys: String, CodingKey {
            case title
            case className = "class"
            case isActive = "active"
        }
    }

    /// The schema version the line was written in.
    public var version: Int
    /// 0 for the first observation, then 1, 2, … one per answer.
    public var step: Int
    /// The agent's raw answer.
    public var actionText: String?
    /// The grammar the answer was read with.
    public var grammar: String?
    /// What the answer's numbers meant (`relative`, `absolute`), for grammars with a coordinate mode.
    public var coordinates: String?
    /// The model's reasoning, when the agent separates it.
    public var thought: String?
    /// The actions read from the answer (empty when it could not be read).
    public var actions: [Action]
    /// The actions carried out, when recorded apart from ``actions`` (none when one was refused;
    /// DONE and FAIL are never carried out). Nil: as ``actions``.
    public var executed: [Action]?
    /// The observation after the step: a file name in the trajectory folder.
    public var screenshot: String?
    /// The accessibility tree of that observation, in OSWorld's XML, gzip-compressed: a file name
    /// in the trajectory folder (`step-NNNN.a11y.xml.gz`); nil when the episode read no tree.
    public var accessibilityTree: String?
    /// Carrying out, settling and capturing, in milliseconds.
    public var environmentMilliseconds: Double?
    /// Part of ``environmentMilliseconds`` spent waiting for the screen to settle.
    public var settleMilliseconds: Double?
    /// The settle signals that had not settled when the wait hit its cap (`idle: chromium (42)
    /// running`); nil when the observation was taken settled.
    public var unsettled: [String]?
    /// The agent's thinking time for the answer.
    public var modelMilliseconds: Double?
    public var usage: Usage?
    public var requests: [Request]?
    public var windows: [Window]?
    /// What the step's shell commands did, in order.
    public var commands: [CommandResult]?
    /// The reward the step earned (served sessions: 0 until the episode ends, then the score).
    public var reward: Double?
    /// Whether the step ended the episode.
    public var done: Bool?
    /// What a client passed through for the training record (token ids, logprobs, …).
    public var extra: JSONValue?
    /// Why the step did nothing or failed.
    public var error: String?

    public init(
        step: Int, actionText: String? = nil, grammar: String? = nil, coordinates: String? = nil,
        thought: String? = nil, actions: [Action] = [], executed: [Action]? = nil, screenshot: String? = nil,
        environmentMilliseconds: Double? = nil, settleMilliseconds: Double? = nil, modelMilliseconds: Double? = nil,
        usage: Usage? = nil, requests: [Request]? = nil, windows: [Window]? = nil, commands: [CommandResult]? = nil,
        reward: Double? = nil, done: Bool? = nil, extra: JSONValue? = nil, error: String? = nil
    ) {
        version = Self.currentVersion
        self.step = step
        self.actionText = actionText
        self.grammar = grammar
        self.coordinates = coordinates
        self.thought = thought
        self.actions = actions
        self.executed = executed
        self.screenshot = screenshot
        self.environmentMilliseconds = environmentMilliseconds
        self.settleMilliseconds = settleMilliseconds
        self.modelMilliseconds = modelMilliseconds
        self.usage = usage
        self.requests = requests
        self.windows = windows
        self.commands = commands
        self.reward = reward
        self.done = done
        self.extra = extra
        self.error = error
    }
}
