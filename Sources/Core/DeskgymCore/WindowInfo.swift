/// A top-level window as the window manager lists it (EWMH `_NET_CLIENT_LIST`).
public struct WindowInfo: Sendable, Hashable, Codable {
    /// The X window id.
    public var id: UInt
    /// `_NET_WM_NAME` (UTF-8), or `WM_NAME` when the client sets no EWMH name.
    public var title: String
    /// `WM_CLASS` instance name (the first string), e.g. `xterm`.
    public var instanceName: String
    /// `WM_CLASS` class name (the second string), e.g. `XTerm`.
    public var className: String
    /// Position and size on the root window, without decorations.
    public var frame: Rect
    /// Whether this window is `_NET_ACTIVE_WINDOW`.
    public var isActive: Bool
    /// `_NET_WM_PID`, when the client sets it.
    public var pid: Int32?

    public init(
        id: UInt, title: String, instanceName: String, className: String, frame: Rect,
        isActive: Bool, pid: Int32?
    ) {
        self.id = id
        self.title = title
        self.instanceName = instanceName
        self.className = className
        self.frame = frame
        self.isActive = isActive
        self.pid = pid
    }
}
