import DeskgymCore
import DeskgymImage
import Synchronization

/// A desktop held in memory, for tests of what sits above the driver (sessions, the step engine,
/// the server's leases, batches, records and errors) without an X server: a framebuffer of one
/// solid colour, every action carried out kept in order, and failures on demand — actions refused
/// as a driver refuses them, or the connection lost with a reason.
///
/// Actions are checked against the screen as the real drivers check them, then only recorded:
/// nothing moves on the screen, a wait does not wait, and settling returns at once having seen
/// no repaint. Observations never draw a pointer.
public final class MemoryDesktop: DesktopDriver {
    /// A framebuffer colour.
    public struct Colour: Sendable, Hashable {
        public var red: UInt8
        public var green: UInt8
        public var blue: UInt8

        public init(red: UInt8, green: UInt8, blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    /// Why an action or observation failed on a lost connection.
    public struct ConnectionLost: Error, Sendable, Hashable, CustomStringConvertible {
        /// The reason the connection was lost with.
        public var reason: String
        public var description: String { "the memory desktop's connection is gone: \(reason)" }
    }

    private struct State {
        var colour: Colour
        var performed: [Action] = []
        var observations = 0
        var lostReason: String?
        /// A loss the desktop learns of at its next action, as a real driver learns of a dead server.
        var pendingLoss: String?
        var refusal: (reason: String, matches: @Sendable (Action) -> Bool)?
    }

    public let screenSize: Size
    public let windows: any WindowControl
    private let state: Mutex<State>

    /// A desktop of `screenSize` filled with `colour`; it lists no windows.
    public init(screenSize: Size, colour: Colour = Colour(red: 40, green: 90, blue: 160), name: String = "memory desktop") {
        self.screenSize = screenSize
        windows = UnavailableWindows(desktop: name)
        state = Mutex(State(colour: colour))
    }

    // MARK: What the tests read and steer

    /// The actions carried out so far, in order (refused ones are not among them).
    public var performed: [Action] { state.withLock { $0.performed } }

    /// How many observations were taken.
    public var observationCount: Int { state.withLock { $0.observations } }

    /// The colour the whole screen shows.
    public var colour: Colour {
        get { state.withLock { $0.colour } }
        set { state.withLock { $0.colour = newValue } }
    }

    /// Loses the connection now: ``isDead`` and ``lostReason`` say so, and every later action or
    /// observation throws ``ConnectionLost``.
    public func loseConnection(reason: String) {
        state.withLock { state in
            if state.lostReason == nil { state.lostReason = reason }
        }
    }

    /// Loses the connection at the next action, which throws: until then the desktop looks healthy,
    /// as a real driver only learns of a dead server when it next uses the connection.
    public func loseConnectionAtNextAction(reason: String) {
        state.withLock { $0.pendingLoss = reason }
    }

    /// Refuses the actions `matching` picks (all, by default) with an ``ActionError`` saying
    /// `reason`, as a driver refuses what it cannot carry out; nil `reason` accepts them again.
    public func refuseActions(_ reason: String?, matching: @escaping @Sendable (Action) -> Bool = { _ in true }) {
        state.withLock { state in
            state.refusal = reason.map { ($0, matching) }
        }
    }

    // MARK: DesktopDriver

    public var isDead: Bool { lostReason != nil }

    public var lostReason: String? { state.withLock { $0.lostReason } }

    public func close() {
        loseConnection(reason: Self.closedReason)
    }

    public func perform(_ action: Action) async throws {
        try action.validate(on: screenSize)
        try state.withLock { state throws in
            if let reason = state.lostReason { throw ConnectionLost(reason: reason) }
            if let reason = state.pendingLoss {
                state.pendingLoss = nil
                state.lostReason = reason
                throw ConnectionLost(reason: reason)
            }
            if let refusal = state.refusal, refusal.matches(action) {
                throw ActionError(action: action, problem: .unsupported(refusal.reason))
            }
            state.performed.append(action)
        }
    }

    @discardableResult
    public func perform(_ actions: [Action], settle policy: SettlePolicy?) async throws -> SettleOutcome? {
        // Every point is checked before the first action is carried out, as the real drivers do.
        for action in actions { try action.validate(on: screenSize) }
        for action in actions { try await perform(action) }
        if let lost = lostReason { throw ConnectionLost(reason: lost) }
        return policy.map { _ in SettleOutcome(sawDamage: false, damageEvents: 0, waited: .zero, lastDamageAfter: .zero, hitCap: false) }
    }

    public func observe(cursor: Bool, scaledTo size: Size?) throws -> Observation {
        let colour = try state.withLock { state throws in
            if let reason = state.lostReason { throw ConnectionLost(reason: reason) }
            state.observations += 1
            return state.colour
        }
        var layout = FrameLayout(width: screenSize.width, height: screenSize.height)
        var pixels = [UInt8](repeating: 0, count: screenSize.width * screenSize.height * 4)
        for offset in stride(from: 0, to: pixels.count, by: 4) {
            pixels[offset] = colour.blue
            pixels[offset + 1] = colour.green
            pixels[offset + 2] = colour.red
        }
        // Through the real scaler and encoder, so that observation sizes behave as on a real desktop.
        if let size, size != screenSize {
            pixels = pixels.withUnsafeBytes { PixelScaler.scale($0, layout: layout, to: size) }
            layout = FrameLayout(width: size.width, height: size.height)
        }
        let png = try pixels.withUnsafeBytes { try encodePNG(bgrx: $0, layout: layout) }
        return Observation(screenshot: Screenshot(png: png, size: layout.size), windows: try windows.list(), settleMilliseconds: 0)
    }
}
