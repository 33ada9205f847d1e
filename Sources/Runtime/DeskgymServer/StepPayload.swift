import DeskgymCore

/// The answer to a step.
struct StepPayload: Encodable, Sendable {
    /// What the step did besides the observation.
    struct Info: Encodable, Sendable {
        /// The grammar the action text was read with (`computer_13` for structured actions).
        var grammar: String
        /// The actions carried out, as computer_13 JSON objects.
        var actions: [JSONValue] = []
        /// Why the action text could not be read, or an action was refused; the step still counts.
        var error: String?
        /// Why the desktop broke; the session has been stopped and removed.
        var environmentError: String?
        /// Time to carry out the actions, settle and observe, in milliseconds.
        var envMilliseconds: Double = 0
        /// Of that, the wait for the screen to settle, in milliseconds.
        var settleMilliseconds: Double = 0
        /// The settle signals that had not settled when the wait hit its cap; absent when settled.
        var settleUnsettled: [String]?
        /// The evaluator's verdict, when the step ended the episode (DONE or FAIL).
        var evaluation: EvaluationPayload?

        enum CodingKeys: String, CodingKey {
            case grammar, actions, error, evaluation
            case environmentError = "environment_error"
            case envMilliseconds = "env_ms"
            case settleMilliseconds = "settle_ms"
            case settleUnsettled = "settle_unsettled"
        }
    }

    /// Absent only when the desktop broke.
    var observation: ObservationPayload?
    /// 0 until the episode is done; then the evaluator's score.
    var reward: Double
    /// Whether the episode ended: DONE or FAIL, or an environment error.
    var done: Bool
    var info: Info
}
