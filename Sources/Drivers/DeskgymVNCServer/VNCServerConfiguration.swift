import DeskgymCore

/// How a ``VNCServer`` listens and whom it lets in.
public struct VNCServerConfiguration: Sendable, Hashable {
    /// The framebuffer size: the size of the screen it shows.
    public var size: Size
    /// The TCP port on 127.0.0.1; 0 picks a free one (``VNCServer/port`` tells which).
    public var port: Int
    /// The VNC password, or nil to let any local viewer in without one. VNC authentication uses at
    /// most 8 characters, so a longer password is refused rather than cut short in silence.
    public var password: String?
    /// The name viewers show in their title bar.
    public var desktopName: String
    /// How often ``VNCServer/Handlers/tick`` is called, for pushing new frames.
    public var tickInterval: Duration
    /// How long a viewer may stall in the middle of a message before it is dropped; while it
    /// stalls, the server's single thread waits for it.
    public var clientTimeout: Duration

    public init(
        size: Size, port: Int, password: String?, desktopName: String = "deskgym",
        tickInterval: Duration = .milliseconds(30), clientTimeout: Duration = .seconds(5)
    ) {
        self.size = size
        self.port = port
        self.password = password
        self.desktopName = desktopName
        self.tickInterval = tickInterval
        self.clientTimeout = clientTimeout
    }

    /// The longest password VNC authentication uses.
    public static let maximumPasswordLength = 8
}
