import DeskgymCore

/// A step that ran out of time: its deadline passed with actions still to carry out. The ones
/// before were carried out (a command that was running when it passed was ended, and its result
/// says so); the rest were not. The screen was observed as it is.
public struct StepDeadlineError: Error, Sendable, CustomStringConvertible {
    /// The step's deadline.
    public var deadline: Duration
    /// How many of the step's actions were carried out (DONE and FAIL not counted).
    public var carriedOut: Int
    /// How many actions the step had (DONE and FAIL not counted).
    public var total: Int
    /// The screen when the step stopped, with the results of the commands that ran.
    public var observation: Observation

    public var description: String {
        "the step's deadline of \(deadline) passed after \(carriedOut) of \(total) actions; the other \(total - carriedOut) were not carried out"
    }
}
