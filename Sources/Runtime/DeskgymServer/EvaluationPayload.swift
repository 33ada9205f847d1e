import DeskgymTasks

/// The evaluator's verdict as the API sends it.
struct EvaluationPayload: Encodable, Sendable {
    struct Metric: Encodable, Sendable {
        var name: String
        var score: Double
        var reason: String?
    }

    var score: Double
    var metrics: [Metric]
    /// Why the evaluation could not run to the end (a getter or postconfig step failed).
    var error: String?
    /// Set when the last action (FAIL) decided the score rather than the metrics.
    var decidedBy: String?

    enum CodingKeys: String, CodingKey {
        case score, metrics, error
        case decidedBy = "decided_by"
    }

    init(_ evaluation: TaskEvaluation) {
        score = evaluation.score
        metrics = evaluation.metrics.map { Metric(name: $0.name, score: $0.score, reason: $0.reason) }
        error = evaluation.error
        decidedBy = evaluation.decidedBy
    }
}
