import DeskgymCore

/// A trajectory as one token sequence: the first prompt, then every response (trained on) and the
/// tokens the environment added between responses (not trained on) — what verl's agent loop and
/// SkyRL's generator hand to the trainer.
///
/// Built from what the client passed through each step's `extra`: `prompt_ids` (the whole prompt
/// the model saw at that turn), `response_ids` (what it generated) and, optionally,
/// `response_logprobs`. Turn t+1's prompt must begin with turn t's prompt and response (the
/// history only grows); the rest of it is the environment's tokens.
public struct TokenTrajectory: Sendable, Hashable {
    public var promptIDs: [Int]
    public var responseIDs: [Int]
    /// 1 for tokens the model generated, 0 for the environment's.
    public var responseMask: [Int]
    /// One per response token (0 for the environment's); nil when any turn lacks them.
    public var responseLogprobs: [Double]?

    /// Assembles the sequence from the answers' `extra`; the error names the step and the field.
    public init(_ trajectory: RecordedTrajectory) throws(ExportError) {
        let place = trajectory.folder.path
        let turns = Array(trajectory.turns)
        guard !turns.isEmpty else { throw ExportError(place: place, message: "no answers to export") }
        var prompt: [Int] = []
        var response: [Int] = []
        var mask: [Int] = []
        var logprobs: [Double]? = []
        var context: [Int] = []
        for (position, turn) in turns.enumerated() {
            let fields = turn.extra?.objectValue ?? [:]
            let turnPrompt = try Self.integers(fields["prompt_ids"], "prompt_ids", step: turn.step, place: place)
            let turnResponse = try Self.integers(fields["response_ids"], "response_ids", step: turn.step, place: place)
            if position == 0 {
                prompt = turnPrompt
            } else {
                guard turnPrompt.count >= context.count, Array(turnPrompt.prefix(context.count)) == context else {
                    throw ExportError(
                        place: place,
                        message: "step \(turn.step): extra.prompt_ids does not begin with "
                            + "the previous step's prompt and response (the history was rewritten, e.g. "
                            + "old screenshots dropped); such a trajectory has no single token sequence — "
                            + "export it with --format turns")
                }
                let added = turnPrompt[context.count...]
                response += added
                mask += Array(repeating: 0, count: added.count)
                logprobs? += Array(repeating: 0, count: added.count)
            }
            response += turnResponse
            mask += Array(repeating: 1, count: turnResponse.count)
            if let given = fields["response_logprobs"], given != .null {
                guard let values = given.arrayValue?.compactMap(\.numberValue), values.count == turnResponse.count else {
                    throw ExportError(
                        place: place,
                        message: "step \(turn.step): extra.response_logprobs must be "
                            + "\(turnResponse.count) numbers, one per response token")
                }
                logprobs? += values
            } else {
                logprobs = nil
            }
            context = turnPrompt + turnResponse
        }
        promptIDs = prompt
        responseIDs = response
        responseMask = mask
        responseLogprobs = logprobs
    }

    private static func integers(_ value: JSONValue?, _ field: String, step: Int, place: String) throws(ExportError) -> [Int] {
        guard let value else {
            throw ExportError(
                place: place,
                message: "step \(step) has no extra.\(field): token-level exports need the "
                    + "token ids passed through each step's 'extra' (see docs/rollouts.md)")
        }
        guard let items = value.arrayValue else {
            throw ExportError(place: place, message: "step \(step): extra.\(field) must be an array of token ids, got \(value.typeName)")
        }
        var ids: [Int] = []
        for item in items {
            guard let id = item.intValue, id >= 0 else {
                throw ExportError(place: place, message: "step \(step): extra.\(field) holds \(item), not a token id")
            }
            ids.append(id)
        }
        return ids
    }
}
