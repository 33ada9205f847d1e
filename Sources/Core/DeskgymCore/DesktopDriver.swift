/// A desktop an agent sees and drives: actions in, screenshots out, and a way to tell when the
/// screen has settled after an action.
///
/// The X11 driver (`X11Desktop`: XTest input, XShm capture, XDamage settle) and the VNC driver
/// (`VNCDesktop`: RFB pointer and key events, the client's framebuffer, settle on framebuffer
/// updates) both satisfy it; sessions, the episode runner and the server use only this.
///
/// The `async` calls do not block a thread of the concurrency pool while they wait on the
/// desktop (a chord held, the screen settling): one process serves many desktops from that pool.
public protocol DesktopDriver: AnyObject, Sendable {
    /// The screen size in pixels.
    var screenSize: Size { get }
    /// Whether the connection to the desktop is gone (its server died or dropped the connection,
    /// or ``close()`` was called).
    var isDead: Bool { get }
    /// Why the connection to the desktop ended, in words for a health report: the server's
    /// failure as the driver saw it, or ``closedReason`` after ``close()``; nil while the
    /// connection works.
    /// A driver may learn of a loss only at its next use of the connection.
    var lostReason: String? { get }
    /// Closes the connection to the desktop. Idempotent, and never waits for more than a request
    /// in progress; afterwards actions and observations throw and ``lostReason`` is set (a loss
    /// seen before the close keeps its own reason).
    func close()
    /// The desktop's windows.
    var windows: any WindowControl { get }
    /// Carries out one action. Points are checked against the screen first.
    func perform(_ action: Action) async throws
    /// Carries out `actions` in order, then waits for the screen to settle under `policy` (nothing
    /// waited for when it is nil).
    @discardableResult
    func perform(_ actions: [Action], settle policy: SettlePolicy?) async throws -> SettleOutcome?
    /// Observes the screen as it is, without acting.
    /// - Parameters:
    ///   - cursor: draw the pointer on the screenshot, as OSWorld's screenshots show it.
    ///   - size: scale the screenshot to this size (the captured pixels, before the one PNG
    ///     encode); nil: the screen's size.
    func observe(cursor: Bool, scaledTo size: Size?) throws -> Observation
}

extension DesktopDriver {
    /// What ``lostReason`` says once ``close()`` has closed a connection that still worked.
    public static var closedReason: String { "the connection was closed by Deskgym" }

    /// Carries out `actions`, waits for the screen to settle under `policy`, and observes it
    /// (scaled to `size` when given).
    public func step(
        _ actions: [Action], settle policy: SettlePolicy, cursor: Bool = false,
        scaledTo size: Size? = nil
    ) async throws -> Observation {
        let outcome = try await perform(actions, settle: policy)
        var observation = try observe(cursor: cursor, scaledTo: size)
        observation.settleMilliseconds = (outcome?.waited ?? .zero).milliseconds
        return observation
    }

    /// Observes the screen as it is, at the screen's size.
    public func observe(cursor: Bool = false) throws -> Observation {
        try observe(cursor: cursor, scaledTo: nil)
    }
}
