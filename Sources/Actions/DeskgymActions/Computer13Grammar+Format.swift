import DeskgymCore

extension Computer13Grammar {
    /// The actions as `computer_13` JSON: one object for one action, otherwise an array with one
    /// object a line (`[]` for none, which ``parse(_:)`` refuses as holding no action).
    ///
    /// Deskgym's extension parameters (a point for MOUSE_DOWN, MOUSE_UP and SCROLL, a button for
    /// DRAG_TO, seconds for WAIT) are written only when the action needs them, so whatever OSWorld
    /// can express stays plain OSWorld JSON.
    public func format(_ actions: [Action]) -> String {
        let objects = actions.map { object(for: $0) }
        // One action is written as its bare object, as OSWorld's computer_13 agents answer.
        return objects.count == 1 ? objects[0] : JSONArrayText.array(objects)
    }

    private func object(for action: Action) -> String {
        var parameters: [(String, String)] = []
        func add(_ point: Point?) {
            if let point { parameters += [("x", "\(point.x)"), ("y", "\(point.y)")] }
        }
        func add(_ button: MouseButton) { parameters.append(("button", Self.json(button.rawValue))) }
        switch action {
        case .moveTo(let point):
            add(point)
        case .click(let button, let point, let count):
            add(button)
            add(point)
            parameters.append(("num_clicks", "\(count)"))
        case .mouseDown(let button, let point), .mouseUp(let button, let point):
            add(button)
            add(point)
        case .rightClick(let point), .doubleClick(let point):
            add(point)
        case .dragTo(let point, let button):
            add(point)
            if button != .left { add(button) }
        case .scroll(let dx, let dy, let point):
            parameters += [("dx", "\(dx)"), ("dy", "\(dy)")]
            add(point)
        case .typing(let text):
            parameters.append(("text", Self.json(text)))
        case .press(let key), .keyDown(let key), .keyUp(let key):
            parameters.append(("key", Self.json(key.name)))
        case .hotkey(let keys):
            parameters.append(("keys", "[" + keys.map { Self.json($0.name) }.joined(separator: ", ") + "]"))
        case .wait(let seconds):
            if seconds != waitSeconds { parameters.append(("seconds", Self.json(seconds))) }
        case .runCommand(let shell):
            parameters.append(("command", Self.json(shell.command)))
            if let timeout = shell.timeoutSeconds { parameters.append(("timeout", Self.json(timeout))) }
        case .fail, .done:
            break
        }
        var text = "{\"action_type\": \(Self.json(action.typeName))"
        if !parameters.isEmpty || action.typeName != "WAIT" && !action.isTerminal {
            text +=
                ", \"parameters\": {"
                + parameters.map { "\(Self.json($0.0)): \($0.1)" }
                .joined(separator: ", ") + "}"
        }
        return text + "}"
    }

    /// A JSON string literal; non-ASCII text stays as it is (JSON is UTF-8).
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A JSON number for seconds: an integer when whole, else the shortest exact decimal.
    static func json(_ seconds: Double) -> String {
        PythonLiteral.number(seconds)
    }
}
