import DeskgymCore

extension OpenAIComputerUseGrammar {
    /// The actions of one action object (`{"type": "click", …}`).
    func actions(
        fromAction members: [JSONValue.Member], range: Range<Int>,
        source: SourceText
    ) throws(ActionParseError) -> [Action] {
        try JSONAnswer.actions(
            of: members, range: range, source: source, nameField: "type", object: "the action object",
            nameKind: "action type"
        ) { type, fields throws(ActionParseError) in try actions(type, fields) }
    }

    private func actions(_ type: OpenAIComputerActionType, _ fields: JSONFields) throws(ActionParseError) -> [Action] {
        switch type {
        case .click:
            let point = try point(fields)
            let name = try buttonName(fields, allowed: ["left", "right", "wheel", "back", "forward"])
            let inner: [Action]
            if name == "back" || name == "forward" {
                // The core has no back and forward buttons: press the browser key that applications
                // bind to them, with the pointer where the model clicked.
                let key = name == "back" ? Self.backKey : Self.forwardKey
                inner = (point.map { [Action.moveTo($0)] } ?? []) + [.press(key)]
            } else {
                inner = [.click(button: Self.button(named: name), at: point, count: 1)]
            }
            return HeldKeys.around(try keys(fields, "keys", required: false), inner)
        case .doubleClick:
            let click = Action.click(button: .left, at: try point(fields), count: 2)
            return HeldKeys.around(try keys(fields, "keys", required: false), [click])
        case .drag:
            let button = Self.button(named: try buttonName(fields, allowed: ["left", "right", "wheel"]))
            let path = try path(fields)
            var drag: [Action] = []
            if path.count > 1 { drag.append(.moveTo(path[0])) }
            drag.append(.dragTo(path[path.count - 1], button: button))
            return HeldKeys.around(try keys(fields, "keys", required: false), drag)
        case .keypress:
            let keys = try keys(fields, "keys", required: true)
            return [keys.count == 1 ? .press(keys[0]) : .hotkey(keys)]
        case .move:
            guard let point = try point(fields) else { throw fields.missing("x", "; move needs x and y") }
            return HeldKeys.around(try keys(fields, "keys", required: false), [.moveTo(point)])
        case .screenshot:
            return []
        case .scroll:
            let scrollX = try fields.number("scroll_x"), scrollY = try fields.number("scroll_y")
            guard scrollX != nil || scrollY != nil else {
                throw fields.missing("scroll_y", " (scroll needs scroll_x, scroll_y or both, in pixels)")
            }
            let dx = try wheelClicks(scrollX ?? 0, fields, "scroll_x")
            let dy = -(try wheelClicks(scrollY ?? 0, fields, "scroll_y"))
            let scroll = Action.scroll(dx: dx, dy: dy, at: try point(fields))
            return HeldKeys.around(try keys(fields, "keys", required: false), [scroll])
        case .type:
            return [.typing(try fields.string("text"))]
        case .wait:
            return [.wait(seconds: try fields.seconds("seconds") ?? waitSeconds)]
        case .mouseDown, .mouseUp:
            let button = Self.button(named: try buttonName(fields, allowed: ["left", "right", "wheel"]))
            let point = try point(fields)
            return [type == .mouseDown ? .mouseDown(button: button, at: point) : .mouseUp(button: button, at: point)]
        case .keyDown:
            return try keys(fields, "keys", required: true).map { .keyDown($0) }
        case .keyUp:
            return try keys(fields, "keys", required: true).reversed().map { .keyUp($0) }
        }
    }

    /// The keys a click of the back and forward buttons presses (`XF86Back`, `XF86Forward`).
    static let backKey = try! Key("browserback")
    static let forwardKey = try! Key("browserforward")

    /// The `button` field, `left` when absent; `middle` is taken for `wheel`.
    private func buttonName(_ fields: JSONFields, allowed: [String]) throws(ActionParseError) -> String {
        guard let name = try fields.optionalString("button") else { return "left" }
        if name == "middle" { return "wheel" }
        guard allowed.contains(name) else {
            var message = "must be " + allowed.map { "\"\($0)\"" }.joined(separator: ", ") + ", got \"\(name.excerpt)\""
            if let near = nearest(to: name, among: allowed) { message += "; did you mean \"\(near)\"?" }
            throw fields.error(fields["button"]!, "button", message)
        }
        return name
    }

    static func button(named name: String) -> MouseButton {
        switch name {
        case "right": .right
        case "wheel": .middle
        default: .left
        }
    }

    /// The screen point of the fields `x` and `y`, which go together; nil when neither is given.
    private func point(_ fields: JSONFields) throws(ActionParseError) -> Point? {
        let x = try fields.number("x"), y = try fields.number("y")
        switch (x, y) {
        case (nil, nil):
            return nil
        case (let x?, let y?):
            return try screenPoint(x: x, y: y, fields)
        case (_?, nil):
            throw fields.missing("y", "; give x and y together")
        case (nil, _?):
            throw fields.missing("x", "; give x and y together")
        }
    }

    private func screenPoint(
        x: Double, y: Double, _ fields: JSONFields,
        xName: String = "x", yName: String = "y"
    ) throws(ActionParseError) -> Point {
        if let problem = scale.problem(x: x, y: y) {
            let xOutside = !(x >= 0 && x < Double(scale.image.width))
            let name = xOutside ? xName : yName
            let value = xOutside ? x : y
            throw fields.error(fields[name]!, name, "\(PythonLiteral.number(value)) \(problem)")
        }
        return scale.screenPoint(x: x, y: y)
    }

    /// The points of a drag's `path`, each an object `{"x": …, "y": …}`.
    private func path(_ fields: JSONFields) throws(ActionParseError) -> [Point] {
        guard let items = try fields.array("path") else {
            throw fields.missing("path", " ([{\"x\": …, \"y\": …}, …])")
        }
        guard !items.isEmpty else { throw fields.error(fields["path"]!, "path", "must hold at least one point") }
        var points: [Point] = []
        for (index, item) in items.enumerated() {
            guard case .object(let members) = item.kind else {
                throw fields.error(
                    item, "path",
                    "must hold points {\"x\": …, \"y\": …}, got "
                        + "\(fields.written(item)) at index \(index)")
            }
            let pointFields = try JSONFields(
                members, objectRange: item.range, source: fields.source,
                context: "drag: path[\(index)]", allowed: ["x", "y"])
            guard let x = try pointFields.number("x") else { throw pointFields.missing("x") }
            guard let y = try pointFields.number("y") else { throw pointFields.missing("y") }
            points.append(try screenPoint(x: x, y: y, pointFields))
        }
        return points
    }

    /// Scroll pixels as wheel clicks: divided by ``pixelsPerWheelClick`` and rounded half away from
    /// zero, at least one click for any scroll that is not 0.
    private func wheelClicks(_ pixels: Double, _ fields: JSONFields, _ name: String) throws(ActionParseError) -> Int {
        guard pixels != 0 else { return 0 }
        let clicks = (pixels / Double(pixelsPerWheelClick)).rounded(.toNearestOrAwayFromZero)
        guard abs(clicks) <= Double(ActionLimits.maximumScrollClicks) else {
            throw fields.error(
                fields[name]!, name,
                "is \(PythonLiteral.number(pixels)) pixels, more than "
                    + "\(ActionLimits.maximumScrollClicks) wheel clicks of \(pixelsPerWheelClick) pixels")
        }
        return clicks == 0 ? (pixels > 0 ? 1 : -1) : Int(clicks)
    }

    /// The keys of a `keys` array; an element `CTRL+L` is taken as two keys.
    private func keys(_ fields: JSONFields, _ name: String, required: Bool) throws(ActionParseError) -> [Key] {
        guard let items = try fields.array(name) else {
            if required { throw fields.missing(name, " (an array of key names such as [\"CTRL\", \"L\"])") }
            return []
        }
        if required && items.isEmpty { throw fields.error(fields[name]!, name, "must hold at least one key") }
        var keys: [Key] = []
        for item in items {
            guard case .string(let text) = item.kind else {
                throw fields.error(item, name, "must hold key names (strings), got \(fields.written(item))")
            }
            let names =
                text.unicodeScalars.count > 1 && text.contains("+")
                ? text.split(separator: "+", omittingEmptySubsequences: false).map(String.init) : [text]
            for keyName in names {
                do {
                    keys.append(try Self.key(openAI: keyName, in: text))
                } catch {
                    throw fields.error(item, name, error.message)
                }
            }
        }
        return keys
    }
}
