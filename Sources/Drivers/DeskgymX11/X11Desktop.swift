import DeskgymCore
import DeskgymImage
import Foundation
import Synchronization

/// A display seen and driven by an agent: capture, input, settle detection and windows over one
/// X connection.
///
/// Input runs off the concurrency pool, on the injector's queue (see ``InputInjector``); capture,
/// settle checks and window queries are X round trips done on the caller's thread.
public final class X11Desktop: DesktopDriver {
    /// The display name, such as `:12`.
    public let displayName: String
    /// The Xlib connection everything below shares.
    public let connection: X11Connection
    /// Screen capture (MIT-SHM).
    public let capturer: ScreenCapturer
    /// Pointer and keyboard input (XTest).
    public let input: InputInjector
    /// Repaint tracking for settle detection (XDamage).
    public let damage: DamageMonitor
    /// The window list, activation and closing (EWMH).
    public let windowController: WindowController
    /// The screen size in pixels.
    public let screenSize: Size
    /// Encodes screenshots, keeping the previous frame to skip unchanged bands.
    let encoder: PNGBandEncoder
    /// Encodes screenshots scaled to an observation size, with a previous frame of its own.
    let scaledEncoder: PNGBandEncoder
    /// The MIT-MAGIC-COOKIE-1 the desktop connected with, for the pinger's connection.
    let cookie: [UInt8]?
    /// The `_NET_WM_PING` pinger: its own connection, opened at the first ping and closed with
    /// the desktop (see ``pingActiveClient(timeout:)``).
    let pingerSlot = Mutex<PingerSlot>(.unopened)

    /// Connects to `displayName` and prepares capture, input and damage tracking; `cookie` is the
    /// MIT-MAGIC-COOKIE-1 a session's Xvfb requires (nil: what `XAUTHORITY` names, if anything).
    public init(displayName: String, cookie: [UInt8]? = nil, encoderOptions: PNGEncoderOptions = PNGEncoderOptions()) throws {
        self.displayName = displayName
        self.cookie = cookie
        connection = try X11Connection(displayName: displayName, cookie: cookie)
        capturer = try ScreenCapturer(connection: connection)
        input = try InputInjector(connection: connection)
        damage = try DamageMonitor(connection: connection)
        windowController = WindowController(connection: connection)
        screenSize = Size(width: capturer.width, height: capturer.height)
        encoder = try PNGBandEncoder(options: encoderOptions)
        scaledEncoder = try PNGBandEncoder(options: encoderOptions)
    }

    /// The window list, activation and closing, as the driver protocol hands them out.
    public var windows: any WindowControl { windowController }

    /// Whether the X server has gone away or the desktop was closed.
    public var isDead: Bool { connection.isDead }

    /// Why the X connection ended: the I/O error Xlib reported when the server died or dropped the
    /// connection (seen at the first use after it), or ``closedReason`` after
    /// ``close()``; nil while it works.
    public var lostReason: String? { connection.lostReason }

    /// Closes the X connections (the pinger's too). Idempotent; afterwards every action, capture,
    /// window query and ping throws `connectionLost`, and ``lostReason`` says why the connection ended.
    public func close() {
        connection.close()
        closePinger()
    }

    /// Carries out one action. Points are checked against the screen first.
    public func perform(_ action: Action) async throws {
        try action.validate(on: screenSize)
        switch action {
        case .moveTo(let point):
            try await input.move(to: point)
        case .click(let button, let point, let count):
            try await input.click(button, at: point, count: count)
        case .mouseDown(let button, let point):
            if let point { try await input.move(to: point) }
            try await input.button(button.xButton, down: true)
        case .mouseUp(let button, let point):
            if let point { try await input.move(to: point) }
            try await input.button(button.xButton, down: false)
        case .rightClick(let point):
            try await input.click(.right, at: point, count: 1)
        case .doubleClick(let point):
            try await input.click(.left, at: point, count: 2)
        case .dragTo(let point, let button):
            try await input.drag(to: point, button: button)
        case .scroll(let dx, let dy, let point):
            try await input.scroll(dx: dx, dy: dy, at: point)
        case .typing(let text):
            try await input.type(text)
        case .press(let key):
            try await input.press(key)
        case .keyDown(let key):
            try await input.key(key, down: true)
        case .keyUp(let key):
            try await input.key(key, down: false)
        case .hotkey(let keys):
            try await input.hotkey(keys)
        case .wait, .runCommand, .fail, .done:
            try await action.performOffDisplay()
        }
    }

    /// Carries out `actions` in order, then waits for the screen to settle under `policy`.
    @discardableResult
    public func perform(_ actions: [Action], settle policy: SettlePolicy?) async throws -> SettleOutcome? {
        if policy != nil { try damage.reset() }
        for action in actions { try await perform(action) }
        guard let policy else { return nil }
        return try await damage.waitUntilQuiet(quiet: policy.quiet, cap: policy.cap)
    }
}
