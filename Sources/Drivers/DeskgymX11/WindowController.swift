internal import CX11
import DeskgymCore
import Foundation

/// Lists, activates and closes top-level windows through the window manager (EWMH).
public struct WindowController: WindowControl {
    let connection: X11Connection

    /// Works on the windows of `connection`'s display.
    public init(connection: X11Connection) {
        self.connection = connection
    }

    /// Whether an EWMH window manager runs: `_NET_SUPPORTING_WM_CHECK` on the root names a window
    /// that names itself.
    public func isWindowManagerRunning() throws(X11Error) -> Bool {
        try connection.withDisplay("window manager check") { display in
            let atom = XInternAtom(display, "_NET_SUPPORTING_WM_CHECK", 0)
            guard let child = windowProperty(display, connection.root, atom).first else { return false }
            return windowProperty(display, child, atom).first == child
        }
    }

    /// The managed top-level windows, in the window manager's order.
    public func list() throws(X11Error) -> [WindowInfo] {
        try connection.withDisplay("list windows") { display in
            let clientList = XInternAtom(display, "_NET_CLIENT_LIST", 0)
            let activeAtom = XInternAtom(display, "_NET_ACTIVE_WINDOW", 0)
            let active = windowProperty(display, connection.root, activeAtom).first
            var windows: [WindowInfo] = []
            for id in windowProperty(display, connection.root, clientList) {
                var attributes = XWindowAttributes()
                guard XGetWindowAttributes(display, id, &attributes) != 0 else { continue }
                var x: Int32 = 0, y: Int32 = 0
                var child: Window = 0
                XTranslateCoordinates(display, id, connection.root, 0, 0, &x, &y, &child)
                let (instance, className) = classHint(display, id)
                let pidAtom = XInternAtom(display, "_NET_WM_PID", 0)
                let pid = cardinalProperty(display, id, pidAtom).first.map { Int32(truncatingIfNeeded: $0) }
                windows.append(
                    WindowInfo(
                        id: id, title: title(display, id), instanceName: instance, className: className,
                        frame: Rect(x: Int(x), y: Int(y), width: Int(attributes.width), height: Int(attributes.height)),
                        isActive: id == active, pid: pid))
            }
            _ = try? connection.checkErrors("list windows")  // windows may vanish while listed
            return windows
        }
    }

    /// Asks the window manager to activate (raise and focus) `window`.
    public func activate(_ window: UInt) throws(X11Error) {
        try sendClientMessage("activate window", window: window, type: "_NET_ACTIVE_WINDOW", data: [2, 0, 0])
    }

    /// Asks the window manager to close `window`, as its close button would, without waiting.
    public func requestClose(_ window: UInt) throws(X11Error) {
        try sendClientMessage("close window", window: window, type: "_NET_CLOSE_WINDOW", data: [0, 2])
    }

    /// Asks the window manager to close `window` and waits until it is gone from the window list;
    /// the request is repeated every second while the window stays (under load, openbox was seen
    /// to leave a first request unanswered). Returns whether the window went within `timeout`; an
    /// app may refuse (an unsaved-changes dialog), which is not an error.
    @discardableResult
    public func close(_ window: UInt, timeout: Duration = .seconds(3)) async throws -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var lastRequest = clock.now
        try requestClose(window)
        while clock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
            if try !list().contains(where: { $0.id == window }) { return true }
            if clock.now - lastRequest >= .seconds(1) {
                lastRequest = clock.now
                guard (try? requestClose(window)) != nil else { return true }
            }
        }
        return false
    }

    private func sendClientMessage(_ operation: String, window: UInt, type: String, data: [Int]) throws(X11Error) {
        let known = try list().contains { $0.id == window }
        guard known else { throw X11Error(display: connection.name, operation: operation, kind: .noSuchWindow(window)) }
        try connection.withDisplay(operation) { display throws(X11Error) in
            var event = XEvent()
            event.xclient.type = ClientMessage
            event.xclient.window = window
            event.xclient.message_type = XInternAtom(display, type, 0)
            event.xclient.format = 32
            withUnsafeMutableBytes(of: &event.xclient.data) { raw in
                let longs = raw.bindMemory(to: Int.self)
                for (index, value) in data.enumerated() where index < longs.count { longs[index] = value }
            }
            XSendEvent(display, connection.root, 0, SubstructureRedirectMask | SubstructureNotifyMask, &event)
            XSync(display, 0)
            try connection.checkErrors(operation)
        }
    }

    private func title(_ display: OpaquePointer, _ window: UInt) -> String {
        let utf8 = XInternAtom(display, "UTF8_STRING", 0)
        let netName = XInternAtom(display, "_NET_WM_NAME", 0)
        if let bytes = property(display, window, netName, type: utf8), let text = String(bytes: bytes, encoding: .utf8) {
            return text
        }
        var name: UnsafeMutablePointer<CChar>?
        if XFetchName(display, window, &name) != 0, let name {
            defer { XFree(name) }
            return String(cString: name)
        }
        return ""
    }

    private func classHint(_ display: OpaquePointer, _ window: UInt) -> (String, String) {
        var hint = XClassHint()
        guard XGetClassHint(display, window, &hint) != 0 else { return ("", "") }
        defer {
            if let name = hint.res_name { XFree(name) }
            if let cls = hint.res_class { XFree(cls) }
        }
        return (hint.res_name.map { String(cString: $0) } ?? "", hint.res_class.map { String(cString: $0) } ?? "")
    }

    private func windowProperty(_ display: OpaquePointer, _ window: UInt, _ atom: Atom) -> [UInt] {
        longs(display, window, atom, type: Atom(XA_WINDOW))
    }

    private func cardinalProperty(_ display: OpaquePointer, _ window: UInt, _ atom: Atom) -> [UInt] {
        longs(display, window, atom, type: Atom(XA_CARDINAL))
    }

    /// A format-32 property: Xlib hands each item out as a C `long`, whatever its wire size.
    private func longs(_ display: OpaquePointer, _ window: UInt, _ atom: Atom, type: Atom) -> [UInt] {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0, remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(display, window, atom, 0, 4096, 0, type, &actualType, &format, &count, &remaining, &data)
        guard status == Success, let data else { return [] }
        defer { XFree(data) }
        guard format == 32 else { return [] }
        return data.withMemoryRebound(to: UInt.self, capacity: Int(count)) { Array(UnsafeBufferPointer(start: $0, count: Int(count))) }
    }

    private func property(_ display: OpaquePointer, _ window: UInt, _ atom: Atom, type: Atom) -> [UInt8]? {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0, remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(display, window, atom, 0, 65536, 0, type, &actualType, &format, &count, &remaining, &data)
        guard status == Success, let data else { return nil }
        defer { XFree(data) }
        guard format == 8 else { return nil }
        return Array(UnsafeBufferPointer(start: data, count: Int(count)))
    }
}
