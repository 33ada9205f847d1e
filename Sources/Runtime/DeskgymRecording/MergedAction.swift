import DeskgymCore

/// One semantic action merged from raw events: a step of the demonstration.
public struct MergedAction: Sendable, Hashable {
    /// What it does, as the desktop executes it (a click with modifiers is `keyDown`s, the click,
    /// and `keyUp`s; a drag is `moveTo` the start and `dragTo` the end).
    public var actions: [Action]
    /// The raw events it was made of (indexes into the log), first and last.
    public var firstEvent: Int
    public var lastEvent: Int
    /// When its first event came, in milliseconds since the recording started.
    public var milliseconds: Double
    /// The frame on the screen at its first event: the screenshot taken just before it.
    public var frame: Int?

    public init(actions: [Action], firstEvent: Int, lastEvent: Int, milliseconds: Double, frame: Int?) {
        self.actions = actions
        self.firstEvent = firstEvent
        self.lastEvent = lastEvent
        self.milliseconds = milliseconds
        self.frame = frame
    }
}
