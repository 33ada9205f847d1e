import DeskgymCore

extension PyAutoGUIGrammar {
    /// One line of pyautogui code per action, which real pyautogui runs and ``parse(_:)`` reads back.
    ///
    /// `.wait` is written `time.sleep(s)`; `.done` and `.fail` are OSWorld's bare `DONE` and `FAIL`,
    /// which are not Python: OSWorld takes them as a whole answer. A scroll along both axes becomes
    /// `hscroll` and `scroll` on one line (pyautogui has no diagonal scroll), so it reads back as two
    /// actions. Arguments that only shape timing are not written.
    public func format(_ actions: [Action]) -> String {
        var lines = includesImports ? ["import pyautogui", "import time"] : []
        lines += actions.map(Self.line(for:))
        return lines.joined(separator: "\n")
    }

    static func line(for action: Action) -> String {
        switch action {
        case .moveTo(let point):
            return call("moveTo", coordinates(point))
        case .click(let button, let point, let count):
            var arguments = coordinates(point)
            if count != 1 { arguments.append("clicks=\(count)") }
            if button != .left { arguments.append("button=\(PythonLiteral.string(button.rawValue))") }
            return call("click", arguments)
        case .rightClick(let point):
            return call("rightClick", coordinates(point))
        case .doubleClick(let point):
            return call("doubleClick", coordinates(point))
        case .mouseDown(let button, let point):
            return call("mouseDown", coordinates(point) + buttonArgument(button))
        case .mouseUp(let button, let point):
            return call("mouseUp", coordinates(point) + buttonArgument(button))
        case .dragTo(let point, let button):
            return call("dragTo", coordinates(point) + buttonArgument(button))
        case .scroll(let dx, let dy, let point):
            let horizontal = call("hscroll", ["\(dx)"] + coordinates(point))
            let vertical = call("scroll", ["\(dy)"] + coordinates(point))
            if dx != 0 && dy != 0 { return horizontal + "; " + vertical }
            return dx != 0 ? horizontal : vertical
        case .typing(let text):
            return call("write", [PythonLiteral.string(text)])
        case .press(let key):
            return call("press", [PythonLiteral.string(key.name)])
        case .keyDown(let key):
            return call("keyDown", [PythonLiteral.string(key.name)])
        case .keyUp(let key):
            return call("keyUp", [PythonLiteral.string(key.name)])
        case .hotkey(let keys):
            return call("hotkey", keys.map { PythonLiteral.string($0.name) })
        case .wait(let seconds):
            return "time.sleep(\(PythonLiteral.number(seconds)))"
        case .runCommand(let shell):
            var arguments = [PythonLiteral.string(shell.command)]
            if let timeout = shell.timeoutSeconds { arguments.append("timeout=\(PythonLiteral.number(timeout))") }
            return "terminal.run(\(arguments.joined(separator: ", ")))"
        case .done:
            return "DONE"
        case .fail:
            return "FAIL"
        }
    }

    private static func call(_ function: String, _ arguments: [String]) -> String {
        "pyautogui.\(function)(\(arguments.joined(separator: ", ")))"
    }

    private static func coordinates(_ point: Point?) -> [String] {
        point.map { ["\($0.x)", "\($0.y)"] } ?? []
    }

    private static func buttonArgument(_ button: MouseButton) -> [String] {
        button == .left ? [] : ["button=\(PythonLiteral.string(button.rawValue))"]
    }
}
