import DeskgymCore

extension UITARSGrammar {
    /// The actions as the action part of a UI-TARS answer: `Action: ` and one call per action,
    /// separated by blank lines (an empty string for no actions, which ``parse(_:)`` refuses).
    ///
    /// Points are written as `start_box='<|box_start|>(x,y)<|box_end|>'` in ``coordinates``,
    /// whole numbers at the pixel's centre (exact on reading back whenever the grid is at least as
    /// fine as the screen, otherwise within one pixel). A `.moveTo` followed by `.dragTo` is one
    /// `drag(…)`, and `.typing(text)` followed by pressing `enter` is one `type(content='text\n')`,
    /// as UI-TARS writes them. What UI-TARS cannot say is written with Deskgym's extension arguments
    /// (`button`, `clicks`, `seconds`) and functions (`mouse_down`, `mouse_up`, `press`, `keydown`,
    /// `keyup`, a `drag` or `click` without a start box, `run_command(command='…', timeout='…')`
    /// for a shell command).
    public func format(_ actions: [Action]) -> String {
        var calls: [String] = []
        var index = 0
        while index < actions.count {
            let next = index + 1 < actions.count ? actions[index + 1] : nil
            switch (actions[index], next) {
            case (.moveTo(let from), .dragTo(let to, let button)?):
                calls.append("drag(start_box=\(box(from)), end_box=\(box(to))\(buttonArgument(button)))")
                index += 2
            case (.typing(let text), .press(let key)?)
            where !text.isEmpty && !text.hasSuffix("\n") && key.name == "enter":
                calls.append("type(content=\(Self.literal(text + "\n")))")
                index += 2
            default:
                calls += call(for: actions[index])
                index += 1
            }
        }
        return calls.isEmpty ? "" : "Action: " + calls.joined(separator: "\n\n")
    }

    private func call(for action: Action) -> [String] {
        switch action {
        case .moveTo(let point):
            return ["hover(start_box=\(box(point)))"]
        case .click(let button, let point, let count):
            switch (button, count) {
            case (.left, 1): return ["click(\(startBox(point)))"]
            case (.left, 2): return ["left_double(\(startBox(point)))"]
            case (.right, 1): return ["right_single(\(startBox(point)))"]
            default:
                let arguments = [
                    point.map { "start_box=\(box($0))" }, buttonValue(button),
                    count == 1 ? nil : "clicks='\(count)'",
                ]
                return ["click(" + arguments.compactMap { $0 }.joined(separator: ", ") + ")"]
            }
        case .rightClick(let point):
            return ["right_single(\(startBox(point)))"]
        case .doubleClick(let point):
            return ["left_double(\(startBox(point)))"]
        case .mouseDown(let button, let point), .mouseUp(let button, let point):
            let name = if case .mouseDown = action { "mouse_down" } else { "mouse_up" }
            let arguments = [point.map { "start_box=\(box($0))" }, buttonValue(button)]
            return ["\(name)(" + arguments.compactMap { $0 }.joined(separator: ", ") + ")"]
        case .dragTo(let point, let button):
            return ["drag(end_box=\(box(point))\(buttonArgument(button)))"]
        case .scroll(let dx, let dy, let point):
            var calls: [String] = []
            if dy != 0 || dx == 0 {
                calls.append(scroll(direction: dy > 0 ? "up" : "down", clicks: abs(dy), at: point))
            }
            if dx != 0 {
                calls.append(scroll(direction: dx > 0 ? "right" : "left", clicks: abs(dx), at: point))
            }
            return calls
        case .typing(let text):
            return ["type(content=\(Self.literal(text)))"]
        case .press(let key):
            return ["press(key=\(Self.literal(key.name)))"]
        case .keyDown(let key):
            return ["keydown(key=\(Self.literal(key.name)))"]
        case .keyUp(let key):
            return ["keyup(key=\(Self.literal(key.name)))"]
        case .hotkey(let keys):
            let names = Key.combinationNames(keys).map(Self.hotkeyName)
            return ["hotkey(key=\(Self.literal(names.joined(separator: " "))))"]
        case .wait(let seconds):
            return [seconds == waitSeconds ? "wait()" : "wait(seconds='\(PythonLiteral.number(seconds))')"]
        case .runCommand(let shell):
            let timeout = shell.timeoutSeconds.map { ", timeout='\(PythonLiteral.number($0))'" } ?? ""
            return ["run_command(command=\(Self.literal(shell.command))\(timeout))"]
        case .done:
            return ["finished()"]
        case .fail:
            return ["call_user()"]
        }
    }

    private func box(_ point: Point) -> String {
        let grid = self.grid
        let x = grid.gridValue(ofPixel: point.x, axis: .x, screen: screen)
        let y = grid.gridValue(ofPixel: point.y, axis: .y, screen: screen)
        return "'<|box_start|>(\(x),\(y))<|box_end|>'"
    }

    private func startBox(_ point: Point?) -> String {
        point.map { "start_box=\(box($0))" } ?? ""
    }

    /// `button='…'`, or nil for the left button.
    private func buttonValue(_ button: MouseButton) -> String? {
        button == .left ? nil : "button='\(button.rawValue)'"
    }

    private func buttonArgument(_ button: MouseButton) -> String {
        buttonValue(button).map { ", " + $0 } ?? ""
    }

    private func scroll(direction: String, clicks: Int, at point: Point?) -> String {
        let arguments = [
            point.map { "start_box=\(box($0))" }, "direction='\(direction)'",
            clicks == scrollClicks ? nil : "clicks='\(clicks)'",
        ]
        return "scroll(" + arguments.compactMap { $0 }.joined(separator: ", ") + ")"
    }

    /// A key's name inside `hotkey(key='…')`, where names are separated by spaces: the keys that
    /// are themselves white space get their names.
    private static func hotkeyName(_ name: String) -> String {
        switch name {
        case " ": "space"
        case "\t": "tab"
        case "\n", "\r": "enter"
        default: name
        }
    }

    /// A single-quoted string literal, as the UI-TARS prompt asks for: `\'`, `\\` and `\n` escaped,
    /// other control characters as `\x..`/`\u....`, everything else as it is.
    static func literal(_ text: String) -> String {
        var result = "'"
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "'": result += "\\'"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                let category = scalar.properties.generalCategory
                if category == .control || category == .lineSeparator || category == .paragraphSeparator {
                    let hex = String(scalar.value, radix: 16)
                    result +=
                        scalar.value <= 0xFF
                        ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                        : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "'"
    }
}
