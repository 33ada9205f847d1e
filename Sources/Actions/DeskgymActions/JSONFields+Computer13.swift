import DeskgymCore

extension JSONFields {
    // The conversions of `computer_13`'s parameters, which follow pyautogui's arguments rather
    // than the tool APIs' conventions of the other JSON grammars.

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
        switch (self["x"], self["y"]) {
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

    /// The point of `x` and `y`, which must be given.
    func requiredPoint() throws(ActionParseError) -> Point {
        guard let point = try point() else { throw missing("x") }
        return point
    }

    /// An integer as pyautogui takes it (`num_clicks`), or nil when the parameter is absent.
    func integer(_ name: String) throws(ActionParseError) -> Int? {
        guard let value = self[name] else { return nil }
        guard case .number(let number) = value.kind, number == number.rounded(),
            abs(number) < 1_000_000_000
        else {
            throw error(value, name, "must be an integer, got \(written(value))")
        }
        return Int(number)
    }

    /// The `button` parameter; left when it is absent.
    func button() throws(ActionParseError) -> MouseButton {
        guard let value = self["button"] else { return .left }
        guard case .string(let name) = value.kind, let button = MouseButton(rawValue: name.lowercased()) else {
            throw error(value, "button", "must be \"left\", \"right\" or \"middle\", got \(written(value))")
        }
        return button
    }

    /// A key name, read as the core reads key names.
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
