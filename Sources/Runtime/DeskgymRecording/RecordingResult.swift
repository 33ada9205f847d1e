import DeskgymRuntime
import DeskgymTasks
import Foundation

/// What a finished recording produced.
public struct RecordingResult: Sendable {
    public var taskID: String
    public var folder: URL
    public var outcome: RecordingOutcome
    /// How the recording was ended (`chord`, `signal`, `api`).
    public var finishedBy: String
    /// The task's score for what the person did (0 when the environment failed).
    public var score: Double
    public var evaluation: TaskEvaluation?
    /// The merged actions, in order.
    public var actions: [MergedAction]
    /// Viewer events in the raw log (pointer and key).
    public var inputEvents: Int
    public var notes: [String]
    public var timings: EventTimings
    /// Frames written, and frames not taken because the encoder was behind.
    public var framesWritten: Int
    public var framesSkipped: Int
    /// Viewers refused for a wrong password.
    public var refusedViewers: Int
    /// Set when the session broke: the score then says nothing about the demonstration.
    public var environmentError: String?
}
