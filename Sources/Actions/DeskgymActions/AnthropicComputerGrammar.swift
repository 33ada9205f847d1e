import DeskgymCore

/// Anthropic's computer use tool (`computer_20250124`): what a Claude model returns for the tool,
/// read as actions, and actions written as the tool's `input` objects.
///
/// ```swift
/// let grammar = AnthropicComputerGrammar(screen: Size(width: 1920, height: 1080),
///                                        imageSize: Size(width: 1366, height: 768))
/// let actions = try grammar.parse("""
///     {"type": "tool_use", "id": "toolu_01", "name": "computer",
///      "input": {"action": "left_click", "coordinate": [683, 384], "text": "ctrl"}}
///     """)
/// // [.keyDown(ctrl), .click(button: .left, at: Point(x: 960, y: 540), count: 1), .keyUp(ctrl)]
/// ```
///
/// The text may be a whole Messages API response (its `content` is read), an array of content
/// blocks, one `tool_use` block, or the tool's `input` object alone; several of these in a row or in
/// ```json blocks are read in order. Text and thinking blocks are skipped. A `tool_use` of the bash
/// tool (`bash_20250124`, `{"command": "ls"}`) is a shell command run in the session; one of
/// another tool is refused. A response whose turn ended (`stop_reason` `end_turn`) without a tool
/// call reads as `DONE`, as the model's agent loop ends there. `screenshot` and `cursor_position` ask for
/// nothing to be done (the runtime returns an observation after every step), so an answer of only
/// those reads as no actions.
///
/// Coordinates are pixels of the screenshot the model saw (`imageSize`), scaled to the screen as
/// Anthropic's reference implementation scales them (see ``referenceImageSize(for:)``). Keys use
/// xdotool's syntax (`ctrl+s`, `Return`, `KP_Enter`), mapped to the core's names through
/// ``xdotoolKeyNames``. See `docs/action-grammars.md` for every action and convention.
public struct AnthropicComputerGrammar: ActionGrammar {
    /// `anthropic_computer`.
    public static let name = "anthropic_computer"

    /// The size of the screen actions are carried out on, in pixels.
    public var screen: Size
    /// The size of the screenshots the model is shown, which its coordinates refer to; the screen's
    /// size when they are not scaled.
    public var imageSize: Size
    /// How long a bare `WAIT`, or a `wait` without a `duration`, waits, in seconds.
    public var waitSeconds: Double

    /// A grammar for a model that sees `screen` scaled to `imageSize` (unscaled when nil, or when a
    /// side of `imageSize` is not positive). The default screen lets ``ActionGrammars/all`` hold one;
    /// an agent passes its screen, and the size it scales screenshots to before sending them (for
    /// Anthropic's reference scaling, ``referenceImageSize(for:)``).
    public init(
        screen: Size = Size(width: 1920, height: 1080), imageSize: Size? = nil,
        waitSeconds: Double = ActionGrammars.defaultWaitSeconds
    ) {
        self.screen = screen
        self.imageSize = ScreenshotScale(screen: screen, image: imageSize).image
        self.waitSeconds = waitSeconds
    }

    /// The screenshot size Anthropic's reference implementation sends for a screen of `screen`
    /// size: the first of XGA (1024x768), WXGA (1280x800) and FWXGA (1366x768) whose aspect ratio is
    /// within 0.02 of the screen's, if it is narrower than the screen; otherwise the screen's own
    /// size. A 1920x1080 screen is shown as 1366x768, 2560x1600 as 1280x800, 1280x800 unscaled.
    public static func referenceImageSize(for screen: Size) -> Size {
        guard screen.width > 0, screen.height > 0 else { return screen }
        let ratio = Double(screen.width) / Double(screen.height)
        let targets = [Size(width: 1024, height: 768), Size(width: 1280, height: 800), Size(width: 1366, height: 768)]
        for target in targets where abs(Double(target.width) / Double(target.height) - ratio) < 0.02 {
            return target.width < screen.width ? target : screen
        }
        return screen
    }

    var scale: ScreenshotScale { ScreenshotScale(screen: screen, image: imageSize) }

    typealias Reading = ToolCallReading

    /// The actions of a model's answer; throws at the first block or field that is wrong.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        try JSONAnswer.toolCallActions(
            in: text, grammar: Self.name, waitSeconds: waitSeconds, form: Self.form
        ) { members, range, source, reading throws(ActionParseError) in
            try readObject(members, range: range, source: source, into: &reading)
        }
    }

    /// The parts of the tool's answers, as errors name them.
    private static let form = ToolCallForm(
        expected: "a computer tool_use block such as "
            + "{\"type\": \"tool_use\", \"name\": \"computer\", \"input\": "
            + "{\"action\": \"left_click\", \"coordinate\": [10, 20]}}, its input "
            + "object, or a Messages API response holding one",
        call: "a tool_use block", input: "an input object", arrayElement: "content block or input object",
        response: "Messages API response")

    /// The content block types a response may hold besides `tool_use`, which carry no action.
    private static let skippedBlockTypes: Set<String> = ["text", "thinking", "redacted_thinking"]

    private func readObject(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        let type = members.first { $0.key == "type" }
        let typeName: String? = if case .string(let name)? = type?.value.kind { name } else { nil }
        if typeName == "message" || (typeName == nil && members.contains { $0.key == "content" }) {
            try readMessage(members, range: range, source: source, into: &reading)
        } else if typeName == "tool_use" {
            try readToolUse(members, range: range, source: source, into: &reading)
        } else if let typeName, Self.skippedBlockTypes.contains(typeName) {
            return
        } else if typeName == nil, members.contains(where: { $0.key == "action" }) {
            reading.calls += 1
            reading.actions += try actions(fromInput: members, range: range, source: source)
        } else if let type, let typeName {
            throw source.error(
                type.value.range,
                "a content block of type '\(typeName.excerpt)' holds no computer "
                    + "action; expected 'tool_use' (text and thinking blocks are skipped)")
        } else {
            var message =
                "expected a tool_use block, an input object with an 'action' field, or a Messages "
                + "API response"
            if members.contains(where: { $0.key == "command" }) {
                message +=
                    "; a shell command goes in a bash tool_use block: {\"type\": \"tool_use\", "
                    + "\"name\": \"bash\", \"input\": {\"command\": \"ls -la\"}}"
            } else if let near = members.lazy.compactMap({ nearest(to: $0.key, among: ["action", "type", "content"]) }).first {
                message += "; did you mean the field '\(near)'?"
            }
            throw source.error(range, message)
        }
    }

    /// A Messages API response (or a message of a conversation): its `content` blocks in order; when
    /// none calls the computer tool and the turn ended, `DONE`.
    private func readMessage(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        guard let content = members.first(where: { $0.key == "content" }) else {
            throw source.error(range, "the message has no 'content' field")
        }
        let callsBefore = reading.calls
        switch content.value.kind {
        case .array(let blocks):
            try JSONAnswer.readElements(blocks, element: "a content block", source: source, into: &reading) {
                members, range, source, reading throws(ActionParseError) in
                try readObject(members, range: range, source: source, into: &reading)
            }
        case .string:
            break
        default:
            throw source.error(
                content.value.range,
                "the message's 'content' must be an array of content blocks, "
                    + "got \(content.value.typeName) \(source.snippet(content.value.range))")
        }
        guard reading.calls == callsBefore,
            let stop = members.first(where: { $0.key == "stop_reason" }),
            case .string(let reason) = stop.value.kind
        else { return }
        switch reason {
        case "end_turn", "stop_sequence":
            // The agent loop ends when the model answers without calling a tool.
            reading.actions.append(.done)
        default:
            throw source.error(
                stop.value.range,
                "the response calls no computer action and stopped with "
                    + "stop_reason '\(reason.excerpt)'"
                    + (reason == "max_tokens" ? " (it was cut off; allow more max_tokens)" : ""))
        }
    }

    /// The tools whose `tool_use` blocks are read: the computer tool, and the bash tool
    /// (`bash_20250124`), whose commands run in the session's shell.
    static let computerTool = "computer"
    static let bashTool = "bash"

    /// A `tool_use` block: its `name` decides which reader takes its `input` (no name: the computer
    /// tool's).
    private func readToolUse(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        var tool = Self.computerTool
        if let name = members.first(where: { $0.key == "name" }) {
            guard case .string(let toolName) = name.value.kind else {
                throw source.error(
                    name.value.range,
                    "the tool_use block's 'name' must be a string, got "
                        + "\(name.value.typeName) \(source.snippet(name.value.range))")
            }
            guard toolName == Self.computerTool || toolName == Self.bashTool else {
                throw JSONAnswer.unknownTool(
                    toolName, known: [Self.computerTool, Self.bashTool],
                    at: name.value.range, source: source)
            }
            tool = toolName
        }
        guard let input = members.first(where: { $0.key == "input" }) else {
            throw source.error(range, "the tool_use block has no 'input' field")
        }
        guard case .object(let inputMembers) = input.value.kind else {
            throw source.error(
                input.value.range,
                "the tool_use block's 'input' must be an object, got "
                    + "\(input.value.typeName) \(source.snippet(input.value.range))")
        }
        reading.calls += 1
        if tool == Self.bashTool {
            reading.actions.append(try action(fromBashInput: inputMembers, range: input.value.range, source: source))
        } else {
            reading.actions += try actions(fromInput: inputMembers, range: input.value.range, source: source)
        }
    }
}
