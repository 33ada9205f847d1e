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
        var actions: [Action] = []
        try JSONAnswer.read(source, expected: "a JSON action object, an array of them,") {
            item throws(ActionParseError) in
            switch item {
            case .bareWord(let word, _):
                actions.append(word.action(waitSeconds: waitSeconds))
            case .value(let value):
                actions += try self.actions(from: value, source: source, topLevel: true)
            }
        }
        return try ActionLimits.actions(
            ofAnswer: actions, in: source,
            expected: "a JSON action object such as "
                + "{\"action_type\": \"CLICK\", \"parameters\": {\"x\": 10, \"y\": 20}} "
                + "(in a ```json block), or WAIT, DONE or FAIL")
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
