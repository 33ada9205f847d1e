internal import CX11
internal import CXTest
import DeskgymCore
import Foundation

/// What a remote keyboard and pointer hold down through the injector's forwarding calls.
struct ForwardedInput {
    /// Keys held, by the keysym the remote side pressed, with the keycode that was sent: the
    /// release goes to the same keycode even if the keysym's place changed meanwhile.
    var keys: [UInt: UInt8] = [:]
    /// The remote button mask last forwarded (bit n-1 is X button n).
    var buttons: UInt8 = 0
    /// Where the remote pointer was last forwarded to.
    var pointer: Point?

    /// Whether the remote side holds a Shift key.
    var holdsShift: Bool {
        keys.keys.contains(UInt(XK_Shift_L)) || keys.keys.contains(UInt(XK_Shift_R))
    }
}

/// Input forwarded from a remote keyboard and pointer (a VNC viewer): raw keysyms and button masks,
/// passed on as they come, not as actions.
///
/// These calls block while input waits on the display (see ``InputInjector``): make them from a
/// thread of your own, as the VNC server's handlers are, not from `async` code.
extension InputInjector {
    /// Moves the pointer to `point` and makes the buttons in `buttons` (bit n-1 is X button n, as in
    /// an RFB PointerEvent) the ones held: only changes are sent.
    public func forwardPointer(to point: Point, buttons: UInt8) throws(X11Error) {
        lock.lock()
        defer { lock.unlock() }
        let previous = forwarded.buttons
        let moved = forwarded.pointer != point
        let pressed = (0..<8).filter { buttons & (1 << $0) != 0 && previous & (1 << $0) == 0 }.map { UInt32($0 + 1) }
        let released = (0..<8).filter { buttons & (1 << $0) == 0 && previous & (1 << $0) != 0 }.map { UInt32($0 + 1) }
        guard moved || !pressed.isEmpty || !released.isEmpty else { return }
        // Buttons 6 and 7 have no state bit to wait for.
        try send(
            "forward pointer", pointerAt: point, buttonsDown: pressed.filter { $0 <= 5 },
            buttonsUp: released.filter { $0 <= 5 }
        ) { display in
            if moved { XTestFakeMotionEvent(display, connection.screen, Int32(point.x), Int32(point.y), 0) }
            for button in released { XTestFakeButtonEvent(display, button, 0, 0) }
            for button in pressed { XTestFakeButtonEvent(display, button, 1, 0) }
        }
        forwarded.buttons = buttons
        forwarded.pointer = point
    }

    /// Presses or releases the key that sends `keysym`, as a remote keyboard does: the remote side
    /// sends its own modifier keys, so Shift is added only for a keysym that needs it (`A`, `>`)
    /// when the remote side holds no Shift (vncdotool types `A` without one). A keysym the layout
    /// lacks is typed on a borrowed keycode.
    public func forwardKey(keysym: UInt32, down: Bool) throws(X11Error) {
        let symbol = UInt(keysym)
        lock.lock()
        defer { lock.unlock() }
        try withKeyboard(down ? "forward key down" : "forward key up", keysyms: down ? [symbol] : []) { keyboard in
            if down {
                guard let stroke = keyboard.stroke(for: symbol) else { return [] }
                let addShift = stroke.shifted && !forwarded.holdsShift && keyboard.shiftKeycode != 0
                forwarded.keys[symbol] = stroke.keycode
                return (addShift ? [KeyEvent(keycode: keyboard.shiftKeycode, down: true)] : [])
                    + [KeyEvent(keycode: stroke.keycode, down: true)]
                    + (addShift ? [KeyEvent(keycode: keyboard.shiftKeycode, down: false)] : [])
            }
            guard let keycode = forwarded.keys.removeValue(forKey: symbol) ?? keyboard.stroke(for: symbol)?.keycode else { return [] }
            return [KeyEvent(keycode: keycode, down: false)]
        }
    }

    /// Releases every key and button that forwarding holds down (a viewer that left mid-chord).
    public func releaseForwarded() throws(X11Error) {
        lock.lock()
        defer { lock.unlock() }
        let keycodes = Array(forwarded.keys.values)
        let buttons = forwarded.buttons
        forwarded = ForwardedInput(pointer: forwarded.pointer)
        guard !keycodes.isEmpty || buttons != 0 else { return }
        try sendKeys("release forwarded", keycodes.map { KeyEvent(keycode: $0, down: false) })
        guard buttons != 0 else { return }
        try send("release forwarded") { display in
            for bit in 0..<8 where buttons & (1 << bit) != 0 { XTestFakeButtonEvent(display, UInt32(bit + 1), 0, 0) }
        }
    }

    /// The X name of `keysym` (`Return`, `a`, `exclam`, `U4E2D`), or nil when X has none.
    public static func keysymName(_ keysym: UInt32) -> String? {
        guard let name = XKeysymToString(KeySym(keysym)) else { return nil }
        return String(cString: name)
    }
}
