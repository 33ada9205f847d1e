import DeskgymCore

extension AnthropicComputerGrammar {
    /// The actions as a JSON array of the computer tool's `input` objects, one object a line
    /// (`[{"action": "screenshot"}]` for no actions, which reads back as none). A shell command is
    /// a whole `tool_use` block of the bash tool in the same array, since the bash tool's input has
    /// no `action` to tell it from the computer tool's.
    ///
    /// Coordinates are written in the screenshot's pixels. Key-downs and key-ups around a click,
    /// drag or scroll are written as its `text` modifier, and around a wait as `hold_key`. What the
    /// tools cannot say is written in Deskgym's extensions (`key_down`, `key_up`, `button`, the
    /// bash tool's `timeout`, and the strings `"DONE"`, `"FAIL"`); the rest is plain
    /// `computer_20250124` and `bash_20250124` input. See `docs/action-grammars.md` for the
    /// spellings that read back in another form.
    public func format(_ actions: [Action]) -> String {
        var objects: [String] = []
        var index = 0
        while index < actions.count {
            if let held = HeldKeys.match(actions, at: index, innerLength: { foldableLength(actions, at: $0) }) {
                let keys = ("text", Computer13Grammar.json(held.keys.map(Self.xdotoolName(of:)).joined(separator: "+")))
                if held.inner.count == 1, case .wait(let seconds) = actions[held.inner.lowerBound] {
                    objects.append(Self.object("hold_key", [keys, ("duration", Computer13Grammar.json(seconds))]))
                    index = held.end
                    continue
                }
                if case (let written, _) = unit(actions, at: held.inner.lowerBound), written.count == 1,
                    case .input(let action, let fields) = written[0]
                {
                    objects.append(Self.object(action, fields + [keys]))
                    index = held.end
                    continue
                }
            }
            let (written, consumed) = unit(actions, at: index)
            objects += written.map(\.json)
            index += consumed
        }
        if objects.isEmpty { objects = [Self.object("screenshot", [])] }
        return JSONArrayText.array(objects)
    }

    /// One element of the array: an input object of the computer tool (the action's name and its
    /// fields as JSON text), a whole `tool_use` block of the bash tool (its input's fields), or a
    /// bare word.
    private enum Written {
        case input(String, [(String, String)])
        case bash([(String, String)])
        case word(String)

        var json: String {
            switch self {
            case .input(let action, let fields):
                AnthropicComputerGrammar.object(action, fields)
            case .bash(let fields):
                "{\"type\": \"tool_use\", \"name\": \"\(AnthropicComputerGrammar.bashTool)\", \"input\": {"
                    + fields.map { "\(Computer13Grammar.json($0.0)): \($0.1)" }.joined(separator: ", ") + "}}"
            case .word(let word):
                Computer13Grammar.json(word)
            }
        }
    }

    /// How many actions from `index` make one input object that can carry modifier keys (`text`),
    /// or nil: clicks the tool has a name for, drags, one-axis scrolls, and waits (as `hold_key`).
    private func foldableLength(_ actions: [Action], at index: Int) -> Int? {
        switch actions[index] {
        case .wait, .rightClick, .doubleClick, .dragTo:
            return 1
        case .click(let button, _, let count):
            return clickName(button, count) != nil ? 1 : nil
        case .moveTo:
            if index + 1 < actions.count, case .dragTo = actions[index + 1] { return 2 }
            return nil
        case .scroll(let dx, let dy, _):
            return dx == 0 || dy == 0 ? 1 : nil
        default:
            return nil
        }
    }

    private func clickName(_ button: MouseButton, _ count: Int) -> String? {
        switch (button, count) {
        case (.left, 1): "left_click"
        case (.left, 2): "double_click"
        case (.left, 3): "triple_click"
        case (.right, 1): "right_click"
        case (.middle, 1): "middle_click"
        default: nil
        }
    }

    /// The objects for the actions at `index`, and how many actions they cover.
    private func unit(_ actions: [Action], at index: Int) -> ([Written], Int) {
        func coordinate(_ point: Point?, _ name: String = "coordinate") -> [(String, String)] {
            guard let point else { return [] }
            let (x, y) = scale.imagePoint(of: point)
            return [(name, "[\(x), \(y)]")]
        }
        func button(_ button: MouseButton) -> [(String, String)] {
            button == .left ? [] : [("button", Computer13Grammar.json(button.rawValue))]
        }
        func text(_ text: String) -> [(String, String)] { [("text", Computer13Grammar.json(text))] }
        func keyText(_ keys: [Key]) -> [(String, String)] {
            text(keys.map(Self.xdotoolName(of:)).joined(separator: "+"))
        }
        func scroll(_ direction: String, _ amount: Int, _ point: Point?) -> Written {
            .input(
                "scroll",
                coordinate(point) + [
                    ("scroll_direction", "\"\(direction)\""),
                    ("scroll_amount", "\(amount)"),
                ])
        }

        switch actions[index] {
        case .moveTo(let start):
            if index + 1 < actions.count, case .dragTo(let end, let dragButton) = actions[index + 1] {
                let fields = coordinate(start, "start_coordinate") + coordinate(end) + button(dragButton)
                return ([.input("left_click_drag", fields)], 2)
            }
            return ([.input("mouse_move", coordinate(start))], 1)
        case .click(let clickButton, let point, let count):
            if let name = clickName(clickButton, count) { return ([.input(name, coordinate(point))], 1) }
            // The tool clicks a right or middle button once at a time: click again where the first
            // click left the pointer.
            let single = clickName(clickButton, 1) ?? "left_click"
            let first = Written.input(single, coordinate(point))
            return ([first] + Array(repeating: .input(single, []), count: max(0, count - 1)), 1)
        case .rightClick(let point):
            return ([.input("right_click", coordinate(point))], 1)
        case .doubleClick(let point):
            return ([.input("double_click", coordinate(point))], 1)
        case .mouseDown(let mouseButton, let point), .mouseUp(let mouseButton, let point):
            let name = if case .mouseDown = actions[index] { "left_mouse_down" } else { "left_mouse_up" }
            let move: [Written] = point.map { [.input("mouse_move", coordinate($0))] } ?? []
            return (move + [.input(name, button(mouseButton))], 1)
        case .dragTo(let end, let dragButton):
            return ([.input("left_click_drag", coordinate(end) + button(dragButton))], 1)
        case .scroll(let dx, let dy, let point):
            var written: [Written] = []
            if dy != 0 || dx == 0 {
                written.append(scroll(dy > 0 ? "up" : "down", abs(dy), point))
            }
            if dx != 0 {
                written.append(scroll(dx > 0 ? "right" : "left", abs(dx), point))
            }
            return (written, 1)
        case .typing(let typed):
            return ([.input("type", text(typed))], 1)
        case .press(let key):
            return ([.input("key", keyText([key]))], 1)
        case .hotkey(let keys):
            return ([.input("key", keyText(keys))], 1)
        case .keyDown(let key):
            return ([.input("key_down", keyText([key]))], 1)
        case .keyUp(let key):
            return ([.input("key_up", keyText([key]))], 1)
        case .wait(let seconds):
            return ([.input("wait", [("duration", Computer13Grammar.json(seconds))])], 1)
        case .runCommand(let shell):
            var fields = [("command", Computer13Grammar.json(shell.command))]
            if let timeout = shell.timeoutSeconds { fields.append(("timeout", Computer13Grammar.json(timeout))) }
            return ([.bash(fields)], 1)
        case .done:
            return ([.word("DONE")], 1)
        case .fail:
            return ([.word("FAIL")], 1)
        }
    }

    fileprivate static func object(_ action: String, _ fields: [(String, String)]) -> String {
        "{\"action\": \(Computer13Grammar.json(action))"
            + fields.map { ", \(Computer13Grammar.json($0.0)): \($0.1)" }.joined() + "}"
    }
}
