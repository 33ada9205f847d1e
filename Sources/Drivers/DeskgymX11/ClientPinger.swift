internal import CX11
import Foundation
import Synchronization

/// Asks a display's clients whether they have read their input, through the EWMH `_NET_WM_PING`
/// round trip.
///
/// A ping is a `WM_PROTOCOLS` client message (`data.l[0]` `_NET_WM_PING`, `l[1]` a timestamp,
/// `l[2]` the window) sent to a client's top-level window; a client that lists `_NET_WM_PING` in
/// the window's `WM_PROTOCOLS` sends the same message back to the root window. X delivers a
/// client's events in order, so its answer says it has read every event sent to it before the ping.
///
/// The pinger has an X connection of its own. An answer reaches only the connections that selected
/// `SubstructureNotifyMask` on the root, and on a shared connection the settle drain
/// (``DamageMonitor``), which reads and drops every event that is not a repaint, would swallow it,
/// while a drain for answers would swallow repaints. A second connection keeps each kind of event
/// with its one reader, and a wait for an answer never holds the lock that capture, input and
/// settle checks take. The mask is selected only while a ping waits, so the display's window
/// traffic (every map and configure on it) does not pile up on this connection between pings.
///
/// Each ping carries a timestamp of its own (counting up from a random start), and an answer
/// counts only when its timestamp and window are those of a ping still waiting: a late answer to a
/// ping that timed out, or an answer to the window manager's own pings, is dropped. Several pings
/// may wait at once. Waits poll the connection without blocking (`XPending`) and sleep
/// ``pollInterval`` between looks, so no thread of the concurrency pool is held.
public final class ClientPinger: Sendable {
    /// How long a wait sleeps between two looks for the answer.
    public static let pollInterval: Duration = .milliseconds(1)

    /// The pinger's own connection.
    public let connection: X11Connection
    private let atoms: Atoms
    private let state: Mutex<State>

    private struct Atoms {
        var wmProtocols: Atom
        var netWMPing: Atom
        var netActiveWindow: Atom
        var netSupportingWMCheck: Atom
    }

    private struct State {
        /// The timestamp of the next ping (never 0, which X reads as `CurrentTime`).
        var nextStamp = UInt32.random(in: 1...0x7fff_ffff)
        /// The pings waiting for an answer, by timestamp.
        var waiting: [UInt32: Waiting] = [:]
        /// Whether `SubstructureNotifyMask` is selected on the root; changed only under the
        /// connection's lock, together with the server's state.
        var selected = false
    }

    private struct Waiting {
        var window: UInt
        var answeredAt: ContinuousClock.Instant?
    }

    /// Where a ping goes: a window, or nowhere and why.
    private enum Target {
        case window(UInt)
        case nowhere(String)
    }

    /// Connects to `displayName` for pings, presenting `cookie` (MIT-MAGIC-COOKIE-1) when given.
    public init(displayName: String, cookie: [UInt8]? = nil) throws(X11Error) {
        let connection = try X11Connection(displayName: displayName, cookie: cookie)
        self.connection = connection
        atoms = try connection.withDisplay("ping setup") { display in
            Atoms(
                wmProtocols: XInternAtom(display, "WM_PROTOCOLS", 0), netWMPing: XInternAtom(display, "_NET_WM_PING", 0),
                netActiveWindow: XInternAtom(display, "_NET_ACTIVE_WINDOW", 0),
                netSupportingWMCheck: XInternAtom(display, "_NET_SUPPORTING_WM_CHECK", 0))
        }
        state = Mutex(State())
    }

    /// Closes the pinger's connection. Idempotent; afterwards pings throw `connectionLost`.
    public func close() {
        connection.close()
    }

    /// Pings the client of the active window and waits at most `timeout` for its answer.
    ///
    /// The active window is the root's `_NET_ACTIVE_WINDOW`; when that is absent or 0, the window
    /// with the input focus, or the nearest ancestor that has `WM_PROTOCOLS`, or else its top-level
    /// window. Input sent before the ping on another connection is ordered before it only once the
    /// server has processed that input (an `XSync` there), as ``X11Desktop/pingActiveClient(timeout:)``
    /// makes sure.
    /// - Returns: `.unsupported` with the reason when there is no such window or its client does
    ///   not take pings.
    /// - Throws: ``X11Error`` when the connection is lost, or `failed` when the task is cancelled
    ///   while waiting.
    public func pingActiveClient(timeout: Duration) async throws(X11Error) -> PingResult {
        switch try activeWindow() {
        case .nowhere(let reason): return .unsupported(reason)
        case .window(let window): return try await ping(window, timeout: timeout)
        }
    }

    /// Pings the client of `window` (a client's top-level window) when its `WM_PROTOCOLS` lists
    /// `_NET_WM_PING`, and waits at most `timeout` for the answer.
    /// - Returns: `.unsupported` with the reason when the window does not take pings or is gone.
    /// - Throws: ``X11Error`` when the connection is lost, or `failed` when the task is cancelled
    ///   while waiting.
    public func ping(_ window: UInt, timeout: Duration) async throws(X11Error) -> PingResult {
        if let refusal = try refusal(of: window) { return .unsupported(refusal) }
        let stamp: UInt32
        let sentAt: ContinuousClock.Instant
        do {
            (stamp, sentAt) = try send(to: window)
        } catch {
            if case .noSuchWindow = error.kind { return .unsupported("\(Self.hex(window)) is gone") }
            throw error
        }
        let clock = ContinuousClock()
        while true {
            let answeredAt: ContinuousClock.Instant?
            do {
                answeredAt = try collectAnswers(for: stamp)
            } catch {
                finish(stamp)
                throw error
            }
            if let answeredAt {
                finish(stamp)
                return .answered(after: answeredAt - sentAt)
            }
            if clock.now - sentAt >= timeout {
                finish(stamp)
                return .timedOut
            }
            if Task.isCancelled {
                finish(stamp)
                throw X11Error(
                    display: connection.name, operation: "ping",
                    kind: .failed("cancelled while waiting for the answer of \(Self.hex(window))"))
            }
            try? await Task.sleep(for: Self.pollInterval)
        }
    }

    // MARK: Finding the window

    /// The active window: `_NET_ACTIVE_WINDOW`, else the focus walked up to the window that has
    /// `WM_PROTOCOLS` or to its top-level window.
    private func activeWindow() throws(X11Error) -> Target {
        let atoms = self.atoms
        let root = connection.root
        return try connection.withDisplay("ping: active window") { display in
            // A window the manager has not yet taken off _NET_ACTIVE_WINDOW after it went counts as unset.
            var unset = "_NET_ACTIVE_WINDOW is unset"
            if let active = windows(display, root, atoms.netActiveWindow).first, active != 0 {
                if parent(display, active) != nil { return .window(active) }
                unset = "_NET_ACTIVE_WINDOW names \(Self.hex(active)), which is gone,"
            }
            var focus: Window = 0
            var revert: Int32 = 0
            XGetInputFocus(display, &focus, &revert)
            switch focus {
            case 0: return .nowhere("no active window: \(unset) and no window has the input focus")
            case UInt(PointerRoot): return .nowhere("no active window: \(unset) and the input focus follows the pointer")
            case root: return .nowhere("no active window: \(unset) and the input focus is on the root window")
            default: break
            }
            let manager = windows(display, root, atoms.netSupportingWMCheck).first
            var window = focus
            while true {
                if hasProperty(display, window, atoms.wmProtocols) { return .window(window) }
                guard let parent = parent(display, window) else {
                    return .nowhere("no active window: \(unset) and the input focus is on \(Self.hex(focus)), which is gone")
                }
                if parent == root {
                    if window == manager {
                        return .nowhere(
                            "no active window: \(unset) and the input focus is on the window manager's own \(Self.hex(window))")
                    }
                    return .window(window)
                }
                window = parent
            }
        }
    }

    /// Why `window` takes no ping, or nil when its `WM_PROTOCOLS` lists `_NET_WM_PING`.
    private func refusal(of window: UInt) throws(X11Error) -> String? {
        let atoms = self.atoms
        let operation = "ping: protocols"
        return try connection.withDisplay(operation) { display throws(X11Error) in
            var list: UnsafeMutablePointer<Atom>?
            var count: Int32 = 0
            let found = XGetWMProtocols(display, window, &list, &count) != 0
            defer { if let list { XFree(list) } }
            do throws(X11Error) {
                try connection.checkErrors(operation)
            } catch {
                if case .noSuchWindow = error.kind { return "\(Self.hex(window)) is gone" }
                throw error
            }
            let protocols = found && count > 0 ? Array(UnsafeBufferPointer(start: list, count: Int(count))) : []
            if protocols.contains(atoms.netWMPing) { return nil }
            let name = describe(display, window)
            guard !protocols.isEmpty else { return "\(name) does not take _NET_WM_PING: it has no WM_PROTOCOLS" }
            let names = protocols.map { atomName(display, $0) }.joined(separator: ", ")
            return "\(name) does not take _NET_WM_PING: its WM_PROTOCOLS are \(names)"
        }
    }

    // MARK: The round trip

    /// Sends a ping with a fresh timestamp to `window`, registered as waiting; selects the answers'
    /// mask on the root first when no other ping waits. Returns the timestamp and when it went out.
    private func send(to window: UInt) throws(X11Error) -> (UInt32, ContinuousClock.Instant) {
        let atoms = self.atoms
        let root = connection.root
        var registered: UInt32?
        do {
            return try connection.withDisplay("ping") { display throws(X11Error) in
                let (stamp, select) = state.withLock { state in
                    let stamp = state.nextStamp
                    state.nextStamp = stamp >= 0x7fff_ffff ? 1 : stamp + 1
                    state.waiting[stamp] = Waiting(window: window)
                    defer { state.selected = true }
                    return (stamp, !state.selected)
                }
                registered = stamp
                // Before the ping, on the same connection: the server selects the mask before the
                // client can see the ping, so the answer cannot arrive unselected.
                if select { XSelectInput(display, root, SubstructureNotifyMask) }
                var event = XEvent()
                event.xclient.type = ClientMessage
                event.xclient.window = window
                event.xclient.message_type = atoms.wmProtocols
                event.xclient.format = 32
                withUnsafeMutableBytes(of: &event.xclient.data) { raw in
                    let longs = raw.bindMemory(to: Int.self)
                    longs[0] = Int(bitPattern: atoms.netWMPing)
                    longs[1] = Int(stamp)
                    longs[2] = Int(bitPattern: window)
                }
                XSendEvent(display, window, 0, NoEventMask, &event)
                let sentAt = ContinuousClock.now
                XSync(display, 0)
                try connection.checkErrors("ping")
                return (stamp, sentAt)
            }
        } catch {
            if let registered { finish(registered) }
            throw error
        }
    }

    /// Reads the events that arrived, marks the answers to waiting pings, and returns when the ping
    /// `stamp` was answered, if it was.
    private func collectAnswers(for stamp: UInt32) throws(X11Error) -> ContinuousClock.Instant? {
        let atoms = self.atoms
        let answers = try connection.withDisplay("ping") { display in
            var answers: [(stamp: UInt32, window: UInt)] = []
            while XPending(display) > 0 {
                var event = XEvent()
                XNextEvent(display, &event)
                guard event.type == ClientMessage, event.xclient.message_type == atoms.wmProtocols, event.xclient.format == 32
                else { continue }
                let longs = withUnsafeBytes(of: event.xclient.data) { Array($0.bindMemory(to: Int.self).prefix(3)) }
                guard UInt(truncatingIfNeeded: longs[0]) == atoms.netWMPing else { continue }
                // Xlib widens the wire's 32 bits with their sign: compare the low 32 bits.
                answers.append((UInt32(truncatingIfNeeded: longs[1]), UInt(truncatingIfNeeded: UInt32(truncatingIfNeeded: longs[2]))))
            }
            return answers
        }
        let now = ContinuousClock.now
        return state.withLock { state in
            for answer in answers {
                guard let waiting = state.waiting[answer.stamp], waiting.window == answer.window, waiting.answeredAt == nil else {
                    continue
                }
                state.waiting[answer.stamp]?.answeredAt = now
            }
            return state.waiting[stamp]?.answeredAt
        }
    }

    /// Forgets the ping `stamp`; the last ping to finish deselects the answers' mask.
    private func finish(_ stamp: UInt32) {
        let root = connection.root
        _ = try? connection.withDisplay("ping") { display in
            let deselect = state.withLock { state in
                state.waiting.removeValue(forKey: stamp)
                guard state.waiting.isEmpty, state.selected else { return false }
                state.selected = false
                return true
            }
            if deselect {
                XSelectInput(display, root, NoEventMask)
                XFlush(display)
            }
        }
        // A lost connection: the state is dropped without the server's.
        state.withLock { _ = $0.waiting.removeValue(forKey: stamp) }
    }

    // MARK: Reading windows

    /// A format-32 `WINDOW` property: Xlib hands each item out as a C `long`.
    private func windows(_ display: OpaquePointer, _ window: UInt, _ atom: Atom) -> [UInt] {
        property(display, window, atom, length: 16, type: Atom(XA_WINDOW)) { actualType, format, count, data in
            guard let data, format == 32 else { return [] }
            return data.withMemoryRebound(to: UInt.self, capacity: Int(count)) { Array(UnsafeBufferPointer(start: $0, count: Int(count))) }
        } ?? []
    }

    private func hasProperty(_ display: OpaquePointer, _ window: UInt, _ atom: Atom) -> Bool {
        property(display, window, atom, length: 0, type: Atom(AnyPropertyType)) { actualType, _, _, _ in
            actualType != 0
        } ?? false
    }

    /// Reads up to `length` 32-bit items of property `atom` of `window` and hands its type, format,
    /// item count and data to `body`; nil when the request fails. The data is freed afterwards.
    private func property<T>(
        _ display: OpaquePointer, _ window: UInt, _ atom: Atom, length: Int, type: Atom,
        _ body: (Atom, Int32, UInt, UnsafeMutablePointer<UInt8>?) -> T
    ) -> T? {
        var actualType: Atom = 0
        var format: Int32 = 0
        var count: UInt = 0
        var remaining: UInt = 0
        var data: UnsafeMutablePointer<UInt8>?
        let status = XGetWindowProperty(
            display, window, atom, 0, length, 0, type, &actualType, &format, &count, &remaining, &data)
        defer { if let data { XFree(data) } }
        guard status == Success else { return nil }
        return body(actualType, format, count, data)
    }

    /// The parent of `window`, or nil when the window is gone.
    private func parent(_ display: OpaquePointer, _ window: UInt) -> UInt? {
        var root: Window = 0
        var parent: Window = 0
        var children: UnsafeMutablePointer<Window>?
        var count: UInt32 = 0
        guard XQueryTree(display, window, &root, &parent, &children, &count) != 0 else { return nil }
        if let children { XFree(children) }
        return parent
    }

    /// `window 0x…` with its class instance or title, for messages.
    private func describe(_ display: OpaquePointer, _ window: UInt) -> String {
        var hint = XClassHint()
        if XGetClassHint(display, window, &hint) != 0 {
            defer {
                if let name = hint.res_name { XFree(name) }
                if let cls = hint.res_class { XFree(cls) }
            }
            if let name = hint.res_name { return "\(Self.hex(window)) (\(String(cString: name)))" }
        }
        var name: UnsafeMutablePointer<CChar>?
        if XFetchName(display, window, &name) != 0, let name {
            defer { XFree(name) }
            return "\(Self.hex(window)) (\"\(String(cString: name))\")"
        }
        return Self.hex(window)
    }

    private func atomName(_ display: OpaquePointer, _ atom: Atom) -> String {
        guard let name = XGetAtomName(display, atom) else { return "atom \(atom)" }
        defer { XFree(name) }
        return String(cString: name)
    }

    private static func hex(_ window: UInt) -> String { "window 0x\(String(window, radix: 16))" }
}
