import DeskgymCore

extension UITARSGrammar {
    /// The actions of one call.
    func actions(for call: UITARSCall, source: SourceText) throws(ActionParseError) -> [Action] {
        guard let function = UITARSFunction(rawValue: call.name) else {
            var message = "unknown action '\(call.name.excerpt)'"
            if let near = nearest(to: call.name, among: UITARSFunction.allCases.map(\.rawValue)) {
                message += "; did you mean '\(near)'?"
            }
            message += " (UI-TARS actions: \(UITARSFunction.promptNames))"
            throw source.error(call.nameRange, message)
        }
        let arguments = try UITARSArguments(function: function, call: call, source: source)
        let grid = self.grid
        func point(_ name: String) throws(ActionParseError) -> Point? {
            try arguments.point(name, grid: grid, screen: screen)
        }
        func requiredPoint(_ name: String) throws(ActionParseError) -> Point {
            _ = try arguments.required(name)
            return try point(name)!
        }
        switch function {
        case .click, .leftSingle:
            let count = try arguments.integer("clicks", in: 1...3) ?? 1
            return [.click(button: try arguments.button(), at: try point("start_box"), count: count)]
        case .leftDouble:
            return [.click(button: .left, at: try point("start_box"), count: 2)]
        case .rightSingle:
            return [.click(button: .right, at: try point("start_box"), count: 1)]
        case .hover, .moveTo:
            return [.moveTo(try requiredPoint("start_box"))]
        case .drag, .select:
            let end = try requiredPoint("end_box")
            let button = try arguments.button()
            if let start = try point("start_box") {
                return [.moveTo(start), .dragTo(end, button: button)]
            }
            return [.dragTo(end, button: button)]
        case .mouseDown:
            return [.mouseDown(button: try arguments.button(), at: try point("start_box"))]
        case .mouseUp:
            return [.mouseUp(button: try arguments.button(), at: try point("start_box"))]
        case .hotkey:
            return [.hotkey(try arguments.keys())]
        case .press, .keydown, .keyup, .release:
            let keys = try arguments.keys()
            let argument = try arguments.required("key")
            guard keys.count == 1 else {
                throw arguments.error(
                    argument,
                    "must name one key, got \(arguments.written(argument)); "
                        + "use hotkey(key='…') for a combination")
            }
            switch function {
            case .press: return [.press(keys[0])]
            case .keydown: return [.keyDown(keys[0])]
            default: return [.keyUp(keys[0])]
            }
        case .type:
            var content = try arguments.required("content").value
            guard content.hasSuffix("\n") else { return [.typing(content)] }
            // A trailing line break submits: UI-TARS types the rest and presses Enter.
            content.removeLast()
            return (content.isEmpty ? [] : [.typing(content)]) + [.press(try! Key("enter"))]
        case .scroll:
            let direction = try arguments.required("direction")
            let clicks = try arguments.integer("clicks", in: 0...ActionLimits.maximumScrollClicks) ?? scrollClicks
            let at = try point("start_box")
            switch direction.value.trimmingSpaces().lowercased() {
            case "up": return [.scroll(dx: 0, dy: clicks, at: at)]
            case "down": return [.scroll(dx: 0, dy: -clicks, at: at)]
            case "left": return [.scroll(dx: -clicks, dy: 0, at: at)]
            case "right": return [.scroll(dx: clicks, dy: 0, at: at)]
            default:
                throw arguments.error(
                    direction,
                    "must be 'up', 'down', 'left' or 'right', got "
                        + arguments.written(direction))
            }
        case .wait:
            guard let argument = arguments["seconds"] else { return [.wait(seconds: waitSeconds)] }
            guard let seconds = Double(argument.value.trimmingSpaces()), seconds >= 0, seconds.isFinite else {
                throw arguments.error(
                    argument,
                    "must be a number of seconds, at least 0, got "
                        + arguments.written(argument))
            }
            return [.wait(seconds: seconds)]
        case .finished:
            return [.done]
        case .callUser:
            return [.fail]
        case .runCommand:
            let command = try arguments.required("command")
            guard !command.value.allSatisfy(\.isWhitespace) else {
                throw arguments.error(
                    command,
                    "must not be empty, got \(arguments.written(command)); give the "
                        + "command line to run, such as command='ls -la'")
            }
            guard let timeout = arguments["timeout"] else { return [.runCommand(ShellCommand(command.value))] }
            guard let seconds = Double(timeout.value.trimmingSpaces()), seconds > 0,
                seconds <= ShellCommand.maximumTimeoutSeconds
            else {
                throw arguments.error(
                    timeout,
                    "must be a number of seconds above 0 and at most 3600, got "
                        + arguments.written(timeout))
            }
            return [.runCommand(ShellCommand(command.value, timeoutSeconds: seconds))]
        }
    }
}
