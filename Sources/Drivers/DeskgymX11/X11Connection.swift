internal import CX11
import DeskgymCore
import Foundation
import Synchronization

/// One Xlib connection to one X server.
///
/// `@unchecked Sendable` because it owns a raw `Display*`: every use of the pointer goes through
/// ``withDisplay(_:_:)``, which holds `lock`, so no two threads ever touch the connection at once;
/// the pointer is closed once, by ``close()`` (or `deinit`), under that lock, after which
/// ``withDisplay(_:_:)`` no longer hands it out.
public final class X11Connection: @unchecked Sendable {
    /// The display name, such as `:12`.
    public let name: String
    let display: OpaquePointer
    let screen: Int32
    let root: UInt
    private let lock = NSLock()
    private let registration: UInt64
    /// Whether ``close()`` has freed the `Display*`; read and written only under `lock`.
    private var closed = false
    /// Why the connection ended, kept by ``close()``: the registry forgets a closed connection.
    private let endReason = Mutex<String?>(nil)

    /// Connects to `displayName` (e.g. `:12`), presenting `cookie` (MIT-MAGIC-COOKIE-1) when given.
    public init(displayName: String, cookie: [UInt8]? = nil) throws(X11Error) {
        X11Connection.prepareProcess()
        guard let display = X11Connection.open(displayName, cookie: cookie) else {
            throw X11Error(display: displayName, operation: "connect", kind: .cannotOpenDisplay)
        }
        self.name = displayName
        self.display = display
        self.screen = XDefaultScreen(display)
        self.root = XRootWindow(display, screen)
        registration = X11ErrorRegistry.shared.register(display)
        // A dead server must become a thrown error here, not Xlib's default exit(1).
        XSetIOErrorExitHandler(
            display,
            { display, _ in
                if let display { X11ErrorRegistry.shared.markDead(display, reason: X11Connection.ioErrorReason()) }
            }, nil)
    }

    deinit {
        close()
    }

    /// Closes the connection. Idempotent; afterwards every use throws `connectionLost` and
    /// ``lostReason`` keeps saying why the connection ended (a loss seen before the close, else the
    /// close itself). Waits for a use in progress on another thread (an X round trip).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        let lost = X11ErrorRegistry.shared.lostReason(display, token: registration)
        endReason.withLock { $0 = lost ?? X11Desktop.closedReason }
        if lost != nil {
            // XCloseDisplay on a dead connection waits forever on Xlib's internal lock (seen in
            // XFreeGC under XInitThreads), so only the socket is closed; the Display is leaked.
            closeDescriptor(XConnectionNumber(display))
        } else {
            XCloseDisplay(display)
        }
        X11ErrorRegistry.shared.unregister(display, token: registration)
    }

    /// Why the connection ended: Xlib's I/O error when the server died or dropped it, or
    /// `X11Desktop.closedReason` after ``close()``; nil while it works. Xlib notices a dead server only when
    /// a request or reply fails, so a loss shows here after the next use of the connection.
    public var lostReason: String? {
        if let reason = endReason.withLock({ $0 }) { return reason }
        if let reason = X11ErrorRegistry.shared.lostReason(display, token: registration) { return reason }
        // A close between the two reads has moved the reason out of the registry.
        return endReason.withLock { $0 }
    }

    /// Whether the server has gone away or the connection was closed.
    public var isDead: Bool { lostReason != nil }

    /// Runs `body` with exclusive use of the `Display*`, turning a lost connection or an X protocol
    /// error raised inside `body` into a thrown ``X11Error``.
    func withDisplay<T>(_ operation: String, _ body: (OpaquePointer) throws(X11Error) -> T) throws(X11Error) -> T {
        lock.lock()
        defer { lock.unlock() }
        if closed || isDead { throw X11Error(display: name, operation: operation, kind: .connectionLost) }
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
        throw X11Error(
            display: name, operation: operation,
            kind: .protocolError(request: "major \(error.majorCode)", code: Int(error.code)))
    }

    private static let prepared: Bool = {
        XInitThreads()
        // Writes to a dead X server must fail with EPIPE instead of killing the process.
        signal(SIGPIPE, SIG_IGN)
        XSetErrorHandler { display, event in
            if let display, let event { X11ErrorRegistry.shared.record(display, event.pointee) }
            return 0
        }
        XSetIOErrorHandler { display in
            if let display { X11ErrorRegistry.shared.markDead(display, reason: X11Connection.ioErrorReason()) }
            return 0
        }
        return true
    }()

    static func prepareProcess() { _ = prepared }

    /// What an Xlib I/O error means, read in its handler: Xlib calls it when a read or write on the
    /// socket failed (errno says how) or the server hung up (errno is then 0 or says nothing).
    static func ioErrorReason() -> String {
        let code = errno
        guard code != 0, code != EAGAIN else { return "the X server closed the connection" }
        return "the connection to the X server failed: \(String(cString: strerror(code)))"
    }
}

/// `close(2)`, out of reach of ``X11Connection/close()`` inside the class.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
