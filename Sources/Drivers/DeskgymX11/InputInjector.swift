internal import CX11
internal import CXTest
import DeskgymCore
import Foundation

/// Sends pointer and keyboard input to one display through the XTest extension.
///
/// Input has to wait on the display now and then: a chord is held for ``chordHold`` before its
/// release, a key pressed again right after its release waits ``repeatGap``, a keycode newly mapped
/// to a character waits 0.1–0.15 s for clients to re-read the keyboard map, and pointer input waits
/// until the server shows it processed it (at most ``inputBarrierCap``). The `async` methods run on
/// a serial dispatch queue of this injector's own, so these waits occupy a thread of that queue
/// and never one of the Swift concurrency pool, whose few threads (one a core) serve every
/// session's requests: eight sessions holding chords must not stall the HTTP server.
///
/// Why a queue of its own rather than `Task.sleep` in the cooperative pool: the waits sit inside
/// sequences that other input to the display must not split — a borrowed keycode has to keep its
/// character from the map change to the key event, a chord's releases follow its presses — and the
/// lock that keeps them whole (`lock`) cannot be held across an `await`; an async lock would have
/// to be written for it, and the forwarding calls (``forwardKey(keysym:down:)``), which the VNC
/// server makes synchronously on its own thread, would need a second, blocking copy of the same
/// code. On the queue one blocking implementation serves both, and one display's actions stay in
/// the order they were asked for. A serial queue also costs no thread while its display is idle.
///
/// Input that needs no wait at all — one key the layout has and was not just released, text
/// without a repeated key or a missing character — is sent from the caller's thread when the lock
/// is free: it is X round trips only, like a capture, and the hop to the queue and back would cost
/// more than it saves with many sessions on few cores.
///
/// The X connection's own lock is never held across a wait, so the captures, settle checks and
/// window queries of the same display, which do run on the pool, wait at most for an X round trip.
///
/// `@unchecked Sendable`: its mutable keyboard map and key state are touched only while `lock` is held.
public final class InputInjector: @unchecked Sendable {
    let connection: X11Connection
    /// Held for a whole input operation, waits included; never waited for on the concurrency pool
    /// (the `async` methods take it on `queue`, the forwarding calls on the caller's own thread;
    /// input that needs no wait is sent from the caller's thread only when the lock is free).
    let lock = NSLock()
    /// Where the `async` methods run: see the type's documentation.
    private let queue: DispatchQueue
    var keyboard: KeyboardMapping
    /// What events forwarded from a remote keyboard and pointer hold down (see `forwardKey`).
    var forwarded = ForwardedInput()
    /// Keys and buttons this injector holds down, released by ``releaseAll()``.
    var heldKeycodes: [UInt8] = []
    /// The keycode of the last key event sent when that event was a release, else nil.
    var lastReleasedKeycode: UInt8?

    /// Prepares input injection on `connection`'s display.
    public init(connection: X11Connection) throws(X11Error) {
        self.connection = connection
        queue = DispatchQueue(label: "deskgym-input \(connection.name)")
        keyboard = try connection.withDisplay("input setup") { display throws(X11Error) in
            var event: Int32 = 0, error: Int32 = 0, major: Int32 = 0, minor: Int32 = 0
            guard XTestQueryExtension(display, &event, &error, &major, &minor) != 0 else {
                throw X11Error(display: connection.name, operation: "input setup", kind: .missingExtension("XTEST"))
            }
            return KeyboardMapping(display: display)
        }
    }

    /// The screen size in pixels.
    public var screenSize: Size {
        get throws(X11Error) {
            try connection.withDisplay("screen size") { display in
                Size(width: Int(XDisplayWidth(display, connection.screen)), height: Int(XDisplayHeight(display, connection.screen)))
            }
        }
    }

    /// Where the pointer is.
    public func cursorPosition() throws(X11Error) -> Point {
        try connection.withDisplay("cursor position") { display in
            var root: Window = 0, child: Window = 0
            var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
            var mask: UInt32 = 0
            XQueryPointer(display, connection.root, &root, &child, &rootX, &rootY, &winX, &winY, &mask)
            return Point(x: Int(rootX), y: Int(rootY))
        }
    }

    /// Moves the pointer to `point`.
    public func move(to point: Point) async throws(X11Error) {
        try await offPool { () throws(X11Error) in
            try self.send("move", pointerAt: point) { display in
                XTestFakeMotionEvent(display, self.connection.screen, Int32(point.x), Int32(point.y), 0)
            }
        }
    }

    /// Presses (`down`) or releases a mouse button by X number (1 left, 2 middle, 3 right, 4–7 wheel).
    public func button(_ number: UInt32, down: Bool) async throws(X11Error) {
        try await offPool { () throws(X11Error) in
            try self.send(
                down ? "mouse down" : "mouse up", buttonsDown: down ? [number] : [],
                buttonsUp: down ? [] : [number]
            ) { display in
                XTestFakeButtonEvent(display, number, down ? 1 : 0, 0)
            }
        }
    }

    /// Clicks `count` times with `button`, optionally after moving to `point`.
    public func click(_ button: MouseButton, at point: Point?, count: Int) async throws(X11Error) {
        try await offPool { () throws(X11Error) in
            try self.send("click", pointerAt: point, buttonsUp: [button.xButton]) { display in
                if let point { XTestFakeMotionEvent(display, self.connection.screen, Int32(point.x), Int32(point.y), 0) }
                for _ in 0..<count {
                    XTestFakeButtonEvent(display, button.xButton, 1, 0)
                    XTestFakeButtonEvent(display, button.xButton, 0, 0)
                }
            }
        }
    }

    /// Scrolls by wheel clicks; `dy > 0` is up and `dx > 0` is right, as in pyautogui.
    public func scroll(dx: Int, dy: Int, at point: Point?) async throws(X11Error) {
        try await offPool { () throws(X11Error) in
            try self.send("scroll", pointerAt: point, buttonsUp: [4, 5, 6, 7]) { display in
                if let point { XTestFakeMotionEvent(display, self.connection.screen, Int32(point.x), Int32(point.y), 0) }
                let vertical: UInt32 = dy > 0 ? 4 : 5
                for _ in 0..<abs(dy) {
                    XTestFakeButtonEvent(display, vertical, 1, 0)
                    XTestFakeButtonEvent(display, vertical, 0, 0)
                }
                let horizontal: UInt32 = dx > 0 ? 7 : 6
                for _ in 0..<abs(dx) {
                    XTestFakeButtonEvent(display, horizontal, 1, 0)
                    XTestFakeButtonEvent(display, horizontal, 0, 0)
                }
            }
        }
    }

    /// Drags with `button` from where the pointer is to `point`, through intermediate positions so
    /// that toolkits with a drag threshold see a drag.
    public func drag(to point: Point, button: MouseButton, steps: Int = 10) async throws {
        let start = try cursorPosition()
        try await self.button(button.xButton, down: true)
        try await Task.sleep(for: .milliseconds(15))
        for step in 1...max(1, steps) {
            let x = start.x + (point.x - start.x) * step / max(1, steps)
            let y = start.y + (point.y - start.y) * step / max(1, steps)
            try await move(to: Point(x: x, y: y))
            try await Task.sleep(for: .milliseconds(5))
        }
        try await self.button(button.xButton, down: false)
    }

    /// Presses or releases `key`. Shifted characters (`A`, `!`) hold Shift around the press.
    public func key(_ key: Key, down: Bool) async throws(X11Error) {
        let keysym = try keysym(for: key)
        let sent = try lockedIfFree { () throws(X11Error) -> Bool in
            guard self.sendsAtOnce([keysym], typing: false) else { return false }
            try self.sendKey(keysym, down: down)
            return true
        }
        if sent { return }
        try await offPool { () throws(X11Error) in
            try self.locked { () throws(X11Error) in try self.sendKey(keysym, down: down) }
        }
    }

    /// Presses and releases `key`.
    public func press(_ key: Key) async throws(X11Error) {
        try await hotkey([key])
    }

    /// Presses `keys` in order and releases them in reverse order.
    public func hotkey(_ keys: [Key]) async throws(X11Error) {
        var found: [UInt] = []
        for key in keys { found.append(try keysym(for: key)) }
        try await send(found, typing: false)
    }

    /// Types `text`: each Unicode scalar is pressed on its key, with Shift when needed, or on a
    /// borrowed keycode when the layout lacks it.
    public func type(_ text: String) async throws(X11Error) {
        try await send(text.unicodeScalars.map(Self.keysym(for:)), typing: true)
    }

    /// Types `keysyms` (``sendText(_:)``) or presses them as a chord (``sendChord(_:)``): from the
    /// caller's thread when the lock is free and they go at once (``sendsAtOnce(_:typing:)``), else
    /// from the pool.
    private func send(_ keysyms: [UInt], typing: Bool) async throws(X11Error) {
        let sent = try lockedIfFree { () throws(X11Error) -> Bool in
            guard self.sendsAtOnce(keysyms, typing: typing) else { return false }
            try self.sendKeysyms(keysyms, typing: typing)
            return true
        }
        if sent { return }
        try await offPool { () throws(X11Error) in
            try self.locked { () throws(X11Error) in try self.sendKeysyms(keysyms, typing: typing) }
        }
    }

    /// ``sendText(_:)`` when `typing`, else ``sendChord(_:)``. Called with `lock` held.
    private func sendKeysyms(_ keysyms: [UInt], typing: Bool) throws(X11Error) {
        if typing { try sendText(keysyms) } else { try sendChord(keysyms) }
    }

    /// Releases every key this injector holds down and every mouse button.
    public func releaseAll() async throws(X11Error) {
        try await offPool { () throws(X11Error) in
            try self.locked { () throws(X11Error) in
                let keys = self.heldKeycodes.reversed().map { KeyEvent(keycode: $0, down: false) }
                self.heldKeycodes.removeAll()
                try self.sendKeys("release all", keys)
                try self.send("release all") { display in
                    for button in [UInt32(1), 2, 3] { XTestFakeButtonEvent(display, button, 0, 0) }
                }
            }
        }
    }

    /// The keysym X uses for one Unicode scalar.
    static func keysym(for scalar: Unicode.Scalar) -> UInt {
        switch scalar.value {
        case 0x0A, 0x0D: UInt(XK_Return)
        case 0x09: UInt(XK_Tab)
        case 0x08: UInt(XK_BackSpace)
        case 0x1B: UInt(XK_Escape)
        case 0x20...0x7E, 0xA0...0xFF: UInt(scalar.value)
        default: 0x0100_0000 | UInt(scalar.value)
        }
    }

    func keysym(for key: Key) throws(X11Error) -> UInt {
        let keysym = XStringToKeysym(key.keysymName)
        guard keysym != 0 else {
            throw X11Error(
                display: connection.name, operation: "key",
                kind: .keyUnavailable("key '\(key.name)' (X keysym \(key.keysymName) is unknown to Xlib)"))
        }
        return keysym
    }

    /// Runs `body` on `queue` and waits for it without holding a thread of the concurrency pool.
    /// The body runs to its end even if the task is cancelled meanwhile: input is not left half sent.
    private func offPool<T: Sendable>(_ body: @escaping @Sendable () throws(X11Error) -> T) async throws(X11Error) -> T {
        let result: Result<T, X11Error> = await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: Result(catching: body)) }
        }
        return try result.get()
    }

    /// Runs `body` holding `lock` when the lock is free at once; false when it is not (another
    /// operation, perhaps in a wait, holds it), without waiting.
    func lockedIfFree(_ body: () throws(X11Error) -> Bool) throws(X11Error) -> Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        return try body()
    }

    /// Runs `body` holding `lock`.
    func locked<T>(_ body: () throws(X11Error) -> T) throws(X11Error) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// The pause between a key's release and its next press: X timestamps count milliseconds, and
    /// auto-repeat checks take a difference below 2 ms for a repeat.
    static let repeatGap: TimeInterval = 0.003

    /// How long a chord of several keys is held before its keys are released.
    static let chordHold: TimeInterval = 0.03

    /// The longest wait for the server to process sent input.
    static let inputBarrierCap = Duration.milliseconds(250)

    /// The `state` bit of X button `number` (Button1Mask is 1 << 8).
    static func buttonMask(_ number: UInt32) -> UInt32 { number >= 1 && number <= 5 ? 1 << (7 + number) : 0 }
}

extension MouseButton {
    /// The X button number.
    var xButton: UInt32 {
        switch self {
        case .left: 1
        case .middle: 2
        case .right: 3
        }
    }
}
