/// The top-level windows of a desktop: listed, activated and closed through its window manager.
///
/// The X11 driver's `WindowController` is one; a desktop whose windows cannot be reached (a remote
/// VNC server) has ``UnavailableWindows``.
public protocol WindowControl: Sendable {
    /// The managed top-level windows, in the window manager's order.
    func list() throws -> [WindowInfo]
    /// Asks the window manager to activate (raise and focus) `window`.
    func activate(_ window: UInt) throws
    /// Asks the window manager to close `window` and waits at most `timeout` for it to go; returns
    /// whether it went.
    @discardableResult
    func close(_ window: UInt, timeout: Duration) async throws -> Bool
    /// Whether a window manager runs.
    func isWindowManagerRunning() throws -> Bool
}

extension WindowControl {
    /// Closes `window`, waiting at most 3 s for it to go.
    @discardableResult
    public func close(_ window: UInt) async throws -> Bool {
        try await close(window, timeout: .seconds(3))
    }
}

/// The windows of a desktop that shows only pixels (a VNC server with no X display Deskgym can
/// reach): the list is empty, and activating or closing a window is an error naming the desktop.
public struct UnavailableWindows: WindowControl {
    /// The desktop, as error messages name it (`vnc 127.0.0.1:5900`).
    public var desktop: String

    public init(desktop: String) {
        self.desktop = desktop
    }

    public func list() throws -> [WindowInfo] { [] }

    public func activate(_ window: UInt) throws {
        throw WindowsUnavailableError(desktop: desktop, operation: "activate a window")
    }

    public func close(_ window: UInt, timeout: Duration) async throws -> Bool {
        throw WindowsUnavailableError(desktop: desktop, operation: "close a window")
    }

    public func isWindowManagerRunning() throws -> Bool { false }
}

/// A window operation on a desktop whose windows Deskgym cannot reach.
public struct WindowsUnavailableError: Error, Sendable, Hashable, CustomStringConvertible {
    public var desktop: String
    public var operation: String

    public init(desktop: String, operation: String) {
        self.desktop = desktop
        self.operation = operation
    }

    public var description: String {
        "cannot \(operation) on \(desktop): its windows are not reachable (a VNC desktop shows pixels only; "
            + "give the vm-config's vnc.display to reach a local X display's windows)"
    }
}
