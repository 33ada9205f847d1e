/// How the person said the recording ended.
public enum RecordingOutcome: String, Sendable, Hashable, CaseIterable {
    /// The task is done (the last action is `DONE`).
    case done
    /// The task cannot be done (the last action is `FAIL`, as OSWorld's infeasible tasks expect).
    case infeasible
}
