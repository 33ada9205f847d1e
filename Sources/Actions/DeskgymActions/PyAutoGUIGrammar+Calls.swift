import DeskgymCore

extension PyAutoGUIGrammar {
    func actions(
        for statement: PythonStatement, source: SourceText,
        pyautoguiNames: Set<String>
    ) throws(ActionParseError) -> [Action] {
        switch statement {
        case .bareWord(let word, _):
            return [word.action(waitSeconds: waitSeconds)]
        case .sleep(let call):
            let wait = [try sleep(call, source: source)]
            try ActionLimits.check(wait, of: "\(call.module.excerpt).sleep", at: call.range, in: source)
            return wait
        case .terminal(let call):
            return [try shellCommand(call, source: source)]
        case .pyautogui(let call):
            guard let function = PyAutoGUIFunction(rawValue: call.function) else {
                throw unknownFunction(call, source: source)
            }
            let arguments = try PyAutoGUIArguments(
                call: call, function: function, source: source,
                pyautoguiNames: pyautoguiNames)
            let actions = try self.actions(for: arguments)
            try ActionLimits.check(actions, of: arguments.qualifiedName, at: call.range, in: source)
            return actions
        }
    }

    private func unknownFunction(_ call: PythonCall, source: SourceText) -> ActionParseError {
        let written = "\(call.module.excerpt).\(call.function.excerpt)"
        if let refusal = PyAutoGUIFunction.refusal(for: call.function) {
            return source.error(call.nameRange, refusal)
        }
        var message = "unknown pyautogui function '\(written)'"
        if let near = PyAutoGUIFunction.suggestion(for: call.function) {
            message += "; did you mean '\(call.module.excerpt).\(near)'?"
        } else {
            message += "; supported: \(PyAutoGUIFunction.supportedList)"
        }
        return source.error(call.nameRange, message)
    }

    /// `terminal.run(command, timeout=None)`: the command as a string, the time-out in seconds.
    private func shellCommand(_ call: PythonCall, source: SourceText) throws(ActionParseError) -> Action {
        let name = "terminal.run"
        let parameters = ["command", "timeout"]
        guard call.positional.count <= parameters.count else {
            throw source.error(
                call.range,
                "\(name) takes at most 2 positional arguments, command and timeout "
                    + "(\(call.positional.count) given)")
        }
        var bound: [String: PythonValue] = [:]
        for (parameter, value) in zip(parameters, call.positional) { bound[parameter] = value }
        for keyword in call.keywords {
            guard parameters.contains(keyword.name) else {
                throw source.error(
                    keyword.nameRange,
                    "\(name) has no parameter '\(keyword.name.excerpt)'; "
                        + "it takes command and timeout")
            }
            guard bound[keyword.name] == nil else {
                throw source.error(keyword.nameRange, "\(name) got multiple values for '\(keyword.name.excerpt)'")
            }
            bound[keyword.name] = keyword.value
        }
        guard let commandValue = bound["command"] else {
            throw source.error(call.range, "\(name) needs the command, e.g. \(name)(\"ls -la\")")
        }
        guard case .string(let command) = commandValue.kind else {
            throw source.error(
                commandValue.range,
                "\(name): command must be a string, got "
                    + source.snippet(commandValue.range))
        }
        guard !command.allSatisfy(\.isWhitespace) else {
            throw source.error(commandValue.range, "\(name): the command is empty")
        }
        guard let timeoutValue = bound["timeout"], !timeoutValue.isNone else {
            return .runCommand(ShellCommand(command))
        }
        guard let timeout = timeoutValue.number, timeout > 0, timeout <= ShellCommand.maximumTimeoutSeconds else {
            throw source.error(
                timeoutValue.range,
                "\(name): timeout must be a number of seconds above 0 and at "
                    + "most 3600, got \(source.snippet(timeoutValue.range))")
        }
        return .runCommand(ShellCommand(command, timeoutSeconds: timeout))
    }

    /// `time.sleep` takes one positional argument and no keywords, as in Python.
    private func sleep(_ call: PythonCall, source: SourceText) throws(ActionParseError) -> Action {
        let name = "\(call.module.excerpt).sleep"
        if let keyword = call.keywords.first {
            throw source.error(keyword.nameRange, "\(name) takes no keyword arguments; write \(name)(seconds)")
        }
        guard call.positional.count == 1, let value = call.positional.first else {
            throw source.error(
                call.range,
                "\(name) takes exactly one argument, the number of seconds "
                    + "(\(call.positional.count) given)")
        }
        guard let seconds = value.number, seconds.isFinite else {
            throw source.error(value.range, "\(name): seconds must be a number, got \(source.snippet(value.range))")
        }
        guard seconds >= 0 else {
            throw source.error(
                value.range,
                "\(name): sleep length must be non-negative, got "
                    + source.snippet(value.range))
        }
        return .wait(seconds: seconds)
    }

    private func actions(for arguments: PyAutoGUIArguments) throws(ActionParseError) -> [Action] {
        switch arguments.function {
        case .click:
            let count = try arguments.integer("clicks", default: 1)
            if !(1...3).contains(count), let value = arguments["clicks"] {
                throw arguments.error(
                    value,
                    "clicks=\(count) is out of range; "
                        + "Deskgym clicks 1, 2 or 3 times in one action")
            }
            return [.click(button: try arguments.button(), at: try arguments.point(), count: count)]
        case .leftClick:
            return [.click(button: .left, at: try arguments.point(), count: 1)]
        case .rightClick:
            return [.click(button: .right, at: try arguments.point(), count: 1)]
        case .middleClick:
            return [.click(button: .middle, at: try arguments.point(), count: 1)]
        case .doubleClick:
            return [.click(button: try arguments.button(), at: try arguments.point(), count: 2)]
        case .tripleClick:
            return [.click(button: try arguments.button(), at: try arguments.point(), count: 3)]
        case .moveTo:
            return [.moveTo(try arguments.requiredPoint())]
        case .dragTo:
            let point = try arguments.requiredPoint()
            let button = try arguments.button()
            if case .bool(false) = arguments["mouseDownUp"]?.kind {
                // Without mouseDownUp pyautogui presses no button and only moves the pointer.
                return [.moveTo(point)]
            }
            return [.dragTo(point, button: button)]
        case .mouseDown:
            return [.mouseDown(button: try arguments.button(), at: try arguments.point())]
        case .mouseUp:
            return [.mouseUp(button: try arguments.button(), at: try arguments.point())]
        case .scroll, .vscroll, .hscroll:
            let clicks = try arguments.pixel(try arguments.required("clicks", "a number"), "clicks")
            let point = try arguments.point()
            return arguments.function == .hscroll
                ? [.scroll(dx: clicks, dy: 0, at: point)]
                : [.scroll(dx: 0, dy: clicks, at: point)]
        case .write, .typewrite:
            let message = try arguments.required("message", "a string or a list of key names")
            if case .string(let text) = message.kind {
                return [.typing(text)]
            }
            guard message.sequence != nil else {
                throw arguments.error(
                    message,
                    "message must be a string or a list of key names, got "
                        + arguments.written(message))
            }
            return try arguments.keys(message, "message").map { .press($0) }
        case .press:
            let value = try arguments.required("keys", "a key name or a list of key names")
            let keys = try arguments.keys(value, "keys")
            let presses = try arguments.integer("presses", default: 1)
            // Checked before the presses are spelled out: presses=10**18 must not build the array.
            if !(0...ActionLimits.maximumPresses).contains(presses), let value = arguments["presses"] {
                throw arguments.error(
                    value,
                    "presses=\(presses) is out of range; "
                        + "it must be between 0 and \(ActionLimits.maximumPresses)")
            }
            // pyautogui presses the whole list once per repetition: a, b, a, b.
            return Array(repeating: keys.map { Action.press($0) }, count: presses).flatMap { $0 }
        case .hotkey, .shortcut:
            var keys: [Key] = []
            let written = arguments.variadic
            if let first = written.first, first.sequence != nil {
                guard written.count == 1 else {
                    throw arguments.error(
                        written[1],
                        "give the keys either as separate arguments or as one "
                            + "list, not both")
                }
                keys = try arguments.keys(first, "keys")
            } else {
                for value in written {
                    keys.append(try arguments.key(value, "keys"))
                }
            }
            guard !keys.isEmpty else {
                throw arguments.error("needs at least one key, e.g. \(arguments.qualifiedName)('ctrl', 'c')")
            }
            return [.hotkey(keys)]
        case .keyDown:
            return [.keyDown(try arguments.key(try arguments.required("key", "a key name"), "key"))]
        case .keyUp:
            return [.keyUp(try arguments.key(try arguments.required("key", "a key name"), "key"))]
        case .sleep:
            return [.wait(seconds: try arguments.seconds(try arguments.required("seconds", "a number of seconds"), "seconds"))]
        }
    }
}
