import DeskgymCore

extension AnthropicComputerGrammar {
    /// The actions of one `input` object of the computer tool.
    func actions(
        fromInput members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> [Action] {
        try JSONAnswer.actions(
            of: members, range: range, source: source, nameField: "action", object: "the input object",
            nameKind: "action"
        ) { action, fields throws(ActionParseError) in try actions(action, fields) }
    }

    private func actions(_ action: AnthropicComputerAction, _ fields: JSONFields) throws(ActionParseError) -> [Action] {
        switch action {
        case .key:
            let chords = try keyChords(fields, "text")
            return chords.map { $0.count == 1 ? .press($0[0]) : .hotkey($0) }
        case .holdKey:
            let chords = try keyChords(fields, "text")
            guard let duration = try fields.seconds("duration") else { throw fields.missing("duration") }
            return HeldKeys.around(chords.flatMap { $0 }, [.wait(seconds: duration)])
        case .type:
            return [.typing(try fields.string("text"))]
        case .cursorPosition, .screenshot:
            return []
        case .mouseMove:
            return [.moveTo(try requiredPoint(fields, "coordinate"))]
        case .leftMouseDown:
            return [.mouseDown(button: try button(fields), at: try point(fields, "coordinate"))]
        case .leftMouseUp:
            return [.mouseUp(button: try button(fields), at: try point(fields, "coordinate"))]
        case .leftClick, .rightClick, .middleClick, .doubleClick, .tripleClick:
            let (button, count): (MouseButton, Int) =
                switch action {
                case .rightClick: (.right, 1)
                case .middleClick: (.middle, 1)
                case .doubleClick: (.left, 2)
                case .tripleClick: (.left, 3)
                default: (.left, 1)
                }
            let click = Action.click(button: button, at: try point(fields, "coordinate"), count: count)
            return HeldKeys.around(try modifiers(fields), [click])
        case .leftClickDrag:
            let end = try requiredPoint(fields, "coordinate")
            var drag: [Action] = []
            if let start = try point(fields, "start_coordinate") { drag.append(.moveTo(start)) }
            drag.append(.dragTo(end, button: try button(fields)))
            return HeldKeys.around(try modifiers(fields), drag)
        case .scroll:
            return HeldKeys.around(try modifiers(fields), [try scroll(fields)])
        case .wait:
            return [.wait(seconds: try fields.seconds("duration") ?? waitSeconds)]
        case .keyDown, .keyUp:
            let chords = try keyChords(fields, "text")
            let keys = chords.flatMap { $0 }
            return action == .keyDown ? keys.map { .keyDown($0) } : keys.reversed().map { .keyUp($0) }
        }
    }

    private func scroll(_ fields: JSONFields) throws(ActionParseError) -> Action {
        let directionValue = try fields.required("scroll_direction")
        guard case .string(let direction) = directionValue.kind,
            ["up", "down", "left", "right"].contains(direction)
        else {
            var message = "must be \"up\", \"down\", \"left\" or \"right\", got \(fields.written(directionValue))"
            if case .string(let text) = directionValue.kind,
                let near = nearest(to: text, among: ["up", "down", "left", "right"])
            {
                message += "; did you mean \"\(near)\"?"
            }
            throw fields.error(directionValue, "scroll_direction", message)
        }
        guard let amount = try fields.integer("scroll_amount", in: 0...ActionLimits.maximumScrollClicks) else {
            throw fields.missing("scroll_amount", " (wheel clicks)")
        }
        let at = try point(fields, "coordinate")
        switch direction {
        case "up": return .scroll(dx: 0, dy: amount, at: at)
        case "down": return .scroll(dx: 0, dy: -amount, at: at)
        case "left": return .scroll(dx: -amount, dy: 0, at: at)
        default: return .scroll(dx: amount, dy: 0, at: at)
        }
    }

    /// The extension field `button`: the left button when absent.
    private func button(_ fields: JSONFields) throws(ActionParseError) -> MouseButton {
        guard let name = try fields.optionalString("button") else { return .left }
        guard let button = MouseButton(rawValue: name) else {
            throw fields.error(
                fields["button"]!, "button",
                "must be \"left\", \"middle\" or \"right\", got \"\(name.excerpt)\"")
        }
        return button
    }

    /// The keys held during a click, drag or scroll: `text` as the tool documents it, or `key` as
    /// Anthropic's reference implementation names it (not both).
    private func modifiers(_ fields: JSONFields) throws(ActionParseError) -> [Key] {
        if fields["text"] != nil, let key = fields["key"] {
            throw fields.error(key, "key", "repeats the modifier keys of 'text'; give one of them")
        }
        let name = fields["key"] != nil ? "key" : "text"
        guard fields[name] != nil else { return [] }
        let chords = try keyChords(fields, name)
        return chords.flatMap { $0 }
    }

    /// The key combinations of an xdotool key string: chords separated by white space, keys within a
    /// chord by `+`.
    private func keyChords(_ fields: JSONFields, _ name: String) throws(ActionParseError) -> [[Key]] {
        let text = try fields.string(name)
        let value = fields[name]!
        let chords: [[Key]]
        do {
            chords = try Self.keyChords(xdotool: text)
        } catch {
            throw fields.error(value, name, error.message)
        }
        guard !chords.isEmpty else {
            throw fields.error(value, name, "must name at least one key, such as \"Return\" or \"ctrl+s\"")
        }
        return chords
    }

    /// The screen point of a `[x, y]` field, or nil when it is absent.
    func point(_ fields: JSONFields, _ name: String) throws(ActionParseError) -> Point? {
        guard let value = fields[name] else { return nil }
        guard case .array(let items) = value.kind, items.count == 2,
            case .number(let x) = items[0].kind, case .number(let y) = items[1].kind
        else {
            throw fields.error(value, name, "must be [x, y], two numbers, got \(fields.written(value))")
        }
        if let problem = scale.problem(x: x, y: y) {
            throw fields.error(value, name, "\(fields.source.snippet(value.range)) \(problem)")
        }
        return scale.screenPoint(x: x, y: y)
    }

    private func requiredPoint(_ fields: JSONFields, _ name: String) throws(ActionParseError) -> Point {
        guard let point = try point(fields, name) else { throw fields.missing(name, " ([x, y])") }
        return point
    }
}
