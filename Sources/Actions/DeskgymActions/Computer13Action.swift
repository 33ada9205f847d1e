import DeskgymCore

/// An ``Action`` coded as its computer_13 JSON: an object such as
/// `{"action_type": "CLICK", "parameters": {…}}`, or the strings `"WAIT"`, `"DONE"`, `"FAIL"`. The
/// one form actions take in trajectories, training records and the HTTP API.
public struct Computer13Action: Sendable, Hashable, Codable {
    public var action: Action

    public init(_ action: Action) {
        self.action = action
    }

    public init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer().decode(DeskgymCore.JSONValue.self)
        switch value {
        case .object, .string: break
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected a computer_13 action object or \"WAIT\", \"DONE\", \"FAIL\", found \(value.typeName)"))
        }
        let actions: [Action]
        do {
            actions = try Computer13Grammar().parse(value.description)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a computer_13 action: \(error)"))
        }
        guard actions.count == 1 else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected one computer_13 action, found \(actions.count)"))
        }
        action = actions[0]
    }

    /// The action as its computer_13 JSON value (what ``encode(to:)`` writes).
    public var json: DeskgymCore.JSONValue {
        let text = Computer13Grammar().format([action])
        // The grammar writes valid JSON; the string fallback only keeps a bug visible.
        return (try? DeskgymCore.JSONValue(parsingJSON: text)) ?? .string(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(json)
    }
}
