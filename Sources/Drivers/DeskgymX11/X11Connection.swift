import CX11
import Foundation
import Synchronization

/// One Xlib connection to one X server.
///
/// `@unchecked Sendable` because it owns a raw `Display*`: every use of the pointer goes through
/// ``withDisplay(_:_:)``, which holds `lock`, so no two threads ever touch the connection at once;
/// the pointer is closed once, in `deinit`, when no other reference exists.
public final class X11Connection: @unchecked Sendable {
    /// The display name, such as `:12`.
    public let name: String
    let display: OpaquePointer
    let screen: Int32
    let root: UInt
    private let lock = NSLock()
    private let registration: UInt64

    /// Connects to `displayName` (e.g. `:12`).
    public init(displayName: String) throws(X11Error) {
        X11Connection.prepareProcess()
        guard let display = XOpenDisplay(displayName) else {
            throw X11Error(display: displayName, operation: "connect", kind: .cannotOpenDisplay)
        }
        self.name = displayName
        self.display = display
        self.screen = XDefaultScreen(display)
        self.root = XRootWindow(display, screen)
        registration = X11ErrorRegistry.shared.register(display)
        // A dead server must become a thrown error here, not Xlib's default exit(1).
        XSetIOErrorExitHandler(display, { display, _ in
            if let display { X11ErrorRegistry.shared.markDead(display) }
        }, nil)
    }

    deinit {
        if X11ErrorRegistry.shared.isDead(display) {
            // XCloseDisplay on a dead connection waits forever on Xlib's internal lock (seen in
            // XFreeGC under XInitThreads), so only the socket is closed; the Display is leaked.
            close(XConnectionNumber(display))
        } else {
            XCloseDisplay(display)
        }
        X11ErrorRegistry.shared.unregister(display, token: registration)
    }

    /// Whether the server has gone away.
    public var isDead: Bool { X11ErrorRegistry.shared.isDead(display) }

    /// Runs `body` with exclusive use of the `Display*`, turning a lost connection or an X protocol
    /// error raised inside `body` into a thrown ``X11Error``.
    func withDisplay<T>(_ operation: String, _ body: (OpaquePointer) throws(X11Error) -> T) throws(X11Error) -> T {
        lock.lock()
        defer { lock.unlock() }
        if isDead { throw X11Error(display: name, operation: operation, kind: .connectionLost) }
        X11ErrorRegistry.shared.clearErrors(display)
        let result = try body(display)
        if isDead { throw X11Error(display: name, operation: operation, kind: .connectionLost) }
        return result
    }

    /// Throws the first X protocol error recorded since the current ``withDisplay(_:_:)`` began.
    /// Call after an `XSync` inside `body`.
    func checkErrors(_ operation: String) throws(X11Error) {
        guard let error = X11ErrorRegistry.shared.takeFirstError(display) else { return }
        if error.code == 3 /* BadWindow */ {
            throw X11Error(display: name, operation: operation, kind: .noSuchWindow(error.resourceID))
        }
        throw X11Error(display: name, operation: operation,
                       kind: .protocolError(request: "major \(error.majorCode)", code: Int(error.code)))
    }

    /// The connection's file descriptor, for polling.
    var fileDescriptor: Int32 { XConnectionNumber(display) }

    private static let prepared: Bool = {
        XInitThreads()
        // Writes to a dead X server must fail with EPIPE instead of killing the process.
        signal(SIGPIPE, SIG_IGN)
        XSetErrorHandler { display, event in
            if let display, let event { X11ErrorRegistry.shared.record(display, event.pointee) }
            return 0
        }
        XSetIOErrorHandler { display in
            if let display { X11ErrorRegistry.shared.markDead(display) }
            return 0
        }
        return true
    }()

    private static func prepareProcess() { _ = prepared }
}
