/// The outcome of merging a raw event log.
public struct MergeResult: Sendable, Hashable {
    /// The semantic actions, in order (without the final DONE or FAIL).
    public var actions: [MergedAction]
    /// How the recording ended, when the log says (its `finish` event).
    public var outcome: RecordingOutcome?
    /// Raw input the merge could not express, each with its event index.
    public var notes: [String]

    public init(actions: [MergedAction], outcome: RecordingOutcome?, notes: [String]) {
        self.actions = actions
        self.outcome = outcome
        self.notes = notes
    }
}
