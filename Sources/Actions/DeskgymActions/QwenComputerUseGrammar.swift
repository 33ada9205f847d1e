import DeskgymCore

/// Qwen2.5-VL and Qwen3-VL `computer_use` tool calls, as the models write them (Hermes-style):
///
/// ```swift
/// let grammar = QwenComputerUseGrammar(screen: Size(width: 1920, height: 1080), coordinates: .relative999)
/// let actions = try grammar.parse("""
///     Action: Open the File menu.
///     <tool_call>
///     {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [30, 20]}}
///     </tool_call>
///     """)
/// // [.click(button: .left, at: Point(x: 58, y: 22), count: 1)]
/// ```
///
/// Every `<tool_call>…</tool_call>` block is read, in order (a block cut off at the end of the
/// answer too); the text around them is skipped. An answer without `<tool_call>` may hold the same
/// JSON bare, or in ```json blocks; without a fence, prose around the objects is skipped. The
/// JSON must be the tool call `{"name": "computer_use", "arguments": {…}}`, or its `arguments`
/// object alone; a call of Deskgym's `bash` tool, `{"name": "bash", "arguments": {"command": "ls"}}`,
/// is a shell command run in the session. See `docs/action-grammars.md` for every action, the coordinate modes and the
/// scroll conversion.
public struct QwenComputerUseGrammar: ActionGrammar {
    /// `qwen_computer_use`.
    public static let name = "qwen_computer_use"

    /// The size of the screen the actions are for, in pixels.
    public var screen: Size
    /// What the model's coordinates mean.
    public var coordinates: Coordinates
    /// How many of the model's scroll `pixels` make one wheel click: 1 by default, because
    /// OSWorld's Qwen2.5-VL and Qwen3-VL agents pass `pixels` to `pyautogui.scroll` as clicks.
    public var pixelsPerWheelClick: Int
    /// How long a `wait` without `time` waits, in seconds.
    public var waitSeconds: Double

    /// A grammar for a `screen`-sized screen. The defaults (1920x1080, Qwen3-VL's 0–999 grid, one
    /// pixel a click) let ``ActionGrammars/all`` hold one; a real agent passes its screen, and for
    /// Qwen2.5-VL ``Coordinates/absolute(imageSize:)`` (see ``resized(screen:resize:)``).
    public init(
        screen: Size = Size(width: 1920, height: 1080), coordinates: Coordinates = .relative999,
        pixelsPerWheelClick: Int = 1, waitSeconds: Double = ActionGrammars.defaultWaitSeconds
    ) {
        precondition(screen.width > 0 && screen.height > 0, "QwenComputerUseGrammar: empty screen \(screen)")
        if case .absolute(let image) = coordinates {
            precondition(image.width > 0 && image.height > 0, "QwenComputerUseGrammar: empty image size \(image)")
        }
        precondition(pixelsPerWheelClick > 0, "QwenComputerUseGrammar: pixelsPerWheelClick must be positive")
        self.screen = screen
        self.coordinates = coordinates
        self.pixelsPerWheelClick = pixelsPerWheelClick
        self.waitSeconds = waitSeconds
    }

    /// Absolute coordinates in the screenshot as `resize` resizes a `screen`-sized one: with the
    /// default rule, as OSWorld's Qwen2.5-VL agent does (1920x1080 becomes 1316x728).
    public static func resized(
        screen: Size,
        resize: SmartResize = SmartResize()
    ) throws(SmartResizeError) -> QwenComputerUseGrammar {
        QwenComputerUseGrammar(screen: screen, coordinates: .absolute(imageSize: try resize.resized(screen)))
    }

    private static let openTag = Array("<tool_call>".unicodeScalars)
    private static let closeTag = Array("</tool_call>".unicodeScalars)
    private static let fence: [Unicode.Scalar] = ["`", "`", "`"]
    private static let example =
        "<tool_call>{\"name\": \"computer_use\", \"arguments\": "
        + "{\"action\": \"left_click\", \"coordinate\": [x, y]}}</tool_call>"

    /// The actions of a model's answer, in order; throws at the first call that is not understood.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        let source = SourceText(text, grammar: Self.name)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        var calls: [JSONValue] = []
        if source.find(Self.openTag, from: 0) != nil {
            var from = 0
            while let open = source.find(Self.openTag, from: from) {
                let contentStart = open + Self.openTag.count
                // The closing tag is looked for only up to the next opening one: looking through the
                // rest of the answer for each of many unclosed blocks would take quadratic time.
                let nextOpen = source.find(Self.openTag, from: contentStart) ?? source.count
                let contentEnd = source.find(Self.closeTag, from: contentStart, before: nextOpen) ?? nextOpen
                calls.append(try toolCall(in: contentStart..<contentEnd, tagAt: open, source: source))
                from = contentEnd
            }
        } else {
            let layout = AnswerLayout(source)
            for segment in layout.segments {
                switch segment {
                case .code(let range):
                    calls += try objects(in: range, source: source, strict: layout.isFenced)
                case .bareWord(_, let range):
                    throw source.error(
                        range,
                        "'\(source.text(range))' is not a computer_use action; end with "
                            + "{\"name\": \"computer_use\", \"arguments\": {\"action\": \"terminate\", "
                            + "\"status\": \"success\"}} (or \"failure\")")
                }
            }
        }
        var actions: [Action] = []
        for call in calls {
            actions += try self.actions(forCall: call, source: source)
        }
        return try ActionLimits.actions(ofAnswer: actions, in: source, expected: "a tool call such as \(Self.example)")
    }

    /// The one JSON object inside `<tool_call>…</tool_call>` (a ```json fence there is allowed).
    private func toolCall(
        in range: Range<Int>, tagAt tag: Int,
        source: SourceText
    ) throws(ActionParseError) -> JSONValue {
        var content = source.trimmed(range)
        if source.matches(Self.fence, at: content.lowerBound) {
            let afterTag = min(source.endOfLine(from: content.lowerBound) + 1, content.upperBound)
            let close = source.find(Self.fence, from: afterTag, before: content.upperBound) ?? content.upperBound
            content = source.trimmed(afterTag..<close)
        }
        guard !content.isEmpty else {
            throw source.error(
                tag..<range.upperBound,
                "empty <tool_call>: expected "
                    + "{\"name\": \"computer_use\", \"arguments\": {…}} inside it")
        }
        var reader = JSONReader(source: source, range: content)
        let value = try reader.value()
        reader.skipWhitespace()
        if reader.offset < content.upperBound {
            let rest = reader.offset..<min(content.upperBound, source.endOfLine(from: reader.offset))
            throw source.error(
                rest,
                "unexpected '\(source.snippet(rest))' after the tool call's JSON; "
                    + "write one call per <tool_call> block")
        }
        return value
    }

    /// The JSON objects of a region: in a fence (`strict`) nothing else may appear; otherwise
    /// prose before, between and after them is skipped.
    private func objects(
        in range: Range<Int>, source: SourceText,
        strict: Bool
    ) throws(ActionParseError) -> [JSONValue] {
        var reader = JSONReader(source: source, range: range)
        var values: [JSONValue] = []
        while true {
            reader.skipWhitespace()
            let offset = reader.offset
            guard offset < range.upperBound else { return values }
            if source.scalars[offset] == "{" {
                values.append(try reader.value())
            } else if strict {
                let lineEnd = min(range.upperBound, source.endOfLine(from: offset))
                throw source.error(
                    offset..<lineEnd,
                    "expected a JSON tool call such as "
                        + "{\"name\": \"computer_use\", \"arguments\": {…}}, found "
                        + "'\(source.snippet(offset..<lineEnd))'")
            } else {
                var next = offset + 1
                while next < range.upperBound, source.scalars[next] != "{" { next += 1 }
                reader.move(to: next)
            }
        }
    }
}
