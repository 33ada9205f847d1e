/// The numbers of one domain's episodes (or of all, for the total row).
public struct DomainSummary: Sendable, Hashable {
    public var domain: String
    /// Tasks registered for the run.
    public var tasks: Int
    /// Episodes that ended with a score.
    public var finished: Int
    /// Episodes whose latest attempt ended in an environment error.
    public var environmentErrors: Int
    /// Episodes not started yet, or left running by a run that was stopped.
    public var unfinished: Int
    /// Finished episodes scored 1.
    public var successes: Int
    /// The sum of the finished episodes' scores.
    public var scoreSum: Double
    /// The mean score of the finished episodes (OSWorld's success rate); nil when none finished.
    public var meanScore: Double?
    /// The mean number of steps of the finished episodes; nil when none finished.
    public var meanSteps: Double?

    public init(domain: String, episodes: [EpisodeRecord]) {
        self.domain = domain
        let finishedEpisodes = episodes.filter { $0.status == .finished }
        tasks = episodes.count
        finished = finishedEpisodes.count
        environmentErrors = episodes.filter { $0.status == .environmentError }.count
        unfinished = episodes.filter { $0.status == .pending || $0.status == .running }.count
        successes = finishedEpisodes.filter { ($0.score ?? 0) >= 1 }.count
        scoreSum = finishedEpisodes.reduce(0) { $0 + ($1.score ?? 0) }
        meanScore = finished == 0 ? nil : scoreSum / Double(finished)
        meanSteps = finished == 0 ? nil : Double(finishedEpisodes.reduce(0) { $0 + ($1.steps ?? 0) }) / Double(finished)
    }
}
