import Foundation

/// An episode as the store holds it: one task of one run, with the outcome of its latest attempt.
public struct EpisodeRecord: Sendable, Hashable {
    /// The row id in the store.
    public var id: Int64
    public var runID: Int64
    public var task: EvalTask
    public var status: EpisodeStatus
    /// The checker's score; nil until the episode finished.
    public var score: Double?
    /// Agent steps taken in the latest attempt.
    public var steps: Int?
    /// Attempts started so far (0 while pending).
    public var attempts: Int
    public var environmentError: String?
    public var errorKind: String?
    public var metrics: [MetricVerdict]
    public var decidedBy: String?
    /// When the latest attempt started and ended.
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The latest attempt's wall-clock time, in milliseconds.
    public var wallMilliseconds: Double?
    /// The trajectory folder as stored: relative to the store's folder when inside it, else absolute.
    public var folder: String?

    public init(
        id: Int64, runID: Int64, task: EvalTask, status: EpisodeStatus, score: Double? = nil, steps: Int? = nil,
        attempts: Int = 0, environmentError: String? = nil, errorKind: String? = nil,
        metrics: [MetricVerdict] = [], decidedBy: String? = nil, startedAt: Date? = nil,
        finishedAt: Date? = nil, wallMilliseconds: Double? = nil, folder: String? = nil
    ) {
        self.id = id
        self.runID = runID
        self.task = task
        self.status = status
        self.score = score
        self.steps = steps
        self.attempts = attempts
        self.environmentError = environmentError
        self.errorKind = errorKind
        self.metrics = metrics
        self.decidedBy = decidedBy
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.wallMilliseconds = wallMilliseconds
        self.folder = folder
    }
}
