/// A viewer coming, refused or gone.
public struct VNCViewerEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A TCP connection was accepted; the RFB handshake follows.
        case connected
        /// The viewer answered the password challenge wrongly and was disconnected.
        case refused
        /// The viewer's password was right.
        case authenticated
        /// The connection ended (the viewer left, or broke the protocol and was dropped).
        case disconnected
    }

    /// A number given to each connection, from 1.
    public var viewer: Int
    /// The viewer's address as libvncserver saw it.
    public var host: String
    public var time: ContinuousClock.Instant
    public var kind: Kind

    public init(viewer: Int, host: String, time: ContinuousClock.Instant, kind: Kind) {
        self.viewer = viewer
        self.host = host
        self.time = time
        self.kind = kind
    }
}
