import DeskgymCore

/// OSWorld's `computer_13` action space: JSON action objects.
///
/// ```swift
/// let actions = try Computer13Grammar().parse("""
///     ```json
///     {"action_type": "CLICK", "parameters": {"button": "left", "x": 10, "y": 20, "num_clicks": 2}}
///     ```
///     """)
/// // [.click(button: .left, at: Point(x: 10, y: 20), count: 2)]
/// ```
///
/// The text may be one action object, a JSON array of them, several of them in a row, the strings
/// `"WAIT"`, `"DONE"`, `"FAIL"` (bare or quoted, alone or in an array), or a model answer with
/// such JSON in ```json blocks. Without a fence, prose before a `{` or `[` and after the JSON is
/// skipped. Parameters may sit in a `parameters` object or, as OSWorld's controller also accepts,
/// beside `action_type`. Names, types and ranges follow OSWorld's `ACTION_SPACE`; coordinates
/// are absolute screen pixels, truncated toward zero when fractional.
public struct Computer13Grammar: ActionGrammar {
    /// `computer_13`, OSWorld's name for the action space.
    public static let name = "computer_13"

    /// How long a `WAIT` without a `seconds` parameter waits, in seconds.
    public var waitSeconds: Double

    /// A grammar whose parameterless `WAIT` lasts `waitSeconds`.
    public init(waitSeconds: Double = ActionGrammars.defaultWaitSeconds) {
        self.waitSeconds = waitSeconds
    }

    /// The actions of a model's answer: JSON action objects, arrays of them and bare words, in
    /// ```json blocks or in the text itself; throws at the first field that is wrong.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        let source = SourceText(text, grammar: Self.name)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        let layout = AnswerLayout(source)
        var actions: [Action] = []
        for segment in layout.segments {
            switch segment {
            case .bareWord(let word, _):
                actions.append(word.action(waitSeconds: waitSeconds))
            case .code(let range):
                actions += try self.actions(in: range, of: source, strict: layout.isFenced)
            }
        }
        guard !actions.isEmpty else {
            throw source.wholeTextError(
                "no action found: expected a JSON action object such as "
                    + "{\"action_type\": \"CLICK\", \"parameters\": {\"x\": 10, \"y\": 20}} "
                    + "(in a ```json block), or WAIT, DONE or FAIL")
        }
        try ActionLimits.check(answer: actions, in: source)
        return actions
    }

    /// Reads the JSON values and bare words of one region. In a fenced block (`strict`) nothing
    /// else may appear; in an answer without fences, prose around the JSON is skipped.
    private func actions(
        in range: Range<Int>, of source: SourceText,
        strict: Bool
    ) throws(ActionParseError) -> [Action] {
        var reader = JSONReader(source: source, range: range)
        var actions: [Action] = []
        let firstOffset = source.trimmed(range).lowerBound
        while true {
            reader.skipWhitespace()
            let offset = reader.offset
            guard offset < range.upperBound else { return actions }
            let scalar = source.scalars[offset]
            if scalar == "{" || scalar == "[" || (scalar == "\"" && (strict || offset == firstOffset)) {
                actions += try self.actions(from: try reader.value(), source: source, topLevel: true)
                continue
            }
            // The end of the line is measured only where it is needed, so that a long line of values
            // and prose is read in time proportional to its length.
            if source.startsLine(at: offset, notBefore: range.lowerBound) {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                if let word = BareWord(source.text(offset..<lineEnd).trimmingSpaces()) {
                    actions.append(word.action(waitSeconds: waitSeconds))
                    reader.move(to: lineEnd)
                    continue
                }
            }
            if strict {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                throw source.error(
                    offset..<lineEnd,
                    "expected a JSON action object, an array of them, or "
                        + "WAIT, DONE or FAIL, found '\(source.snippet(offset..<lineEnd))'")
            }
            reader.move(to: source.proseEnd(from: offset + 1, before: range.upperBound))
        }
    }

    private func actions(
        from value: JSONValue, source: SourceText,
        topLevel: Bool
    ) throws(ActionParseError) -> [Action] {
        switch value.kind {
        case .array(let items) where topLevel:
            guard !items.isEmpty else {
                throw source.error(value.range, "empty action array: give at least one action")
            }
            var actions: [Action] = []
            for item in items {
                actions += try self.actions(from: item, source: source, topLevel: false)
            }
            return actions
        case .string(let text):
            guard let word = BareWord(text) else {
                throw source.error(
                    value.range,
                    "expected an action object or \"WAIT\", \"DONE\", \"FAIL\", "
                        + "got the string \(source.snippet(value.range))")
            }
            return [word.action(waitSeconds: waitSeconds)]
        case .object(let members):
            return [try action(from: members, range: value.range, source: source)]
        default:
            throw source.error(
                value.range,
                "expected an action object or \"WAIT\", \"DONE\", \"FAIL\", "
                    + "got \(value.typeName) \(source.snippet(value.range))")
        }
    }
}
