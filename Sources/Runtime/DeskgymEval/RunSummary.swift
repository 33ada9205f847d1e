/// A run's numbers, per domain and in total.
///
/// The success rate is OSWorld's: the mean score of the finished episodes, partial scores
/// included (a task scored 0.5 counts half). Episodes that ended in an environment error are left
/// out of it, since their score says nothing about the agent; they are counted apart, as are
/// tasks not run yet. Once every task has finished this is the figure OSWorld reports.
/// ``DomainSummary/successes`` counts the episodes scored 1 for those who want a strict rate.
public struct RunSummary: Sendable, Hashable {
    public var run: RunRecord
    /// One row per domain, by name.
    public var domains: [DomainSummary]
    /// All domains together.
    public var total: DomainSummary

    public init(run: RunRecord, episodes: [EpisodeRecord]) {
        self.run = run
        let byDomain = Dictionary(grouping: episodes, by: \.task.domain)
        domains = byDomain.keys.sorted().map { DomainSummary(domain: $0, episodes: byDomain[$0] ?? []) }
        total = DomainSummary(domain: "total", episodes: episodes)
    }
}
