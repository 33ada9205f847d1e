import DeskgymActions
import DeskgymAgents
import DeskgymCore

/// What one step is given: an answer's text with the grammar to read it in, or actions already
/// read (the server's structured `actions`, a replay), plus what the record keeps beside them.
public struct StepAnswer: Sendable {
    /// The answer itself.
    public enum Content: Sendable {
        /// Text to read with `grammar`; a text the grammar refuses is the agent's failure.
        case text(String, grammar: any ActionGrammar)
        /// Actions already read; recorded as computer_13.
        case actions([Action])
    }

    public var content: Content
    /// The model's reasoning, when the agent separates it.
    public var thought: String?
    /// The agent's thinking time for this answer.
    public var modelMilliseconds: Double
    public var usage: TokenUsage?
    /// The agent's model requests for this answer (attempts, status, time).
    public var requests: [ModelRequestRecord]
    /// What a client passes through into the step's record (token ids, logprobs, …).
    public var extra: JSONValue?

    public init(
        _ content: Content, thought: String? = nil, modelMilliseconds: Double = 0, usage: TokenUsage? = nil,
        requests: [ModelRequestRecord] = [], extra: JSONValue? = nil
    ) {
        self.content = content
        self.thought = thought
        self.modelMilliseconds = modelMilliseconds
        self.usage = usage
        self.requests = requests
        self.extra = extra
    }

    /// The raw text, for the record; nil for actions given already read.
    var text: String? {
        if case .text(let text, _) = content { return text }
        return nil
    }

    /// The name of the grammar the answer is read in.
    var grammarName: String {
        switch content {
        case .text(_, let grammar): type(of: grammar).name
        case .actions: Computer13Grammar.name
        }
    }

    /// The coordinate mode the grammar read numbers in, when it has one.
    var coordinates: CoordinateMode? {
        if case .text(_, let grammar) = content { return CoordinateMode(of: grammar) }
        return nil
    }
}
