import DeskgymTrajectory
import Foundation

/// How an episode ended: what its `result.json` holds.
///
/// `result.json` is `{task_id, instruction, score, steps, agent, environment_error?, error_kind?,
/// metrics: [{name, score, reason?}], decided_by?}`; ``load(from:)`` reads it.
public struct EpisodeOutcome: Sendable, Hashable, Codable {
    public var taskID: String
    public var instruction: String?
    /// The checker's score, 0…1.
    public var score: Double
    /// Agent steps taken (step 0, the first observation, is not counted).
    public var steps: Int
    /// The agent's name.
    public var agent: String?
    /// Set when the environment failed: the score then says nothing about the agent.
    public var environmentError: String?
    /// A short class for the error (`setup`, `session`, `endpoint`, `evaluation`, …), for grouping.
    public var errorKind: String?
    /// The checker's verdict: one entry per metric.
    public var metrics: [MetricVerdict]
    /// Which metric decided the score when the task combines several.
    public var decidedBy: String?

    public init(
        taskID: String, instruction: String? = nil, score: Double, steps: Int, agent: String? = nil,
        environmentError: String? = nil, errorKind: String? = nil, metrics: [MetricVerdict] = [],
        decidedBy: String? = nil
    ) {
        self.taskID = taskID
        self.instruction = instruction
        self.score = score
        self.steps = steps
        self.agent = agent
        self.environmentError = environmentError
        self.errorKind = errorKind
        self.metrics = metrics
        self.decidedBy = decidedBy
    }

    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", instruction, score, steps, agent, environmentError = "environment_error"
        case errorKind = "error_kind", metrics, decidedBy = "decided_by"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        taskID = try container.decode(String.self, forKey: .taskID)
        instruction = try container.decodeIfPresent(String.self, forKey: .instruction)
        score = try container.decode(Double.self, forKey: .score)
        steps = try container.decode(Int.self, forKey: .steps)
        agent = try container.decodeIfPresent(String.self, forKey: .agent)
        environmentError = try container.decodeIfPresent(String.self, forKey: .environmentError)
        errorKind = try container.decodeIfPresent(String.self, forKey: .errorKind)
        // No evaluation (the environment failed first) writes no metrics.
        metrics = try container.decodeIfPresent([MetricVerdict].self, forKey: .metrics) ?? []
        decidedBy = try container.decodeIfPresent(String.self, forKey: .decidedBy)
    }
}

extension EpisodeOutcome {
    /// Reads `result.json` in a trajectory folder.
    /// - Throws: ``TrajectoryError`` naming the file and what is wrong (missing, not JSON, a field
    ///   missing or of the wrong type).
    public static func load(from folder: URL) throws(TrajectoryError) -> EpisodeOutcome {
        let file = folder.appendingPathComponent("result.json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw TrajectoryError(file: file.path, line: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(EpisodeOutcome.self, from: data)
        } catch let error as DecodingError {
            throw TrajectoryError(file: file.path, line: nil, problem: error.summary)
        } catch {
            throw TrajectoryError(file: file.path, line: nil, problem: "\(error)")
        }
    }
}
