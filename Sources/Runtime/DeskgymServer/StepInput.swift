import DeskgymActions
import DeskgymAgents
import DeskgymCore
import Foundation

/// What a step request asks for: action text in a grammar, or structured computer_13 actions.
struct StepInput: Sendable {
    enum Source: Sendable {
        /// Text to read with `grammar` (nil: the session's grammar). A text the grammar refuses is
        /// the model's failure: the step counts and says why.
        case text(String, grammar: SessionGrammar?)
        /// Actions already read from the `actions` array.
        case actions([Action])
    }

    var source: Source

    /// The action text as given, for the record; nil for structured actions.
    var text: String? {
        if case .text(let text, _) = source { return text }
        return nil
    }
    /// Overrides the session's image mode for this answer.
    var image: ImageMode?
    /// Overrides the session's observation type for this answer's observation.
    var observationType: ObservationType?
    /// Fields the client passes through into the step's training record (token ids, logprobs, …).
    var extra: JSONValue?
    /// The model's thinking time for this answer, as the client measured it, for the record.
    var modelMilliseconds: Double?

    /// The fields a step object may have.
    static let fields = ["action", "actions", "grammar", "image", "observation_type", "extra", "model_ms"]

    /// Reads a step object: exactly one of `action` (text) and `actions` (an array of computer_13
    /// objects or "WAIT"/"DONE"/"FAIL"); `grammar` only with `action`.
    init(_ body: RequestBody) throws(APIError) {
        let text = try body.string("action")
        let structured = body["actions"]
        let grammarName = try body.string("grammar")
        image = try body.choice("image", among: ImageMode.allCases.map(\.rawValue)).flatMap(ImageMode.init(rawValue:))
        observationType =
            try body.choice("observation_type", among: ObservationType.allCases.map(\.rawValue)).flatMap(ObservationType.init(rawValue:))
        modelMilliseconds = try body.number("model_ms", in: 0...86_400_000)
        if let extra = body["extra"] {
            guard case .object = extra else { throw body.wrongType("extra", "an object", extra) }
            self.extra = extra
        }
        switch (text, structured) {
        case (nil, nil):
            throw .badRequest(
                "the \(body.place) needs 'action' (text in the session's grammar) or 'actions' "
                    + "(an array of computer_13 action objects)")
        case (.some, .some):
            throw .badRequest("the \(body.place) has both 'action' and 'actions'; give one")
        case (.some(let text), nil):
            var grammar: SessionGrammar?
            if let grammarName {
                grammar = try SessionGrammar(named: grammarName, field: "grammar")
            }
            source = .text(text, grammar: grammar)
        case (nil, .some(let value)):
            if grammarName != nil {
                throw .badRequest(
                    "field 'grammar' in the \(body.place) applies to 'action' text only; "
                        + "'actions' are always computer_13")
            }
            source = .actions(try Self.actions(from: value, place: body.place))
        }
    }

    /// The grammar called `name`, or 400 naming the field and the known grammars.
    static func grammar(named name: String, field: String) throws(APIError) -> any ActionGrammar {
        do {
            return try ActionGrammars.named(name)
        } catch {
            throw APIError(status: 400, code: "unknown_grammar", message: "field '\(field)': \(error)")
        }
    }

    /// Reads each element of `actions` as a computer_13 action; 400 naming the element that is wrong.
    static func actions(from value: JSONValue, place: String) throws(APIError) -> [Action] {
        guard case .array(let items) = value else {
            throw .badRequest(
                "field 'actions' in the \(place) must be an array of computer_13 action objects, "
                    + "got \(value.typeName) \(RequestBody.snippet(value))")
        }
        guard !items.isEmpty else {
            throw .badRequest("field 'actions' in the \(place) is empty: give at least one action")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var actions: [Action] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .object, .string: break
            default:
                throw APIError(
                    status: 400, code: "invalid_action",
                    message: "actions[\(index)] must be a computer_13 action object or \"WAIT\", \"DONE\", \"FAIL\", "
                        + "got \(item.typeName) \(RequestBody.snippet(item))")
            }
            do {
                let text = String(decoding: try encoder.encode(item), as: UTF8.self)
                actions += try Computer13Grammar().parse(text)
            } catch let error as ActionParseError {
                throw APIError(status: 400, code: "invalid_action", message: "actions[\(index)]: \(error.message)")
            } catch {
                throw APIError(status: 400, code: "invalid_action", message: "actions[\(index)]: \(error)")
            }
        }
        // Each element kept within the caps; together they may not add up past them either.
        if let excess = ActionLimits.excess(in: actions) {
            throw APIError(status: 400, code: "invalid_action", message: "field 'actions' in the \(place): \(excess)")
        }
        return actions
    }
}
