import DeskgymCore

/// The arguments of one pyautogui call bound to the function's parameters as Python binds them,
/// with conversions that report a wrong argument by name and position.
struct PyAutoGUIArguments {
    let call: PythonCall
    let function: PyAutoGUIFunction
    private let source: SourceText
    private var values: [String: PythonValue] = [:]
    /// The positional arguments of a variadic function (`hotkey('ctrl', 'c')`).
    private(set) var variadic: [PythonValue] = []

    /// The function as written (`pyautogui.click`, `pg.click`), for messages.
    var qualifiedName: String { "\(call.module.excerpt).\(call.function.excerpt)" }

    init(
        call: PythonCall, function: PyAutoGUIFunction, source: SourceText,
        pyautoguiNames: Set<String>
    ) throws(ActionParseError) {
        self.call = call
        self.function = function
        self.source = source
        let parameters = function.parameters
        if function.isVariadic {
            variadic = call.positional
        } else {
            if call.positional.count > parameters.count {
                let extra = call.positional[parameters.count]
                throw source.error(
                    extra.range,
                    "\(qualifiedName) takes at most \(parameters.count) positional "
                        + "arguments (\(call.positional.count) given)")
            }
            for (parameter, value) in zip(parameters, call.positional) {
                values[parameter] = value
            }
        }
        for keyword in call.keywords {
            guard parameters.contains(keyword.name) else {
                var message = "\(qualifiedName): unexpected keyword argument '\(keyword.name.excerpt)'"
                if let near = nearest(to: keyword.name, among: parameters) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; it takes " + parameters.map { "'\($0)'" }.joined(separator: ", ")
                }
                throw source.error(keyword.nameRange, message)
            }
            if values[keyword.name] != nil {
                throw source.error(
                    keyword.nameRange,
                    "\(qualifiedName): got multiple values for argument '\(keyword.name.excerpt)'")
            }
            values[keyword.name] = keyword.value
        }
        for parameter in parameters where function.required.contains(parameter) && values[parameter] == nil {
            throw source.error(call.range, "\(qualifiedName): missing required argument '\(parameter)'")
        }
        try checkIgnored(pyautoguiNames: pyautoguiNames)
    }

    /// The argument for `parameter`; nil when absent or `None`, which pyautogui treats alike.
    subscript(parameter: String) -> PythonValue? {
        guard let value = values[parameter], !value.isNone else { return nil }
        return value
    }

    /// The argument for a parameter the function cannot do without; `None` is refused.
    func required(_ parameter: String, _ expected: String) throws(ActionParseError) -> PythonValue {
        guard let value = self[parameter] else {
            throw error(
                values[parameter] ?? PythonValue(kind: .none, range: call.range),
                "\(parameter) must be \(expected), got None")
        }
        return value
    }

    func error(_ value: PythonValue, _ message: String) -> ActionParseError {
        source.error(value.range, "\(qualifiedName): \(message)")
    }

    func error(_ message: String) -> ActionParseError {
        source.error(call.range, "\(qualifiedName): \(message)")
    }

    /// How a wrong value is shown: as written.
    func written(_ value: PythonValue) -> String {
        source.snippet(value.range)
    }

    /// Timing and logging arguments do not change which actions run (the driver settles the screen
    /// after each action instead of sleeping), but they are still checked, so that a malformed
    /// call is refused rather than half understood.
    private func checkIgnored(pyautoguiNames: Set<String>) throws(ActionParseError) {
        for parameter in ["interval", "duration"] {
            if let value = self[parameter] {
                guard let number = value.number, number >= 0 else {
                    throw error(value, "\(parameter) must be a non-negative number of seconds, got \(written(value))")
                }
            }
        }
        if let value = self["tween"] {
            guard case .reference(let module, let name) = value.kind, pyautoguiNames.contains(module),
                name == "linear" || name.hasPrefix("ease")
            else {
                throw error(
                    value,
                    "tween must be a pyautogui tweening function such as "
                        + "pyautogui.easeInOutQuad, got \(written(value))")
            }
        }
        for parameter in ["logScreenshot", "_pause", "mouseDownUp"] {
            if let value = self[parameter] {
                guard case .bool = value.kind else {
                    throw error(value, "\(parameter) must be True or False, got \(written(value))")
                }
            }
        }
    }

    // MARK: Conversions

    /// A coordinate as pyautogui takes it: `int()` of the number, which truncates toward zero.
    func pixel(_ value: PythonValue, _ parameter: String) throws(ActionParseError) -> Int {
        guard let number = value.number else {
            throw error(value, "\(parameter) must be a number, got \(written(value))")
        }
        guard number.isFinite, abs(number) < 1_000_000_000 else {
            throw error(value, "\(parameter) is out of range, got \(written(value))")
        }
        return Int(number.rounded(.towardZero))
    }

    /// The point of `x` and `y`: both numbers, or `x` an `(x, y)` pair and `y` absent; nil when
    /// both are absent (the pointer's current position).
    func point() throws(ActionParseError) -> Point? {
        let x = self["x"], y = self["y"]
        switch (x, y) {
        case (nil, nil):
            return nil
        case (let x?, nil):
            if case .string = x.kind {
                throw error(
                    x,
                    "x is an image file name (\(written(x))); locating images on the screen is "
                        + "not supported, give screen coordinates x, y")
            }
            guard let pair = x.sequence else {
                throw error(x, "y is missing; give both x and y (absolute screen pixels), or an (x, y) tuple")
            }
            guard pair.count == 2 else {
                throw error(x, "a point must have exactly 2 coordinates (x, y), got \(written(x))")
            }
            return Point(x: try pixel(pair[0], "x"), y: try pixel(pair[1], "y"))
        case (nil, let y?):
            throw error(y, "x is missing; give both x and y (absolute screen pixels)")
        case (let x?, let y?):
            if x.sequence != nil {
                throw error(y, "y must not be given when x is an (x, y) tuple")
            }
            return Point(x: try pixel(x, "x"), y: try pixel(y, "y"))
        }
    }

    /// The point, which this function cannot do without.
    func requiredPoint() throws(ActionParseError) -> Point {
        guard let point = try point() else {
            throw error("needs x and y (absolute screen pixels)")
        }
        return point
    }

    /// The `button` argument: pyautogui's names in any case; `primary` and `secondary` are left and
    /// right, as on a desktop whose buttons are not swapped.
    func button(default fallback: MouseButton = .left) throws(ActionParseError) -> MouseButton {
        guard let value = self["button"] else { return fallback }
        if case .string(let name) = value.kind {
            switch name.lowercased() {
            case "left", "primary": return .left
            case "middle": return .middle
            case "right", "secondary": return .right
            default: break
            }
        }
        throw error(
            value,
            "button must be 'left', 'middle', 'right', 'primary' or 'secondary', "
                + "got \(written(value))")
    }

    /// An integer argument (a float is refused, as `range()` refuses it in pyautogui).
    func integer(_ parameter: String, default fallback: Int) throws(ActionParseError) -> Int {
        guard let value = self[parameter] else { return fallback }
        guard case .int(let number) = value.kind else {
            throw error(value, "\(parameter) must be an integer, got \(written(value))")
        }
        return number
    }

    func key(_ value: PythonValue, _ parameter: String) throws(ActionParseError) -> Key {
        guard case .string(let name) = value.kind else {
            throw error(value, "\(parameter) must be a key name string, got \(written(value))")
        }
        do {
            return try Key(name)
        } catch {
            throw self.error(value, error.description)
        }
    }

    /// Key names given as one string or as a list or tuple of them.
    func keys(_ value: PythonValue, _ parameter: String) throws(ActionParseError) -> [Key] {
        guard let items = value.sequence else { return [try key(value, parameter)] }
        var keys: [Key] = []
        for item in items {
            keys.append(try key(item, parameter))
        }
        return keys
    }

    func seconds(_ value: PythonValue, _ parameter: String) throws(ActionParseError) -> Double {
        guard let number = value.number, number.isFinite else {
            throw error(value, "\(parameter) must be a number of seconds, got \(written(value))")
        }
        guard number >= 0 else {
            throw error(value, "\(parameter) must not be negative, got \(written(value))")
        }
        return number
    }
}
