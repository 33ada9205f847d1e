import DeskgymCore

/// The `arguments` object of one `computer_use` call, checked against its action, with conversions
/// that name the argument at fault.
struct QwenComputerUseArguments {
    let action: QwenComputerUseAction
    /// The `arguments` object, for errors about an argument that is missing.
    let objectRange: Range<Int>
    private let source: SourceText
    private var values: [String: JSONValue] = [:]

    init(members: [JSONValue.Member], objectRange: Range<Int>, source: SourceText) throws(ActionParseError) {
        self.objectRange = objectRange
        self.source = source
        var seen: Set<String> = []
        for member in members where !seen.insert(member.key).inserted {
            throw source.error(member.keyRange, "argument '\(member.key.excerpt)' is given twice")
        }
        guard let actionMember = members.first(where: { $0.key == "action" }) else {
            var message = "the arguments have no 'action'"
            if let near = members.lazy.compactMap({ nearest(to: $0.key, among: ["action"]) }).first {
                message += "; did you mean '\(near)'?"
            }
            throw source.error(objectRange, message + " (such as {\"action\": \"left_click\", \"coordinate\": [x, y]})")
        }
        let action: QwenComputerUseAction = try JSONAnswer.name(
            of: actionMember, source: source, label: "'action'", nameKind: "action",
            known: " (computer_use actions: \(QwenComputerUseAction.toolNames))")
        let name = action.rawValue
        self.action = action
        for member in members where member.key != "action" {
            if case .null = member.value.kind { continue }
            guard action.parameters.contains(member.key) else {
                var message = "\(name): "
                if QwenComputerUseAction.schema.contains(member.key) {
                    message += "\(name) does not take '\(member.key.excerpt)'"
                } else {
                    message += "unknown argument '\(member.key.excerpt)'"
                    if let near = nearest(to: member.key, among: action.parameters)
                        ?? nearest(to: member.key, among: QwenComputerUseAction.schema)
                    {
                        message += "; did you mean '\(near)'?"
                    }
                }
                message +=
                    action.parameters.isEmpty
                    ? " (it takes no arguments)"
                    : " (it takes " + action.parameters.map { "'\($0)'" }.joined(separator: ", ") + ")"
                throw source.error(member.keyRange, message)
            }
            values[member.key] = member.value
        }
        for name in action.required where values[name] == nil {
            throw source.error(objectRange, "\(action.rawValue): missing argument '\(name)'")
        }
    }

    subscript(name: String) -> JSONValue? { values[name] }

    func error(_ value: JSONValue, _ name: String, _ message: String) -> ActionParseError {
        source.error(value.range, "\(action.rawValue): '\(name)' \(message)")
    }

    /// How a wrong value is shown: its JSON type and the text as written.
    func written(_ value: JSONValue) -> String {
        "\(value.typeName) \(source.snippet(value.range))"
    }

    /// A required argument (``init(members:objectRange:source:)`` has checked it is there).
    func required(_ name: String) -> JSONValue { values[name]! }

    func string(_ name: String) throws(ActionParseError) -> String {
        let value = required(name)
        guard case .string(let text) = value.kind else {
            throw error(value, name, "must be a string, got \(written(value))")
        }
        return text
    }

    func number(_ name: String) throws(ActionParseError) -> Double? {
        guard let value = values[name] else { return nil }
        guard case .number(let number) = value.kind, abs(number) < 1_000_000_000 else {
            throw error(value, name, "must be a number, got \(written(value))")
        }
        return number
    }

    /// The screen point of `[x, y]` in `grid`, or nil when the argument is absent.
    func point(_ name: String, grid: CoordinateGrid, screen: Size) throws(ActionParseError) -> Point? {
        guard let value = values[name] else { return nil }
        guard case .array(let items) = value.kind, items.count == 2,
            case .number(let x) = items[0].kind, case .number(let y) = items[1].kind
        else {
            throw error(value, name, "must be [x, y], two numbers, got \(written(value))")
        }
        for (item, number, axis) in [(items[0], x, CoordinateGrid.Axis.x), (items[1], y, .y)] {
            if let problem = grid.rangeProblem(number, axis: axis) {
                throw error(item, name, "\(axis == .x ? "x" : "y") \(source.snippet(item.range)) \(problem)")
            }
        }
        return Point(x: grid.pixel(x, axis: .x, screen: screen), y: grid.pixel(y, axis: .y, screen: screen))
    }

    func button() throws(ActionParseError) -> MouseButton {
        guard let value = values["button"] else { return .left }
        guard case .string(let name) = value.kind, let button = MouseButton(rawValue: name.lowercased()) else {
            throw error(value, "button", "must be \"left\", \"right\" or \"middle\", got \(written(value))")
        }
        return button
    }

    /// The keys of `keys`: an array of key names; a name such as `ctrl+c` is split at `+`. In a
    /// combination a capital letter is its key (`["ctrl", "T"]` is ctrl+t).
    func keys() throws(ActionParseError) -> [Key] {
        let value = required("keys")
        guard case .array(let items) = value.kind else {
            throw error(value, "keys", "must be an array of key names such as [\"ctrl\", \"c\"], got \(written(value))")
        }
        guard !items.isEmpty else { throw error(value, "keys", "must name at least one key") }
        var keys: [Key] = []
        for item in items {
            guard case .string(let text) = item.kind else {
                throw error(item, "keys", "must hold key names (strings), got \(written(item))")
            }
            let pieces = text.split(separator: "+", omittingEmptySubsequences: false)
            let names = pieces.count > 1 && pieces.allSatisfy({ !$0.isEmpty }) ? pieces.map(String.init) : [text]
            for name in names {
                do {
                    keys.append(try Key(items.count > 1 || names.count > 1 ? Key.combinationName(name) : name))
                } catch {
                    throw self.error(item, "keys", "has an \(error.description)")
                }
            }
        }
        return keys
    }
}
