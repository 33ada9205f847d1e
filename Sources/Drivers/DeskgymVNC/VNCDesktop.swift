import DeskgymCore
import DeskgymImage
import Foundation
import Logging
import Synchronization

/// A desktop reached over VNC (libvncclient): the client's framebuffer is the screenshot, RFB
/// pointer and key events are the input, and the screen counts as settled once no framebuffer
/// update has arrived for the quiet period.
///
/// Connect with ``connect(host:port:password:timeout:windows:logger:)``; end with ``close()``.
public final class VNCDesktop: DesktopDriver {
    /// The server, as `host:port`.
    public let server: String
    /// The desktop's windows: a local X display's when the session can reach one, else none.
    public let windows: any WindowControl
    let connection: VNCConnection
    /// Encodes screenshots, keeping the previous frame to skip unchanged bands.
    let encoder: PNGBandEncoder
    /// Encodes screenshots scaled to an observation size, with a previous frame of its own.
    let scaledEncoder: PNGBandEncoder
    /// Where the pointer was last sent and which buttons are held: RFB has no way to ask.
    let pointer = Mutex<(position: Point, buttons: Int32)>((Point(x: 0, y: 0), 0))
    /// The update count at the last ``resetSettle()``.
    private let settleMark = Mutex(0)
    private let logger: Logger

    private init(
        server: String, connection: VNCConnection, windows: any WindowControl,
        encoderOptions: PNGEncoderOptions, logger: Logger
    ) throws {
        self.server = server
        self.connection = connection
        self.windows = windows
        self.logger = logger
        encoder = try PNGBandEncoder(options: encoderOptions)
        scaledEncoder = try PNGBandEncoder(options: encoderOptions)
    }

    deinit {
        connection.close()
    }

    /// Connects to the VNC server at `host:port`, authenticates with `password` (if the server
    /// asks for one), and returns once the first full framebuffer has arrived.
    /// - Parameters:
    ///   - timeout: how long to wait for the connection and for the first framebuffer.
    ///   - windows: the desktop's windows when something else can reach them (a local X display).
    /// - Throws: ``VNCError``: `cannotConnect` (nothing listens, or no answer in time),
    ///   `wrongPassword`, `passwordRequired`, `handshakeFailed`, `timedOut`.
    public static func connect(
        host: String, port: Int, password: String?, timeout: Duration = .seconds(10),
        windows: (any WindowControl)? = nil, encoderOptions: PNGEncoderOptions = PNGEncoderOptions(),
        logger: Logger
    ) async throws -> VNCDesktop {
        let server = "\(host):\(port)"
        // libvncclient's connect and handshake block: keep them off the cooperative pool.
        let connection: VNCConnection = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(
                    with: Result { () throws(VNCError) -> VNCConnection in
                        try VNCConnection.open(host: host, port: port, password: password, timeout: timeout)
                    })
            }
        }
        let desktop: VNCDesktop
        do {
            desktop = try VNCDesktop(
                server: server, connection: connection,
                windows: windows ?? UnavailableWindows(desktop: "the VNC desktop at \(server)"),
                encoderOptions: encoderOptions, logger: logger)
            try await desktop.waitForFirstFrame(timeout: timeout)
        } catch {
            connection.close()
            throw error
        }
        logger.debug(
            "VNC desktop connected",
            metadata: [
                "vnc.server": "\(server)",
                "vnc.size": "\(desktop.screenSize.width)x\(desktop.screenSize.height)",
            ])
        return desktop
    }

    private func waitForFirstFrame(timeout: Duration) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while connection.updates.count == 0 {
            if let reason = connection.lostReason {
                throw VNCError(server: server, operation: "connect", kind: .connectionLost(reason))
            }
            if clock.now > deadline {
                throw VNCError(server: server, operation: "connect", kind: .timedOut("waiting for the first framebuffer"))
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Closes the connection. Idempotent; the desktop is dead afterwards and ``lostReason`` says
    /// why (``closedReason``, unless the connection was lost before). Does not wait for the thread
    /// that reads the server's messages: it closes the socket itself within 50 ms.
    public func close() {
        connection.close()
    }

    /// The framebuffer's size (the server may change it, as a VM's BIOS and desktop do).
    public var screenSize: Size { connection.size }

    /// Whether the connection has ended.
    public var isDead: Bool { connection.lostReason != nil }

    /// Why the connection ended, or nil while it lasts.
    public var lostReason: String? { connection.lostReason }

    /// Number of framebuffer update rectangles received since connecting.
    public var updateCount: Int { connection.updates.count }

    /// Observes the screen as it is: the framebuffer, and the window list when windows are
    /// reachable. The pointer is not drawn (`cursor` is ignored): the server draws it into the
    /// framebuffer or leaves it out, as it likes.
    public func observe(cursor: Bool, scaledTo size: Size?) throws -> Observation {
        Observation(screenshot: try screenshot(scaledTo: size).screenshot, windows: try windows.list(), settleMilliseconds: 0)
    }

    /// Encodes the current framebuffer as PNG. Bands of rows that did not change since the
    /// previous screenshot are not compressed again.
    ///
    /// - Parameter scaledSize: scale the framebuffer's pixels to this size before encoding (with an
    ///   encoder of its own); nil or the screen's size: as it is.
    public func screenshot(scaledTo scaledSize: Size? = nil) throws -> EncodedPNG {
        let encoder = self.encoder
        guard let scaledSize, scaledSize != screenSize else {
            return try connection.withFrame("screenshot") { bytes, size in
                try encoder.encode(bytes, layout: FrameLayout(width: size.width, height: size.height, bytesPerLine: size.width * 4))
            }
        }
        let scaled = try connection.withFrame("screenshot") { bytes, size in
            PixelScaler.scale(
                bytes, layout: FrameLayout(width: size.width, height: size.height, bytesPerLine: size.width * 4),
                to: scaledSize)
        }
        let scaledEncoder = self.scaledEncoder
        return try scaled.withUnsafeBytes { pixels in
            try scaledEncoder.encode(
                pixels,
                layout: FrameLayout(
                    width: scaledSize.width, height: scaledSize.height,
                    bytesPerLine: scaledSize.width * 4))
        }
    }

    /// Hands the framebuffer's pixels (B, G, R, X, `width * 4` bytes a row) to `body`, under the
    /// connection's lock: keep it short.
    public func withFrame<T>(_ body: (UnsafeRawBufferPointer, Size) throws -> T) throws -> T {
        try connection.withFrame("capture", body)
    }

    // MARK: Settle

    /// Forgets updates seen so far; call before an action whose effect is to be waited for.
    public func resetSettle() {
        let count = connection.updates.count
        settleMark.withLock { $0 = count }
    }

    /// Returns once no framebuffer update has arrived for `quiet` (counted from the call or the
    /// last update), or after `cap` at most.
    public func waitUntilQuiet(quiet: Duration, cap: Duration) async throws -> SettleOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var last = start
        var seen = 0
        var counted = settleMark.withLock { $0 }
        while true {
            if let reason = connection.lostReason {
                throw VNCError(server: server, operation: "settle", kind: .connectionLost(reason))
            }
            let updates = connection.updates
            let now = clock.now
            if updates.count > counted {
                seen += updates.count - counted
                counted = updates.count
                last = max(start, updates.last ?? now)
            }
            if now - last >= quiet {
                settleMark.withLock { $0 = counted }
                return SettleOutcome(
                    sawDamage: seen > 0, damageEvents: seen, waited: now - start,
                    lastDamageAfter: seen > 0 ? last - start : .zero, hitCap: false)
            }
            if now - start >= cap {
                settleMark.withLock { $0 = counted }
                return SettleOutcome(
                    sawDamage: seen > 0, damageEvents: seen, waited: now - start,
                    lastDamageAfter: last - start, hitCap: true)
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}
