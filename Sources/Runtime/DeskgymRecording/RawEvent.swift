/// One line of a recording's raw event log (`events.jsonl`): what a viewer sent, when, and which
/// frame was on the screen then.
public struct RawEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: Sendable, Hashable {
        /// The viewer's pointer at (`x`, `y`) with `buttons` held (bit n-1 is X button n: 1 left,
        /// 2 middle, 3 right, 4/5 wheel up/down, 6/7 wheel left/right).
        case pointer(x: Int, y: Int, buttons: UInt8)
        /// A key pressed (`down`) or released, as the X keysym the viewer sent and its X name.
        case key(keysym: UInt32, name: String?, down: Bool)
        /// A viewer connected, was refused (wrong password), authenticated or left.
        case viewer(ViewerChange, host: String)
        /// The recording was ended, marking the task `outcome`, by `source` (`chord`, `signal`, `api`).
        case finish(RecordingOutcome, source: String)
    }

    /// What happened to a viewer's connection.
    public enum ViewerChange: String, Sendable, Hashable, CaseIterable {
        case connected, refused, authenticated, disconnected
    }

    /// The line number from 0.
    public var index: Int
    /// Milliseconds since the recording started.
    public var milliseconds: Double
    /// The viewer's connection number, for viewer input and changes.
    public var viewer: Int?
    /// The newest frame (`frames/frame-NNNNNN.png`) taken at or before this event: what was on the
    /// screen when the person acted.
    public var frame: Int?
    public var kind: Kind

    public init(index: Int, milliseconds: Double, viewer: Int? = nil, frame: Int? = nil, kind: Kind) {
        self.index = index
        self.milliseconds = milliseconds
        self.viewer = viewer
        self.frame = frame
        self.kind = kind
    }
}
