import Foundation

/// One attempt at an episode, from ``RunStore/markRunning(_:in:folder:)`` to
/// ``RunStore/finishEpisode(_:outcome:)`` or ``RunStore/recordEnvironmentError(_:message:kind:)``.
///
/// Writes through an attempt that is no longer the episode's latest (the episode was started again
/// meanwhile) are refused, so a slow, abandoned attempt cannot mix its steps into a new one.
public struct EpisodeAttempt: Sendable, Hashable {
    /// The episode's row id.
    public var episodeID: Int64
    /// The run's row id.
    public var runID: Int64
    public var task: EvalTask
    /// 1 for the first attempt at this episode.
    public var number: Int
    /// The trajectory folder.
    public var folder: URL
    public var startedAt: Date

    public init(episodeID: Int64, runID: Int64, task: EvalTask, number: Int, folder: URL, startedAt: Date) {
        self.episodeID = episodeID
        self.runID = runID
        self.task = task
        self.number = number
        self.folder = folder
        self.startedAt = startedAt
    }
}
