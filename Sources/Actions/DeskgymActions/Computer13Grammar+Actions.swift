import DeskgymCore

extension Computer13Grammar {
    /// One action object: `action_type` and either a `parameters` object or, in OSWorld's flat form,
    /// the parameters beside `action_type`.
    func action(
        from members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> Action {
        var seen: Set<String> = []
        for member in members {
            guard seen.insert(member.key).inserted else {
                throw source.error(member.keyRange, "field '\(member.key.excerpt)' is given twice in the action object")
            }
        }
        guard let typeMember = members.first(where: { $0.key == "action_type" }) else {
            var message = "the action object has no 'action_type' field"
            if let near = members.lazy.compactMap({ nearest(to: $0.key, among: ["action_type"]) }).first {
                message += "; did you mean '\(near)'?"
            }
            throw source.error(range, message)
        }
        guard case .string(let typeName) = typeMember.value.kind else {
            throw source.error(
                typeMember.value.range,
                "field 'action_type' must be a string, got "
                    + "\(typeMember.value.typeName) \(source.snippet(typeMember.value.range))")
        }
        guard let type = Computer13ActionType(rawValue: typeName.uppercased()) else {
            var message = "unknown action_type '\(typeName.excerpt)'"
            if let near = nearest(to: typeName, among: Computer13ActionType.allCases.map(\.rawValue)) {
                message += "; did you mean '\(near)'?"
            }
            message += " (known: \(Computer13ActionType.knownList))"
            throw source.error(typeMember.value.range, message)
        }
        let others = members.filter { $0.key != "action_type" }
        var parameterMembers = others
        if let nested = others.first(where: { $0.key == "parameters" }) {
            if let stray = others.first(where: { $0.key != "parameters" }) {
                throw source.error(
                    stray.keyRange,
                    "unknown field '\(stray.key.excerpt)' in the action object; "
                        + "parameters belong in the 'parameters' object")
            }
            switch nested.value.kind {
            case .object(let inner): parameterMembers = inner
            case .null: parameterMembers = []
            default:
                throw source.error(
                    nested.value.range,
                    "field 'parameters' must be an object, got "
                        + "\(nested.value.typeName) \(source.snippet(nested.value.range))")
            }
        }
        let parameters = try JSONFields(
            parameterMembers, objectRange: range, source: source, context: type.rawValue,
            allowed: type.parameters, noun: "parameter", nullIsAbsent: false)
        let action = try self.action(type, parameters)
        try ActionLimits.check([action], of: type.rawValue, at: range, in: source)
        return action
    }

    private func action(
        _ type: Computer13ActionType,
        _ parameters: JSONFields
    ) throws(ActionParseError) -> Action {
        switch type {
        case .moveTo:
            return .moveTo(try parameters.requiredPoint())
        case .click:
            let count = try parameters.integer("num_clicks") ?? 1
            if !(1...3).contains(count), let value = parameters["num_clicks"] {
                throw parameters.error(value, "num_clicks", "must be 1, 2 or 3, got \(count)")
            }
            return .click(button: try parameters.button(), at: try parameters.point(), count: count)
        case .mouseDown:
            return .mouseDown(button: try parameters.button(), at: try parameters.point())
        case .mouseUp:
            return .mouseUp(button: try parameters.button(), at: try parameters.point())
        case .rightClick:
            return .rightClick(at: try parameters.point())
        case .doubleClick:
            return .doubleClick(at: try parameters.point())
        case .dragTo:
            return .dragTo(try parameters.requiredPoint(), button: try parameters.button())
        case .scroll:
            // ACTION_SPACE marks dx and dy required, but OSWorld's controller runs either alone
            // (hscroll or vscroll); a model that writes only dy means no horizontal scroll.
            let dx = try parameters.integer("dx"), dy = try parameters.integer("dy")
            if dx == nil && dy == nil {
                throw parameters.missing("dy", " (SCROLL needs dx, dy or both)")
            }
            return .scroll(dx: dx ?? 0, dy: dy ?? 0, at: try parameters.point())
        case .typing:
            return .typing(try parameters.string("text"))
        case .press:
            return .press(try parameters.key(try parameters.required("key"), "key"))
        case .keyDown:
            return .keyDown(try parameters.key(try parameters.required("key"), "key"))
        case .keyUp:
            return .keyUp(try parameters.key(try parameters.required("key"), "key"))
        case .hotkey:
            let value = try parameters.required("keys")
            guard case .array(let items) = value.kind else {
                throw parameters.error(value, "keys", "must be an array of key names, got \(parameters.written(value))")
            }
            guard !items.isEmpty else {
                throw parameters.error(value, "keys", "must hold at least one key")
            }
            var keys: [Key] = []
            for item in items {
                keys.append(try parameters.key(item, "keys"))
            }
            return .hotkey(keys)
        case .wait:
            guard let value = parameters["seconds"] else { return .wait(seconds: waitSeconds) }
            guard case .number(let seconds) = value.kind, seconds >= 0 else {
                throw parameters.error(value, "seconds", "must be a non-negative number, got \(parameters.written(value))")
            }
            return .wait(seconds: seconds)
        case .runCommand:
            let command = try parameters.string("command")
            if command.allSatisfy(\.isWhitespace), let value = parameters["command"] {
                throw parameters.error(value, "command", "must not be empty")
            }
            guard let timeoutValue = parameters["timeout"] else { return .runCommand(ShellCommand(command)) }
            guard case .number(let timeout) = timeoutValue.kind, timeout > 0,
                timeout <= ShellCommand.maximumTimeoutSeconds
            else {
                throw parameters.error(
                    timeoutValue, "timeout",
                    "must be a number of seconds above 0 and at most 3600, got \(parameters.written(timeoutValue))")
            }
            return .runCommand(ShellCommand(command, timeoutSeconds: timeout))
        case .fail:
            return .fail
        case .done:
            return .done
        }
    }
}
