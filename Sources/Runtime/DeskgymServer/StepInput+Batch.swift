import DeskgymCore

extension StepInput {
    /// The entries of a `POST /steps` body: each element of `steps` as a session id and a step.
    /// Malformed entries are the client's bug: the first one refuses the whole batch, naming it.
    static func batch(_ body: RequestBody) throws(APIError) -> [(id: String, input: StepInput)] {
        guard let value = body["steps"] else {
            throw APIError.badRequest("field 'steps' in the request body is required: an array of {session_id, action}")
        }
        guard case .array(let items) = value else {
            throw APIError.badRequest("field 'steps' must be an array of {session_id, action}, got \(value.typeName)")
        }
        var entries: [(id: String, input: StepInput)] = []
        for (index, item) in items.enumerated() {
            let entry = try RequestBody(item, place: "steps[\(index)]", allowed: fields + ["session_id"])
            guard let id = try entry.string("session_id") else {
                throw APIError.badRequest("steps[\(index)] needs 'session_id'")
            }
            do throws(APIError) {
                entries.append((id, try StepInput(entry)))
            } catch {
                // Name the entry in every message, also those about its `actions` elements.
                var error = error
                if !error.message.hasPrefix("steps[") { error.message = "steps[\(index)]: " + error.message }
                throw error
            }
        }
        return entries
    }
}
