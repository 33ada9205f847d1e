import DeskgymCore

/// The parameters of one `computer_13` action object, with conversions that name the field at fault.
struct Computer13Parameters {
    let type: Computer13ActionType
    /// The action object, for errors about a parameter that is missing.
    let objectRange: Range<Int>
    private let source: SourceText
    private var values: [String: JSONValue] = [:]

    init(
        type: Computer13ActionType, members: [JSONValue.Member], objectRange: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) {
        self.type = type
        self.objectRange = objectRange
        self.source = source
        for member in members {
            guard type.parameters.contains(member.key) else {
                var message = "\(type.rawValue): unknown parameter '\(member.key.excerpt)'"
                if type.parameters.isEmpty {
                    message += "; \(type.rawValue) takes no parameters"
                } else if let near = nearest(to: member.key, among: type.parameters) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; it takes " + type.parameters.map { "'\($0)'" }.joined(separator: ", ")
                }
                throw source.error(member.keyRange, message)
            }
            guard values[member.key] == nil else {
                throw source.error(member.keyRange, "\(type.rawValue): parameter '\(member.key.excerpt)' is given twice")
            }
            values[member.key] = member.value
        }
    }

    subscript(name: String) -> JSONValue? { values[name] }

    func error(_ value: JSONValue, _ name: String, _ message: String) -> ActionParseError {
        source.error(value.range, "\(type.rawValue): parameter '\(name)' \(message)")
    }

    func missing(_ name: String, _ detail: String = "") -> ActionParseError {
        source.error(objectRange, "\(type.rawValue): missing parameter '\(name)'\(detail)")
    }

    /// How a wrong value is shown: its JSON type and the text as written.
    func written(_ value: JSONValue) -> String {
        "\(value.typeName) \(source.snippet(value.range))"
    }

    func required(_ name: String) throws(ActionParseError) -> JSONValue {
        guard let value = values[name] else { throw missing(name) }
        return value
    }

    /// A pixel coordinate: a number at least 0 (the upper bound depends on the screen and is
    /// checked by `Action.validate(on:)`), truncated toward zero as pyautogui's `int()` does.
    func coordinate(_ value: JSONValue, _ name: String) throws(ActionParseError) -> Int {
        guard case .number(let number) = value.kind else {
            throw error(value, name, "must be a number, got \(written(value))")
        }
        guard number >= 0 else { throw error(value, name, "must be at least 0, got \(written(value))") }
        guard number < 1_000_000_000 else { throw error(value, name, "is out of range, got \(written(value))") }
        return Int(number.rounded(.towardZero))
    }

    /// The point of `x` and `y`, which go together; nil when neither is given.
    func point() throws(ActionParseError) -> Point? {
        switch (values["x"], values["y"]) {
        case (nil, nil):
            return nil
        case (let x?, let y?):
            return Point(x: try coordinate(x, "x"), y: try coordinate(y, "y"))
        case (_?, nil):
            throw missing("y", "; give x and y together")
        case (nil, _?):
            throw missing("x", "; give x and y together")
        }
    }

    func requiredPoint() throws(ActionParseError) -> Point {
        guard let point = try point() else { throw missing("x") }
        return point
    }

    func integer(_ name: String) throws(ActionParseError) -> Int? {
        guard let value = values[name] else { return nil }
        guard case .number(let number) = value.kind, number == number.rounded(),
            abs(number) < 1_000_000_000
        else {
            throw error(value, name, "must be an integer, got \(written(value))")
        }
        return Int(number)
    }

    func string(_ name: String) throws(ActionParseError) -> String {
        let value = try required(name)
        guard case .string(let text) = value.kind else {
            throw error(value, name, "must be a string, got \(written(value))")
        }
        return text
    }

    func button() throws(ActionParseError) -> MouseButton {
        guard let value = values["button"] else { return .left }
        guard case .string(let name) = value.kind, let button = MouseButton(rawValue: name.lowercased()) else {
            throw error(value, "button", "must be \"left\", \"right\" or \"middle\", got \(written(value))")
        }
        return button
    }

    func key(_ value: JSONValue, _ name: String) throws(ActionParseError) -> Key {
        guard case .string(let text) = value.kind else {
            throw error(value, name, "must be a key name string, got \(written(value))")
        }
        do {
            return try Key(text)
        } catch {
            throw self.error(value, name, "has an \(error.description)")
        }
    }
}
