import DeskgymCore

/// What a tool-call grammar has read so far: the actions, and how many calls were seen (a
/// `screenshot` call gives no action but is an answer all the same).
struct ToolCallReading {
    var actions: [Action] = []
    var calls = 0
}

extension JSONAnswer {
    /// Reads a model answer made of JSON tool calls and bare words (WAIT, DONE, FAIL), as the
    /// Anthropic and OpenAI grammars take them: `read` handles each JSON value; an answer with
    /// neither a call nor an action is refused with `expected`, which shows what was wanted.
    static func toolCallActions(
        in text: String, grammar: String, waitSeconds: Double, expected: String,
        read: (JSONValue, SourceText, inout ToolCallReading) throws(ActionParseError) -> Void
    )
        throws(ActionParseError) -> [Action]
    {
        let source = SourceText(text, grammar: grammar)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        var reading = ToolCallReading()
        for item in try JSONAnswer(source).items {
            switch item {
            case .bareWord(let word, _):
                reading.actions.append(word.action(waitSeconds: waitSeconds))
            case .value(let value):
                try read(value, source, &reading)
            }
        }
        guard reading.calls > 0 || !reading.actions.isEmpty else {
            throw source.wholeTextError("no action found: expected " + expected)
        }
        try ActionLimits.check(answer: reading.actions, in: source)
        return reading.actions
    }
}

extension JSONAnswer {
    /// The error for a call of a tool the grammar does not read, at `range` (where the name is
    /// written): it lists the tools that are read, and suggests the nearest.
    static func unknownTool(
        _ name: String, known: [String], at range: Range<Int>,
        source: SourceText
    ) -> ActionParseError {
        var message =
            "unknown tool '\(name.excerpt)'; this grammar reads calls of the tools "
            + known.map { "'\($0)'" }.joined(separator: " and ")
        if let near = nearest(to: name, among: known) {
            message += " (did you mean '\(near)'?)"
        }
        return source.error(range, message)
    }
}
