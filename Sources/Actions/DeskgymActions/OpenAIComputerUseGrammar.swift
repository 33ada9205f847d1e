import DeskgymCore

/// OpenAI's computer use tool in the Responses API: the actions of `computer_call` output items, read
/// as actions, and actions written as the API's action objects.
///
/// ```swift
/// let grammar = OpenAIComputerUseGrammar(screen: Size(width: 1920, height: 1080))
/// let actions = try grammar.parse("""
///     {"type": "computer_call", "id": "cu_01", "call_id": "call_01", "status": "completed",
///      "pending_safety_checks": [], "action": {"type": "keypress", "keys": ["CTRL", "L"]}}
///     """)
/// // [.hotkey([ctrl, l])]
/// ```
///
/// The text may be a whole Responses API response (its `output` is read), an array of output items,
/// one `computer_call` item (with an `action`, or a batch of `actions`), or an action object alone;
/// several of these in a row or in ```json blocks are read in order. A `local_shell_call` item (the
/// `local_shell` tool: an `exec` of an argv) is a shell command run in the session. `reasoning` and
/// `message` items are skipped; other items are refused. A completed response without a `computer_call` reads as
/// `DONE`, as the model's agent loop ends there. `screenshot` asks for nothing to be done (the runtime
/// returns an observation after every step), so an answer of only that reads as no actions.
/// `pending_safety_checks` are not the grammar's business: the agent must acknowledge them.
///
/// Coordinates are pixels of the screenshot the model saw (`imageSize`), scaled to the screen;
/// scroll distances are pixels, turned into wheel clicks of ``pixelsPerWheelClick``. Keys are the
/// API's upper-case names (`CTRL`, `ENTER`, `ARROWLEFT`, `L`). See `docs/action-grammars.md`.
public struct OpenAIComputerUseGrammar: ActionGrammar {
    /// `openai_computer_use`.
    public static let name = "openai_computer_use"

    /// The size of the screen actions are carried out on, in pixels.
    public var screen: Size
    /// The size of the screenshots the model is shown, which its coordinates refer to; the screen's
    /// size when they are not scaled.
    public var imageSize: Size
    /// How many pixels of `scroll_x` / `scroll_y` make one wheel click (at least 1).
    public var pixelsPerWheelClick: Int
    /// How long a `wait` (which has no duration in the API) or a bare `WAIT` waits, in seconds.
    public var waitSeconds: Double

    /// A grammar for a model that sees `screen` scaled to `imageSize` (unscaled when nil, or when a
    /// side of `imageSize` is not positive), whose scrolls of `pixelsPerWheelClick` pixels (at least
    /// 1) are one wheel click. The default screen lets ``ActionGrammars/all`` hold one; an agent
    /// passes its screen and the size of the screenshots it sends.
    public init(
        screen: Size = Size(width: 1920, height: 1080), imageSize: Size? = nil,
        pixelsPerWheelClick: Int = 100, waitSeconds: Double = ActionGrammars.defaultWaitSeconds
    ) {
        self.screen = screen
        self.imageSize = ScreenshotScale(screen: screen, image: imageSize).image
        self.pixelsPerWheelClick = max(1, pixelsPerWheelClick)
        self.waitSeconds = waitSeconds
    }

    var scale: ScreenshotScale { ScreenshotScale(screen: screen, image: imageSize) }

    typealias Reading = ToolCallReading

    /// The actions of a model's answer; throws at the first item or field that is wrong.
    public func parse(_ text: String) throws(ActionParseError) -> [Action] {
        try JSONAnswer.toolCallActions(
            in: text, grammar: Self.name, waitSeconds: waitSeconds, form: Self.form
        ) { members, range, source, reading throws(ActionParseError) in
            try readObject(members, range: range, source: source, into: &reading)
        }
    }

    /// The parts of the API's answers, as errors name them.
    private static let form = ToolCallForm(
        expected: "a computer_call output item such as "
            + "{\"type\": \"computer_call\", \"action\": {\"type\": \"click\", "
            + "\"button\": \"left\", \"x\": 10, \"y\": 20}}, its action object, or a "
            + "Responses API response holding one",
        call: "a computer_call item", input: "an action object", arrayElement: "output item or action object",
        response: "Responses API response")

    /// The output item types a response may hold besides `computer_call`, which carry no action.
    private static let skippedItemTypes: Set<String> = ["reasoning", "message"]

    private func readObject(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        let type = members.first { $0.key == "type" }
        let typeName: String? = if case .string(let name)? = type?.value.kind { name } else { nil }
        if typeName == nil, members.contains(where: { $0.key == "output" }) {
            try readResponse(members, range: range, source: source, into: &reading)
        } else if typeName == "computer_call" {
            try readCall(members, range: range, source: source, into: &reading)
        } else if typeName == Self.localShellCall {
            try readLocalShellCall(members, range: range, source: source, into: &reading)
        } else if typeName == Self.execAction {
            reading.calls += 1
            reading.actions.append(try action(fromExec: members, range: range, source: source))
        } else if let typeName, Self.skippedItemTypes.contains(typeName) {
            return
        } else if let typeName, OpenAIComputerActionType(rawValue: typeName) != nil {
            reading.calls += 1
            reading.actions += try actions(fromAction: members, range: range, source: source)
        } else if let type, typeName == "computer_call_output" {
            throw source.error(
                type.value.range,
                "a computer_call_output is what the agent sends back with a "
                    + "screenshot, not an action; give the model's computer_call")
        } else if let type, typeName == "local_shell_call_output" {
            throw source.error(
                type.value.range,
                "a local_shell_call_output is what the agent sends back with a "
                    + "command's output, not an action; give the model's local_shell_call")
        } else if let type, let typeName {
            var message =
                "an item of type '\(typeName.excerpt)' holds no computer action; expected 'computer_call' or "
                + "'local_shell_call' (reasoning and message items are skipped) or an action type "
                + "(\(OpenAIComputerActionType.knownList))"
            if let near = nearest(
                to: typeName,
                among: OpenAIComputerActionType.allCases.map(\.rawValue)
                    + ["computer_call", Self.localShellCall])
            {
                message += "; did you mean '\(near)'?"
            }
            throw source.error(type.value.range, message)
        } else if let type {
            throw source.error(
                type.value.range,
                "field 'type' must be a string, got \(type.value.typeName) "
                    + source.snippet(type.value.range))
        } else {
            var message =
                "expected a computer_call item, an action object with a 'type' field, or a Responses "
                + "API response"
            if let near = members.lazy.compactMap({ nearest(to: $0.key, among: ["type", "output"]) }).first {
                message += "; did you mean the field '\(near)'?"
            }
            throw source.error(range, message)
        }
    }

    /// A Responses API response: its `output` items in order; when none is a `computer_call` and the
    /// response is complete, `DONE`.
    private func readResponse(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        let output = members.first { $0.key == "output" }!
        guard case .array(let items) = output.value.kind else {
            throw source.error(
                output.value.range,
                "the response's 'output' must be an array of output items, got "
                    + "\(output.value.typeName) \(source.snippet(output.value.range))")
        }
        let callsBefore = reading.calls
        try JSONAnswer.readElements(items, element: "an output item", source: source, into: &reading) {
            members, range, source, reading throws(ActionParseError) in
            try readObject(members, range: range, source: source, into: &reading)
        }
        guard reading.calls == callsBefore,
            let status = members.first(where: { $0.key == "status" }),
            case .string(let state) = status.value.kind
        else { return }
        if state == "completed" {
            // The agent loop ends when the model answers without a computer call.
            reading.actions.append(.done)
            return
        }
        var message = "the response holds no computer_call and its status is '\(state.excerpt)'"
        if let details = members.first(where: { $0.key == "incomplete_details" }),
            case .object(let detailMembers) = details.value.kind,
            let reason = detailMembers.first(where: { $0.key == "reason" }),
            case .string(let why) = reason.value.kind
        {
            message += " (\(why.excerpt))"
        }
        throw source.error(status.value.range, message)
    }

    /// A `computer_call` output item: its `action`, or its batch of `actions` in order.
    private func readCall(
        _ members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        into reading: inout Reading
    ) throws(ActionParseError) {
        var objects: [JSONValue] = []
        for member in members where member.key == "action" || member.key == "actions" {
            switch (member.key, member.value.kind) {
            case (_, .null):
                continue
            case ("action", .object):
                objects.append(member.value)
            case ("actions", .array(let batch)):
                objects += batch
            default:
                throw source.error(
                    member.value.range,
                    "the computer_call's '\(member.key)' must be "
                        + (member.key == "action" ? "an action object" : "an array of action objects")
                        + ", got \(member.value.typeName) \(source.snippet(member.value.range))")
            }
        }
        guard !objects.isEmpty else {
            throw source.error(range, "the computer_call has no 'action' (nor 'actions')")
        }
        for object in objects {
            guard case .object(let actionMembers) = object.kind else {
                throw source.error(
                    object.range,
                    "an action must be an object, got \(object.typeName) "
                        + source.snippet(object.range))
            }
            reading.calls += 1
            reading.actions += try actions(fromAction: actionMembers, range: object.range, source: source)
        }
    }
}
