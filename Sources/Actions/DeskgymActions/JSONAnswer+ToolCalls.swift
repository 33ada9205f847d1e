import DeskgymCore

/// What a tool-call grammar has read so far: the actions, and how many calls were seen (a
/// `screenshot` call gives no action but is an answer all the same).
struct ToolCallReading {
    var actions: [Action] = []
    var calls = 0
}

extension JSONAnswer {
    /// Reads a model answer made of JSON tool calls and bare words (WAIT, DONE, FAIL), as the
    /// Anthropic and OpenAI grammars take them: a string must be a bare word, a top-level array
    /// holds values read one by one, and `readObject` handles each object; an answer with neither a
    /// call nor an action is refused with the form's `expected`.
    static func toolCallActions(
        in text: String, grammar: String, waitSeconds: Double, form: ToolCallForm,
        readObject: ([JSONValue.Member], Range<Int>, SourceText, inout ToolCallReading) throws(ActionParseError) -> Void
    )
        throws(ActionParseError) -> [Action]
    {
        let source = SourceText(text, grammar: grammar)
        guard !text.trimmingSpaces().isEmpty else {
            throw source.wholeTextError("empty action text")
        }
        var reading = ToolCallReading()
        func read(_ value: JSONValue, topLevel: Bool) throws(ActionParseError) {
            switch value.kind {
            case .string(let text):
                guard let word = BareWord(text) else {
                    throw source.error(
                        value.range,
                        "expected \(form.call), \(form.input) or \"WAIT\", \"DONE\", "
                            + "\"FAIL\", got the string \(source.snippet(value.range))")
                }
                reading.actions.append(word.action(waitSeconds: waitSeconds))
            case .array(let items) where topLevel:
                guard !items.isEmpty else {
                    throw source.error(value.range, "empty array: give at least one \(form.arrayElement)")
                }
                for item in items {
                    try read(item, topLevel: false)
                }
            case .object(let members):
                try readObject(members, value.range, source, &reading)
            default:
                throw source.error(
                    value.range,
                    "expected \(form.call), \(form.input), an array of them or a \(form.response), "
                        + "got \(value.typeName) \(source.snippet(value.range))")
            }
        }
        for item in try JSONAnswer(source).items {
            switch item {
            case .bareWord(let word, _):
                reading.actions.append(word.action(waitSeconds: waitSeconds))
            case .value(let value):
                try read(value, topLevel: true)
            }
        }
        guard reading.calls > 0 || !reading.actions.isEmpty else {
            throw source.wholeTextError("no action found: expected " + form.expected)
        }
        try ActionLimits.check(answer: reading.actions, in: source)
        return reading.actions
    }

    /// Reads the elements of a response's list of blocks or items (`content`, `output`) with
    /// `readObject`; each must be an object, `element` names one in the error (`a content block`).
    static func readElements(
        _ elements: [JSONValue], element: String, source: SourceText, into reading: inout ToolCallReading,
        readObject: ([JSONValue.Member], Range<Int>, SourceText, inout ToolCallReading) throws(ActionParseError) -> Void
    ) throws(ActionParseError) {
        for value in elements {
            guard case .object(let members) = value.kind else {
                throw source.error(
                    value.range,
                    "\(element) must be an object, got \(value.typeName) " + source.snippet(value.range))
            }
            try readObject(members, value.range, source, &reading)
        }
    }

    /// The name `member` holds, one of `Name`'s. Errors call the member `label` when it is not a
    /// string (`field 'action' must be a string`), and the name `nameKind` when it is unknown
    /// (`unknown action 'clik'; did you mean 'click'?`), followed by `known`.
    static func name<Name: RawRepresentable & CaseIterable>(
        of member: JSONValue.Member, source: SourceText, label: String, nameKind: String, known: String
    ) throws(ActionParseError) -> Name where Name.RawValue == String {
        guard case .string(let text) = member.value.kind else {
            throw source.error(
                member.value.range,
                "\(label) must be a string, got \(member.value.typeName) \(source.snippet(member.value.range))")
        }
        guard let name = Name(rawValue: text) else {
            var message = "unknown \(nameKind) '\(text.excerpt)'"
            if let near = nearest(to: text, among: Name.allCases.map(\.rawValue)) {
                message += "; did you mean '\(near)'?"
            }
            throw source.error(member.value.range, message + known)
        }
        return name
    }

    /// The actions of one action object of a tool, named by its `nameField` (`action`, `type`):
    /// the name must be one of `Name`'s, the other fields those the action takes; `actions` reads
    /// them. `object` names the object in errors (`the input object`), `nameKind` the name
    /// (`action`, `action type`).
    static func actions<Name: ToolActionName>(
        of members: [JSONValue.Member], range: Range<Int>, source: SourceText,
        nameField: String, object: String, nameKind: String,
        _ actions: (Name, JSONFields) throws(ActionParseError) -> [Action]
    ) throws(ActionParseError) -> [Action] {
        guard let nameMember = members.first(where: { $0.key == nameField }) else {
            throw source.error(range, "\(object) has no '\(nameField)' field")
        }
        let name: Name = try self.name(
            of: nameMember, source: source, label: "field '\(nameField)'", nameKind: nameKind,
            known: " (known: \(Name.knownList))")
        let fields = try JSONFields(
            members, objectRange: range, source: source, context: name.rawValue,
            allowed: [nameField] + name.fields)
        let result = try actions(name, fields)
        try ActionLimits.check(result, of: name.rawValue, at: range, in: source)
        return result
    }
}

extension JSONAnswer {
    /// The error for a call of a tool the grammar does not read, at `range` (where the name is
    /// written): it lists the tools that are read, and suggests the nearest.
    static func unknownTool(
        _ name: String, known: [String], at range: Range<Int>,
        source: SourceText
    ) -> ActionParseError {
        var message =
            "unknown tool '\(name.excerpt)'; this grammar reads calls of the tools "
            + known.map { "'\($0)'" }.joined(separator: " and ")
        if let near = nearest(to: name, among: known) {
            message += " (did you mean '\(near)'?)"
        }
        return source.error(range, message)
    }
}
