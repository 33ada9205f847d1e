import DeskgymCore

extension OpenAIComputerUseGrammar {
    /// The actions as a JSON array of the API's action objects (what a `computer_call` batch holds),
    /// one object a line (`[{"type": "screenshot"}]` for no actions, which reads back as none).
    ///
    /// Coordinates are written in the screenshot's pixels and scrolls in pixels. Key-downs and
    /// key-ups around a click, move, drag or scroll are written as its `keys`. What the API cannot
    /// say is written in Deskgym's extensions (`mouse_down`, `mouse_up`, `key_down`, `key_up`, a
    /// `button` on `drag`, `seconds` on `wait`, a click or scroll without `x` and `y` for the
    /// pointer's position, a one-point drag `path` for a drag from the pointer, and the strings
    /// `"DONE"`, `"FAIL"`); the rest is plain API JSON. A shell command is a whole
    /// `local_shell_call` item in the same array, its command `["bash", "-lc", line]`. See
    /// `docs/action-grammars.md` for the spellings that read back in another form.
    public func format(_ actions: [Action]) -> String {
        var objects: [String] = []
        var index = 0
        while index < actions.count {
            if let held = HeldKeys.match(actions, at: index, innerLength: { foldableLength(actions, at: $0) }),
                case (let written, _) = unit(actions, at: held.inner.lowerBound), written.count == 1,
                case .object(let type, let fields) = written[0]
            {
                objects.append(Self.object(type, fields + [("keys", Self.keysJSON(held.keys))]))
                index = held.end
                continue
            }
            let (written, consumed) = unit(actions, at: index)
            objects += written.map(\.json)
            index += consumed
        }
        if objects.isEmpty { objects = [Self.object("screenshot", [])] }
        return JSONArrayText.array(objects)
    }

    /// One element of the array: an action object (its type and its fields as JSON text), a whole
    /// `local_shell_call` item (its exec action's fields), or a bare word.
    private enum Written {
        case object(String, [(String, String)])
        case localShellCall([(String, String)])
        case word(String)

        var json: String {
            switch self {
            case .object(let type, let fields):
                OpenAIComputerUseGrammar.object(type, fields)
            case .localShellCall(let fields):
                "{\"type\": \"\(OpenAIComputerUseGrammar.localShellCall)\", \"action\": "
                    + OpenAIComputerUseGrammar.object(OpenAIComputerUseGrammar.execAction, fields) + "}"
            case .word(let word):
                Computer13Grammar.json(word)
            }
        }
    }

    /// How many actions from `index` make one object that can carry held `keys`, or nil: single
    /// clicks and double clicks, moves, drags and scrolls.
    private func foldableLength(_ actions: [Action], at index: Int) -> Int? {
        switch actions[index] {
        case .click(let button, _, let count):
            return count == 1 || (button == .left && count == 2) ? 1 : nil
        case .rightClick, .doubleClick, .dragTo, .scroll:
            return 1
        case .moveTo:
            if index + 1 < actions.count, case .dragTo = actions[index + 1] { return 2 }
            return 1
        default:
            return nil
        }
    }

    /// The objects for the actions at `index`, and how many actions they cover.
    private func unit(_ actions: [Action], at index: Int) -> ([Written], Int) {
        func xy(_ point: Point?) -> [(String, String)] {
            guard let point else { return [] }
            let (x, y) = scale.imagePoint(of: point)
            return [("x", "\(x)"), ("y", "\(y)")]
        }
        func pathPoint(_ point: Point) -> String {
            let (x, y) = scale.imagePoint(of: point)
            return "{\"x\": \(x), \"y\": \(y)}"
        }
        func button(_ button: MouseButton, always: Bool) -> [(String, String)] {
            guard always || button != .left else { return [] }
            return [("button", Computer13Grammar.json(Self.buttonName(button)))]
        }
        func click(_ mouseButton: MouseButton, _ point: Point?) -> Written {
            .object("click", button(mouseButton, always: true) + xy(point))
        }

        switch actions[index] {
        case .moveTo(let start):
            if index + 1 < actions.count, case .dragTo(let end, let dragButton) = actions[index + 1] {
                return (
                    [
                        .object(
                            "drag",
                            [("path", "[\(pathPoint(start)), \(pathPoint(end))]")]
                                + button(dragButton, always: false))
                    ], 2
                )
            }
            return ([.object("move", xy(start))], 1)
        case .click(let mouseButton, let point, let count):
            if mouseButton == .left && count >= 2 {
                // The API has no triple click: a double click, then single clicks.
                let singles = Array(repeating: click(.left, point), count: count - 2)
                return ([.object("double_click", xy(point))] + singles, 1)
            }
            return (Array(repeating: click(mouseButton, point), count: max(1, count)), 1)
        case .rightClick(let point):
            return ([click(.right, point)], 1)
        case .doubleClick(let point):
            return ([.object("double_click", xy(point))], 1)
        case .mouseDown(let mouseButton, let point):
            return ([.object("mouse_down", button(mouseButton, always: false) + xy(point))], 1)
        case .mouseUp(let mouseButton, let point):
            return ([.object("mouse_up", button(mouseButton, always: false) + xy(point))], 1)
        case .dragTo(let end, let dragButton):
            return ([.object("drag", [("path", "[\(pathPoint(end))]")] + button(dragButton, always: false))], 1)
        case .scroll(let dx, let dy, let point):
            return (
                [
                    .object(
                        "scroll",
                        xy(point) + [
                            ("scroll_x", "\(dx * pixelsPerWheelClick)"),
                            ("scroll_y", "\(-dy * pixelsPerWheelClick)"),
                        ])
                ], 1
            )
        case .typing(let text):
            return ([.object("type", [("text", Computer13Grammar.json(text))])], 1)
        case .press(let key):
            return ([.object("keypress", [("keys", Self.keysJSON([key]))])], 1)
        case .hotkey(let keys):
            return ([.object("keypress", [("keys", Self.keysJSON(keys))])], 1)
        case .keyDown(let key):
            return ([.object("key_down", [("keys", Self.keysJSON([key]))])], 1)
        case .keyUp(let key):
            return ([.object("key_up", [("keys", Self.keysJSON([key]))])], 1)
        case .wait(let seconds):
            return ([.object("wait", seconds == waitSeconds ? [] : [("seconds", Computer13Grammar.json(seconds))])], 1)
        case .runCommand(let shell):
            let argv = ShellWords.argv(of: shell.command).map(Computer13Grammar.json).joined(separator: ", ")
            var fields = [("command", "[\(argv)]")]
            if let timeout = shell.timeoutSeconds { fields.append(("timeout_ms", Self.milliseconds(timeout))) }
            return ([.localShellCall(fields)], 1)
        case .done:
            return ([.word("DONE")], 1)
        case .fail:
            return ([.word("FAIL")], 1)
        }
    }

    /// `seconds` in milliseconds, as the API's whole number when that reads back exactly, else the
    /// neighbouring double that does (the product can be one rounding step off).
    private static func milliseconds(_ seconds: Double) -> String {
        let product = seconds * 1000
        let candidates = [product.rounded(), product, product.nextDown, product.nextUp]
        return Computer13Grammar.json(candidates.first { $0 / 1000 == seconds } ?? product)
    }

    static func buttonName(_ button: MouseButton) -> String {
        switch button {
        case .left: "left"
        case .right: "right"
        case .middle: "wheel"
        }
    }

    private static func keysJSON(_ keys: [Key]) -> String {
        "[" + keys.flatMap(openAINames(of:)).map(Computer13Grammar.json).joined(separator: ", ") + "]"
    }

    fileprivate static func object(_ type: String, _ fields: [(String, String)]) -> String {
        "{\"type\": \(Computer13Grammar.json(type))"
            + fields.map { ", \(Computer13Grammar.json($0.0)): \($0.1)" }.joined() + "}"
    }
}
