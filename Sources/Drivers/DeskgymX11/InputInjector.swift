import CX11
import CXTest
import DeskgymCore
import Foundation

/// Sends pointer and keyboard input to one display through the XTest extension.
///
/// `@unchecked Sendable`: its mutable keyboard map is touched only while `lock` is held.
public final class InputInjector: @unchecked Sendable {
    let connection: X11Connection
    let lock = NSLock()
    var keyboard: KeyboardMapping
    /// What events forwarded from a remote keyboard and pointer hold down (see `forwardKey`).
    var forwarded = ForwardedInput()
    /// Keys and buttons this injector holds down, released by ``releaseAll()``.
    private var heldKeycodes: [UInt8] = []
    /// The keycode of the last key event sent when that event was a release, else nil.
    private var lastReleasedKeycode: UInt8?

    /// Prepares input injection on `connection`'s display.
    public init(connection: X11Connection) throws(X11Error) {
        self.connection = connection
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
    public func move(to point: Point) throws(X11Error) {
        try send("move", pointerAt: point) { display in
            XTestFakeMotionEvent(display, connection.screen, Int32(point.x), Int32(point.y), 0)
        }
    }

    /// Presses (`down`) or releases a mouse button by X number (1 left, 2 middle, 3 right, 4–7 wheel).
    public func button(_ number: UInt32, down: Bool) throws(X11Error) {
        try send(down ? "mouse down" : "mouse up", buttonsDown: down ? [number] : [], buttonsUp: down ? [] : [number]) { display in
            XTestFakeButtonEvent(display, number, down ? 1 : 0, 0)
        }
    }

    /// Clicks `count` times with `button`, optionally after moving to `point`.
    public func click(_ button: MouseButton, at point: Point?, count: Int) throws(X11Error) {
        try send("click", pointerAt: point, buttonsUp: [button.xButton]) { display in
            if let point { XTestFakeMotionEvent(display, connection.screen, Int32(point.x), Int32(point.y), 0) }
            for _ in 0..<count {
                XTestFakeButtonEvent(display, button.xButton, 1, 0)
                XTestFakeButtonEvent(display, button.xButton, 0, 0)
            }
        }
    }

    /// Scrolls by wheel clicks; `dy > 0` is up and `dx > 0` is right, as in pyautogui.
    public func scroll(dx: Int, dy: Int, at point: Point?) throws(X11Error) {
        try send("scroll", pointerAt: point, buttonsUp: [4, 5, 6, 7]) { display in
            if let point { XTestFakeMotionEvent(display, connection.screen, Int32(point.x), Int32(point.y), 0) }
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

    /// Drags with `button` from where the pointer is to `point`, through intermediate positions so
    /// that toolkits with a drag threshold see a drag.
    public func drag(to point: Point, button: MouseButton, steps: Int = 10) async throws {
        let start = try cursorPosition()
        try self.button(button.xButton, down: true)
        try await Task.sleep(for: .milliseconds(15))
        for step in 1...max(1, steps) {
            let x = start.x + (point.x - start.x) * step / max(1, steps)
            let y = start.y + (point.y - start.y) * step / max(1, steps)
            try move(to: Point(x: x, y: y))
            try await Task.sleep(for: .milliseconds(5))
        }
        try self.button(button.xButton, down: false)
    }

    /// Presses or releases `key`. Shifted characters (`A`, `!`) hold Shift around the press.
    public func key(_ key: Key, down: Bool) throws(X11Error) {
        let keysym = try keysym(for: key)
        try withKeyboard(down ? "key down" : "key up", keysyms: [keysym]) { display, keyboard in
            guard let stroke = keyboard.stroke(for: keysym) else { return }
            if down {
                if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: true) }
                fakeKey(display, stroke.keycode, down: true)
                heldKeycodes.append(stroke.keycode)
            } else {
                fakeKey(display, stroke.keycode, down: false)
                if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: false) }
                heldKeycodes.removeAll { $0 == stroke.keycode }
            }
        }
    }

    /// Presses and releases `key`.
    public func press(_ key: Key) throws(X11Error) {
        try hotkey([key])
    }

    /// Presses `keys` in order and releases them in reverse order.
    public func hotkey(_ keys: [Key]) throws(X11Error) {
        var keysyms: [UInt] = []
        for key in keys { keysyms.append(try keysym(for: key)) }
        var pressed: [KeyStroke] = []
        try withKeyboard("hotkey", keysyms: keysyms) { display, keyboard in
            for keysym in keysyms {
                guard let stroke = keyboard.stroke(for: keysym) else { continue }
                if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: true) }
                fakeKey(display, stroke.keycode, down: true)
                pressed.append(stroke)
            }
        }
        if keys.count > 1 {
            // A chord may start a window manager's keyboard grab (openbox's alt+tab cycle); if the
            // releases arrive before the grab, the manager never sees alt go up and the switch
            // waits for the next key. The server gives no sign of the grab, so give it a moment.
            Thread.sleep(forTimeInterval: Self.chordHold)
        }
        let strokes = pressed
        try withKeyboard("hotkey", keysyms: []) { display, keyboard in
            for stroke in strokes.reversed() {
                fakeKey(display, stroke.keycode, down: false)
                if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: false) }
            }
        }
    }

    /// Types `text`: each Unicode scalar is pressed on its key, with Shift when needed, or on a
    /// borrowed keycode when the layout lacks it.
    public func type(_ text: String) throws(X11Error) {
        let keysyms = text.unicodeScalars.map(Self.keysym(for:))
        // Batches keep the number of distinct borrowed characters within the spare keycodes.
        var start = 0
        while start < keysyms.count {
            var end = start
            var distinct = Set<UInt>()
            while end < keysyms.count {
                distinct.insert(keysyms[end])
                if distinct.count > 64 { break }
                end += 1
            }
            let batch = Array(keysyms[start..<end])
            try withKeyboard("type", keysyms: batch) { display, keyboard in
                for keysym in batch {
                    guard let stroke = keyboard.stroke(for: keysym) else { continue }
                    if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: true) }
                    fakeKey(display, stroke.keycode, down: true)
                    fakeKey(display, stroke.keycode, down: false)
                    if stroke.shifted { fakeKey(display, keyboard.shiftKeycode, down: false) }
                }
            }
            start = end
        }
    }

    /// Releases every key this injector holds down and every mouse button.
    public func releaseAll() throws(X11Error) {
        lock.lock()
        defer { lock.unlock() }
        try send("release all") { display in
            for keycode in heldKeycodes.reversed() { fakeKey(display, keycode, down: false) }
            heldKeycodes.removeAll()
            for button in [UInt32(1), 2, 3] { XTestFakeButtonEvent(display, button, 0, 0) }
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
            throw X11Error(display: connection.name, operation: "key", kind: .keyUnavailable("key '\(key.name)' (X keysym \(key.keysymName) is unknown to Xlib)"))
        }
        return keysym
    }

    func withKeyboard(_ operation: String, keysyms: [UInt],
                              _ body: (OpaquePointer, inout KeyboardMapping) -> Void) throws(X11Error) {
        lock.lock()
        defer { lock.unlock() }
        let change = try connection.withDisplay(operation) { display throws(X11Error) in
            try keyboard.borrow(keysyms, display: display, displayName: connection.name)
        }
        switch change {
        case .none:
            break
        case .added:
            // Clients re-read the map when they handle MappingNotify; a key event they handle
            // before that reads as NoSymbol (seen with xev). Nothing tells when they are done.
            Thread.sleep(forTimeInterval: 0.1)
        case .reused:
            // A re-mapped keycode may also still be queued at a client under its old meaning.
            Thread.sleep(forTimeInterval: 0.15)
        }
        try connection.withDisplay(operation) { display throws(X11Error) in
            body(display, &keyboard)
            XSync(display, 0)
            try connection.checkErrors(operation)
        }
    }

    /// Sends input, then waits (at most `inputBarrierCap`) until the server has processed it: the
    /// pointer is at `pointerAt` and the buttons in `buttonsDown`/`buttonsUp` are in that state.
    ///
    /// `XSync` is not enough: a window manager's passive button grab (openbox raises and focuses on
    /// click) freezes the pointer until the manager replays the press, and events sent meanwhile are
    /// queued; a motion queued behind a frozen double click made its second press land at the
    /// motion's position. Waiting for the pointer state keeps each action's events in their place.
    func send(_ operation: String, pointerAt point: Point? = nil, buttonsDown: [UInt32] = [],
                      buttonsUp: [UInt32] = [], _ body: (OpaquePointer) -> Void) throws(X11Error) {
        try connection.withDisplay(operation) { display throws(X11Error) in
            body(display)
            XSync(display, 0)
            try connection.checkErrors(operation)
            guard point != nil || !buttonsDown.isEmpty || !buttonsUp.isEmpty else { return }
            let clock = ContinuousClock()
            let deadline = clock.now + Self.inputBarrierCap
            while clock.now < deadline {
                var root: Window = 0, child: Window = 0
                var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
                var mask: UInt32 = 0
                XQueryPointer(display, connection.root, &root, &child, &rootX, &rootY, &winX, &winY, &mask)
                let placed = point.map { Int(rootX) == $0.x && Int(rootY) == $0.y } ?? true
                let down = buttonsDown.allSatisfy { mask & Self.buttonMask($0) != 0 }
                let up = buttonsUp.allSatisfy { mask & Self.buttonMask($0) == 0 }
                if placed && down && up { return }
                usleep(500)
            }
        }
    }

    /// Sends one key event. A press of the key whose release was the last event sent waits until the
    /// server has processed that release and then `repeatGap` more: toolkits read a release and a
    /// press of the same keycode with (nearly) the same timestamp as auto-repeat, and LibreOffice's
    /// X11 toolkit then drops presses ("aaaa" arrived as "a", six Down presses as two). Called with
    /// `lock` held.
    func fakeKey(_ display: OpaquePointer, _ keycode: UInt8, down: Bool) {
        if down, keycode == lastReleasedKeycode {
            XSync(display, 0)
            Thread.sleep(forTimeInterval: Self.repeatGap)
        }
        XTestFakeKeyEvent(display, UInt32(keycode), down ? 1 : 0, 0)
        lastReleasedKeycode = down ? nil : keycode
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
