internal import CX11

/// Proves a window manager is handling new windows, not just present: a 1×1 probe window is mapped
/// until the manager lists it in `_NET_CLIENT_LIST`, then destroyed.
///
/// Openbox, for one, advertises itself (`_NET_SUPPORTING_WM_CHECK`) before it finishes starting,
/// and a window mapped in that gap stays unmanaged and unmapped for good.
public final class WindowManagerProbe: Sendable {
    let connection: X11Connection
    let window: UInt

    /// Creates the probe window (unmapped).
    public init(connection: X11Connection) throws(X11Error) {
        self.connection = connection
        window = try connection.withDisplay("window manager probe") { display in
            let window = XCreateSimpleWindow(display, connection.root, 0, 0, 1, 1, 0, 0, 0)
            XStoreName(display, window, "deskgym-wm-probe")
            return window
        }
    }

    deinit {
        let window = self.window
        try? connection.withDisplay("window manager probe") { display in
            XDestroyWindow(display, window)
            XSync(display, 0)
        }
    }

    /// Whether the manager lists the probe; when it does not and `remap` is set, the probe is
    /// mapped (again), since a map request sent too early is dropped.
    public func isManaged(remap: Bool) throws(X11Error) -> Bool {
        let window = self.window
        let listed = try WindowController(connection: connection).list().contains { $0.id == window }
        if listed || !remap { return listed }
        try connection.withDisplay("window manager probe") { display in
            XMapWindow(display, window)
            XSync(display, 0)
        }
        return false
    }
}
