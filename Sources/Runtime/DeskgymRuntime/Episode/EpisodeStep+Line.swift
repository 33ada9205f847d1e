import DeskgymTrajectory

extension EpisodeStep {
    /// The step in the one trajectory schema, as `trajectory.jsonl` keeps it.
    public var line: TrajectoryLine {
        TrajectoryLine(
            step: index, actionText: text, grammar: grammar, coordinates: coordinates?.rawValue, thought: thought,
            actions: actions, executed: executed, screenshot: screenshot, environmentMilliseconds: environmentMilliseconds,
            settleMilliseconds: settleMilliseconds, modelMilliseconds: index > 0 ? modelMilliseconds : nil,
            usage: usage.map { TrajectoryLine.Usage(promptTokens: $0.promptTokens, completionTokens: $0.completionTokens,
                                                    totalTokens: $0.totalTokens) },
            requests: requests.map { TrajectoryLine.Request(attempt: $0.attempt, milliseconds: $0.milliseconds, status: $0.status,
                                                            error: $0.error) },
            windows: windows.map { TrajectoryLine.Window(title: $0.title, className: $0.className, isActive: $0.isActive) },
            commands: commands, reward: reward, done: done, extra: extra, error: error)
    }
}
