/// One input message from a viewer, stamped when the server read it.
public struct VNCInputEvent: Sendable, Hashable {
    /// What the viewer sent.
    public enum Kind: Sendable, Hashable {
        /// RFB PointerEvent: the pointer at (`x`, `y`) with `buttons` down (bit n-1 is button n:
        /// 1 left, 2 middle, 3 right, 4 and 5 the wheel up and down, 6 and 7 left and right).
        case pointer(x: Int, y: Int, buttons: UInt8)
        /// RFB KeyEvent: the X keysym pressed (`down`) or released.
        case key(keysym: UInt32, down: Bool)
    }

    /// The viewer that sent it (see ``VNCViewerEvent``).
    public var viewer: Int
    /// When the server read it.
    public var time: ContinuousClock.Instant
    public var kind: Kind

    public init(viewer: Int, time: ContinuousClock.Instant, kind: Kind) {
        self.viewer = viewer
        self.time = time
        self.kind = kind
    }
}
