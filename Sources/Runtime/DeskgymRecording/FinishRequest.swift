/// A request to end a recording: how the person marked the task, and how they asked.
public struct FinishRequest: Sendable, Hashable {
    public var outcome: RecordingOutcome
    /// `chord` (the key chord in the viewer), `signal` (`deskgym record --stop`, Ctrl-C), `api`.
    public var source: String

    public init(outcome: RecordingOutcome, source: String) {
        self.outcome = outcome
        self.source = source
    }
}
