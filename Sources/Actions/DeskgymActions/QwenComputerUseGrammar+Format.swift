import DeskgymCore

extension QwenComputerUseGrammar {
    /// The actions as tool calls, one `<tool_call>` block each, one after another
    /// (an empty string for no actions, which ``parse(_:)`` refuses).
    ///
    /// Coordinates are written in ``coordinates`` as whole numbers (exact on reading back whenever
    /// the grid is at least as fine as the screen, otherwise within one pixel); scroll clicks as
    /// `pixels` of ``pixelsPerWheelClick`` each. What the tool cannot say is written with
    /// Deskgym's extensions (`mouse_down`, `mouse_up`, `key_down`, `key_up`, a `button` on
    /// `double_click`, `triple_click` and `left_click_drag`). A shell command is a call of the `bash`
    /// tool, `{"name": "bash", "arguments": {"command": …, "timeout": seconds}}`.
    public func format(_ actions: [Action]) -> String {
        actions.flatMap(calls(for:)).map { call in
            "<tool_call>\n{\"name\": \"\(call.tool)\", \"arguments\": {" + call.arguments + "}}\n</tool_call>"
        }.joined(separator: "\n")
    }

    /// The tool and the members of the arguments object of each call `action` needs.
    private func calls(for action: Action) -> [(tool: String, arguments: String)] {
        func call(_ name: String, _ members: [String?]) -> (tool: String, arguments: String) {
            (
                Self.computerUseTool,
                (["\"action\": \(Computer13Grammar.json(name))"] + members.compactMap { $0 }).joined(separator: ", ")
            )
        }
        func coordinate(_ point: Point?, _ key: String = "coordinate") -> String? {
            guard let point else { return nil }
            let grid = self.grid
            return "\"\(key)\": [\(grid.gridValue(ofPixel: point.x, axis: .x, screen: screen)), "
                + "\(grid.gridValue(ofPixel: point.y, axis: .y, screen: screen))]"
        }
        func button(_ button: MouseButton) -> String? {
            button == .left ? nil : "\"button\": \(Computer13Grammar.json(button.rawValue))"
        }
        func keys(_ keys: [Key]) -> String {
            "\"keys\": [" + Key.combinationNames(keys).map(Computer13Grammar.json).joined(separator: ", ") + "]"
        }
        switch action {
        case .moveTo(let point):
            return [call("mouse_move", [coordinate(point)])]
        case .click(let mouseButton, let point, let count):
            switch (mouseButton, count) {
            case (.left, ...1): return [call("left_click", [coordinate(point)])]
            case (.right, ...1): return [call("right_click", [coordinate(point)])]
            case (.middle, ...1): return [call("middle_click", [coordinate(point)])]
            case (_, 2): return [call("double_click", [coordinate(point), button(mouseButton)])]
            default: return [call("triple_click", [coordinate(point), button(mouseButton)])]
            }
        case .rightClick(let point):
            return [call("right_click", [coordinate(point)])]
        case .doubleClick(let point):
            return [call("double_click", [coordinate(point)])]
        case .mouseDown(let mouseButton, let point):
            return [call("mouse_down", [coordinate(point), button(mouseButton)])]
        case .mouseUp(let mouseButton, let point):
            return [call("mouse_up", [coordinate(point), button(mouseButton)])]
        case .dragTo(let point, let mouseButton):
            return [call("left_click_drag", [coordinate(point), button(mouseButton)])]
        case .scroll(let dx, let dy, let point):
            var calls: [(tool: String, arguments: String)] = []
            if dy != 0 || dx == 0 {
                calls.append(call("scroll", ["\"pixels\": \(dy * pixelsPerWheelClick)", coordinate(point)]))
            }
            if dx != 0 {
                calls.append(call("hscroll", ["\"pixels\": \(dx * pixelsPerWheelClick)", coordinate(point)]))
            }
            return calls
        case .typing(let text):
            return [call("type", ["\"text\": \(Computer13Grammar.json(text))"])]
        case .press(let key):
            return [call("key", [keys([key])])]
        case .hotkey(let hotkeys):
            return [call("key", [keys(hotkeys)])]
        case .keyDown(let key):
            return [call("key_down", [keys([key])])]
        case .keyUp(let key):
            return [call("key_up", [keys([key])])]
        case .wait(let seconds):
            return [call("wait", ["\"time\": \(PythonLiteral.number(seconds))"])]
        case .runCommand(let shell):
            var members = ["\"command\": \(Computer13Grammar.json(shell.command))"]
            if let timeout = shell.timeoutSeconds { members.append("\"timeout\": \(PythonLiteral.number(timeout))") }
            return [(Self.bashTool, members.joined(separator: ", "))]
        case .done:
            return [call("terminate", ["\"status\": \"success\""])]
        case .fail:
            return [call("terminate", ["\"status\": \"failure\""])]
        }
    }
}
