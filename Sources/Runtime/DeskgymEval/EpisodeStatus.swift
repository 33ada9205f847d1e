/// Where an episode of a run stands.
public enum EpisodeStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not started yet.
    case pending
    /// Started and not ended. An episode left `running` by a run that was killed is started again
    /// when the run resumes.
    case running
    /// Ended with a score: the agent succeeded, failed or ran out of steps.
    case finished
    /// Ended because the environment failed (setup, a crashed app or X server, a getter): the
    /// score says nothing about the agent.
    case environmentError = "environment_error"

    /// Whether a resumed run runs this episode again.
    func isPending(retryEnvironmentErrors: Bool) -> Bool {
        switch self {
        case .pending, .running: true
        case .finished: false
        case .environmentError: retryEnvironmentErrors
        }
    }
}
