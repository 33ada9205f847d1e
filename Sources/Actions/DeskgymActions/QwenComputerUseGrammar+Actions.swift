import DeskgymCore

extension QwenComputerUseGrammar {
    /// The tools whose calls are read: `computer_use`, and Deskgym's `bash`, whose commands run in
    /// the session's shell.
    static let computerUseTool = "computer_use"
    static let bashTool = "bash"

    /// The actions of one tool call: `{"name": "computer_use", "arguments": {…}}` (or its
    /// arguments object alone), or `{"name": "bash", "arguments": {"command": …}}`.
    func actions(forCall call: JSONValue, source: SourceText) throws(ActionParseError) -> [Action] {
        guard case .object(let members) = call.kind else {
            throw source.error(
                call.range,
                "expected a tool call object {\"name\": \"computer_use\", "
                    + "\"arguments\": {…}}, got \(call.typeName) \(source.snippet(call.range))")
        }
        var seen: Set<String> = []
        for member in members where !seen.insert(member.key).inserted {
            throw source.error(member.keyRange, "field '\(member.key.excerpt)' is given twice in the tool call")
        }
        let name = members.first { $0.key == "name" }
        let arguments = members.first { $0.key == "arguments" }
        if name == nil && arguments == nil && members.contains(where: { $0.key == "action" }) {
            return try actions(forArguments: members, range: call.range, source: source)
        }
        if name == nil && arguments == nil && members.contains(where: { $0.key == "command" }) {
            throw source.error(
                call.range,
                "a shell command is a call of the bash tool: "
                    + "{\"name\": \"bash\", \"arguments\": {\"command\": \"ls -la\"}}")
        }
        var tool = Self.computerUseTool
        if let name {
            guard case .string(let toolName) = name.value.kind else {
                throw source.error(
                    name.value.range,
                    "'name' must be a string, got \(name.value.typeName) "
                        + source.snippet(name.value.range))
            }
            guard toolName == Self.computerUseTool || toolName == Self.bashTool else {
                throw JSONAnswer.unknownTool(
                    toolName, known: [Self.computerUseTool, Self.bashTool],
                    at: name.value.range, source: source)
            }
            tool = toolName
        }
        if let stray = members.first(where: { $0.key != "name" && $0.key != "arguments" }) {
            var message = "unknown field '\(stray.key.excerpt)' in the tool call; it has 'name' and 'arguments'"
            if let near = nearest(to: stray.key, among: ["name", "arguments"]) {
                message += " (did you mean '\(near)'?)"
            }
            throw source.error(stray.keyRange, message)
        }
        guard let arguments else {
            throw source.error(call.range, "the tool call has no 'arguments'")
        }
        guard case .object(let inner) = arguments.value.kind else {
            throw source.error(
                arguments.value.range,
                "'arguments' must be a JSON object, got "
                    + "\(arguments.value.typeName) \(source.snippet(arguments.value.range))")
        }
        if tool == Self.bashTool {
            let fields = try JSONFields(
                inner, objectRange: arguments.value.range, source: source,
                context: Self.bashTool, allowed: ["command", "timeout"])
            let command = try fields.shellCommand("command")
            return [.runCommand(ShellCommand(command, timeoutSeconds: try fields.shellTimeout("timeout")))]
        }
        return try actions(forArguments: inner, range: arguments.value.range, source: source)
    }

    private func actions(
        forArguments members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> [Action] {
        let arguments = try QwenComputerUseArguments(members: members, objectRange: range, source: source)
        let actions = try self.actions(for: arguments)
        try ActionLimits.check(actions, of: arguments.action.rawValue, at: range, in: source)
        return actions
    }

    private func actions(for arguments: QwenComputerUseArguments) throws(ActionParseError) -> [Action] {
        let grid = self.grid
        func point(_ name: String) throws(ActionParseError) -> Point? {
            try arguments.point(name, grid: grid, screen: screen)
        }
        switch arguments.action {
        case .key:
            return [.hotkey(try arguments.keys())]
        case .keyDown:
            return try arguments.keys().map { .keyDown($0) }
        case .keyUp:
            return try arguments.keys().map { .keyUp($0) }
        case .type:
            return [.typing(try arguments.string("text"))]
        case .mouseMove:
            return [.moveTo(try point("coordinate")!)]
        case .leftClick:
            return [.click(button: .left, at: try point("coordinate"), count: 1)]
        case .rightClick:
            return [.click(button: .right, at: try point("coordinate"), count: 1)]
        case .middleClick:
            return [.click(button: .middle, at: try point("coordinate"), count: 1)]
        case .doubleClick:
            return [.click(button: try arguments.button(), at: try point("coordinate"), count: 2)]
        case .tripleClick:
            return [.click(button: try arguments.button(), at: try point("coordinate"), count: 3)]
        case .leftClickDrag:
            let end = try point("coordinate")!
            let drag = Action.dragTo(end, button: try arguments.button())
            if let start = try point("start_coordinate") {
                return [.moveTo(start), drag]
            }
            return [drag]
        case .scroll, .hscroll:
            let pixels = try arguments.number("pixels")!
            var clicks = Int((pixels / Double(pixelsPerWheelClick)).rounded(.towardZero))
            if clicks == 0 && pixels != 0 {
                // A scroll the model asked for turns the wheel at least once.
                clicks = pixels > 0 ? 1 : -1
            }
            let at = try point("coordinate")
            return arguments.action == .scroll
                ? [.scroll(dx: 0, dy: clicks, at: at)]
                : [.scroll(dx: clicks, dy: 0, at: at)]
        case .wait:
            guard let time = try arguments.number("time") else { return [.wait(seconds: waitSeconds)] }
            guard time >= 0 else {
                throw arguments.error(
                    arguments["time"]!, "time",
                    "must be at least 0 seconds, got \(PythonLiteral.number(time))")
            }
            return [.wait(seconds: time)]
        case .terminate:
            let value = arguments.required("status")
            guard case .string(let status) = value.kind, ["success", "failure"].contains(status.lowercased()) else {
                throw arguments.error(
                    value, "status",
                    "must be \"success\" or \"failure\", got \(arguments.written(value))")
            }
            return [status.lowercased() == "success" ? .done : .fail]
        case .answer:
            // The core's Action has no place for the answer's text; the task's checker reads the
            // screen, so the answer ends the episode as done.
            _ = try arguments.string("text")
            return [.done]
        case .mouseDown:
            return [.mouseDown(button: try arguments.button(), at: try point("coordinate"))]
        case .mouseUp:
            return [.mouseUp(button: try arguments.button(), at: try point("coordinate"))]
        }
    }
}
