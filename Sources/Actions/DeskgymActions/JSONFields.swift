import DeskgymCore

/// The fields of one JSON object that a grammar reads as an action, checked against the names the
/// action takes, with conversions whose errors name the action, the field and its place.
///
/// A field whose value is `null` counts as absent, since API clients serialise unset optional
/// fields either way; `computer_13`, whose fields OSWorld calls parameters, keeps it as a value.
struct JSONFields {
    /// How the object is named at the start of a message: the action's name (`left_click`).
    let context: String
    /// The whole object, for errors about a field that is missing.
    let objectRange: Range<Int>
    let source: SourceText
    /// What the messages call a field: `field`, or `parameter` for `computer_13`.
    let noun: String
    private var values: [String: JSONValue] = [:]

    /// Checks `members` against `allowed`: an unknown field is an error suggesting the nearest
    /// allowed one, a repeated field is an error.
    init(
        _ members: [JSONValue.Member], objectRange: Range<Int>, source: SourceText, context: String,
        allowed: [String], noun: String = "field", nullIsAbsent: Bool = true
    ) throws(ActionParseError) {
        self.context = context
        self.objectRange = objectRange
        self.source = source
        self.noun = noun
        var seen: Set<String> = []
        for member in members {
            guard seen.insert(member.key).inserted else {
                throw source.error(member.keyRange, "\(context): \(noun) '\(member.key.excerpt)' is given twice")
            }
            guard allowed.contains(member.key) else {
                var message = "\(context): unknown \(noun) '\(member.key.excerpt)'"
                if allowed.isEmpty {
                    message += "; \(context) takes no \(noun)s"
                } else if let near = nearest(to: member.key, among: allowed) {
                    message += "; did you mean '\(near)'?"
                } else {
                    message += "; it takes " + allowed.map { "'\($0)'" }.joined(separator: ", ")
                }
                throw source.error(member.keyRange, message)
            }
            if nullIsAbsent, case .null = member.value.kind { continue }
            values[member.key] = member.value
        }
    }

    subscript(name: String) -> JSONValue? { values[name] }

    func error(_ value: JSONValue, _ name: String, _ message: String) -> ActionParseError {
        source.error(value.range, "\(context): \(noun) '\(name)' \(message)")
    }

    func missing(_ name: String, _ detail: String = "") -> ActionParseError {
        source.error(objectRange, "\(context): missing \(noun) '\(name)'\(detail)")
    }

    /// How a wrong value is shown: its JSON type and the text as written.
    func written(_ value: JSONValue) -> String {
        "\(value.typeName) \(source.snippet(value.range))"
    }

    func required(_ name: String) throws(ActionParseError) -> JSONValue {
        guard let value = values[name] else { throw missing(name) }
        return value
    }

    func string(_ name: String) throws(ActionParseError) -> String {
        try string(try required(name), name)
    }

    func optionalString(_ name: String) throws(ActionParseError) -> String? {
        guard let value = values[name] else { return nil }
        return try string(value, name)
    }

    private func string(_ value: JSONValue, _ name: String) throws(ActionParseError) -> String {
        guard case .string(let text) = value.kind else {
            throw error(value, name, "must be a string, got \(written(value))")
        }
        return text
    }

    /// A number, or nil when the field is absent.
    func number(_ name: String) throws(ActionParseError) -> Double? {
        guard let value = values[name] else { return nil }
        guard case .number(let number) = value.kind else {
            throw error(value, name, "must be a number, got \(written(value))")
        }
        return number
    }

    /// A whole number between `range`'s bounds, or nil when the field is absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(ActionParseError) -> Int? {
        guard let value = values[name] else { return nil }
        guard case .number(let number) = value.kind, number == number.rounded() else {
            throw error(value, name, "must be a whole number, got \(written(value))")
        }
        guard number >= Double(range.lowerBound), number <= Double(range.upperBound) else {
            throw error(value, name, "must be \(range.lowerBound)–\(range.upperBound), got \(written(value))")
        }
        return Int(number)
    }

    /// A duration in seconds, at least 0, or nil when the field is absent. The upper bound is the
    /// core's (`Action.validate(on:)`).
    func seconds(_ name: String) throws(ActionParseError) -> Double? {
        guard let value = values[name] else { return nil }
        guard case .number(let seconds) = value.kind, seconds >= 0 else {
            throw error(value, name, "must be a number of seconds, at least 0, got \(written(value))")
        }
        return seconds
    }

    /// The elements of an array, or nil when the field is absent.
    func array(_ name: String) throws(ActionParseError) -> [JSONValue]? {
        guard let value = values[name] else { return nil }
        guard case .array(let items) = value.kind else {
            throw error(value, name, "must be an array, got \(written(value))")
        }
        return items
    }
}
