internal import CX11
internal import CXTest
import DeskgymCore
import Foundation

/// One XTest key event.
struct KeyEvent: Sendable, Hashable {
    var keycode: UInt8
    var down: Bool
}

/// The blocking work behind the injector's calls: it waits on the display (see ``InputInjector``),
/// so it runs on the injector's queue or on a caller's thread of its own, never on the pool.
extension InputInjector {
    /// Presses or releases the key of `keysym`. Called with `lock` held.
    func sendKey(_ keysym: UInt, down: Bool) throws(X11Error) {
        try withKeyboard(down ? "key down" : "key up", keysyms: [keysym]) { keyboard in
            guard let stroke = keyboard.stroke(for: keysym) else { return [] }
            if down {
                heldKeycodes.append(stroke.keycode)
                return (stroke.shifted ? [KeyEvent(keycode: keyboard.shiftKeycode, down: true)] : [])
                    + [KeyEvent(keycode: stroke.keycode, down: true)]
            }
            heldKeycodes.removeAll { $0 == stroke.keycode }
            return [KeyEvent(keycode: stroke.keycode, down: false)]
                + (stroke.shifted ? [KeyEvent(keycode: keyboard.shiftKeycode, down: false)] : [])
        }
    }

    /// Presses `keysyms` in order and releases them in reverse order. Called with `lock` held.
    func sendChord(_ keysyms: [UInt]) throws(X11Error) {
        var pressed: [KeyStroke] = []
        try withKeyboard("hotkey", keysyms: keysyms) { keyboard in
            let planned = Self.strokeEvents(keysyms, releasingEach: false, keyboard: &keyboard)
            pressed = planned.strokes
            return planned.events
        }
        if keysyms.count > 1 {
            // A chord may start a window manager's keyboard grab (openbox's alt+tab cycle); if the
            // releases arrive before the grab, the manager never sees alt go up and the switch
            // waits for the next key. The server gives no sign of the grab, so give it a moment.
            Thread.sleep(forTimeInterval: Self.chordHold)
        }
        var releases: [KeyEvent] = []
        for stroke in pressed.reversed() {
            releases.append(KeyEvent(keycode: stroke.keycode, down: false))
            if stroke.shifted { releases.append(KeyEvent(keycode: keyboard.shiftKeycode, down: false)) }
        }
        try sendKeys("hotkey", releases)
    }

    /// Types the characters of `keysyms`, each pressed and released. Called with `lock` held.
    func sendText(_ keysyms: [UInt]) throws(X11Error) {
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
            try withKeyboard("type", keysyms: batch) { keyboard in
                Self.strokeEvents(batch, releasingEach: true, keyboard: &keyboard).events
            }
            start = end
        }
    }

    /// Maps the keysyms the layout lacks onto spare keycodes, gives clients time to see the new
    /// map, then sends the key events `plan` makes from the map. Called with `lock` held, so the
    /// map cannot change between the two.
    func withKeyboard(_ operation: String, keysyms: [UInt], _ plan: (inout KeyboardMapping) -> [KeyEvent]) throws(X11Error) {
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
        try sendKeys(operation, plan(&keyboard))
    }

    /// Whether sending `events` now would pause: a press of the key released just before it (see
    /// ``sendKeys(_:_:)``). Called with `lock` held.
    func pauses(_ events: [KeyEvent]) -> Bool {
        var released = lastReleasedKeycode
        for event in events {
            if event.down && event.keycode == released { return true }
            released = event.down ? nil : event.keycode
        }
        return false
    }

    /// The key events for `keysyms` on `keyboard`: each pressed (with Shift when it needs it) and,
    /// with `releasingEach`, released right after, as typing does; else left down, as a chord's
    /// presses are. Keysyms without a keyboard position are skipped. The one plan behind
    /// ``sendChord(_:)``, ``sendText(_:)`` and ``sendsAtOnce(_:typing:)``.
    static func strokeEvents(
        _ keysyms: [UInt], releasingEach: Bool, keyboard: inout KeyboardMapping
    )
        -> (events: [KeyEvent], strokes: [KeyStroke])
    {
        var events: [KeyEvent] = []
        var strokes: [KeyStroke] = []
        for keysym in keysyms {
            guard let stroke = keyboard.stroke(for: keysym) else { continue }
            if stroke.shifted { events.append(KeyEvent(keycode: keyboard.shiftKeycode, down: true)) }
            events.append(KeyEvent(keycode: stroke.keycode, down: true))
            if releasingEach {
                events.append(KeyEvent(keycode: stroke.keycode, down: false))
                if stroke.shifted { events.append(KeyEvent(keycode: keyboard.shiftKeycode, down: false)) }
            }
            strokes.append(stroke)
        }
        return (events, strokes)
    }

    /// Whether typing `keysyms` (``sendText(_:)``), or pressing one key (``sendChord(_:)`` of one,
    /// ``sendKey(_:down:)``), takes X round trips only: no map change, no chord hold, no repeat
    /// gap. Such input is sent from the caller's thread: a hop to the queue would cost more than
    /// it saves. Called with `lock` held.
    func sendsAtOnce(_ keysyms: [UInt], typing: Bool) -> Bool {
        guard typing || keysyms.count == 1, keyboard.hasStrokes(for: keysyms) else { return false }
        // Planned on a copy: a borrowed keysym's use count must move only when it is sent.
        var copy = keyboard
        return !pauses(Self.strokeEvents(keysyms, releasingEach: typing, keyboard: &copy).events)
    }

    /// Sends `events` in order. A press of the key whose release was the last event sent waits until
    /// the server has processed that release and then `repeatGap` more: toolkits read a release and
    /// a press of the same keycode with (nearly) the same timestamp as auto-repeat, and LibreOffice's
    /// X11 toolkit then drops presses ("aaaa" arrived as "a", six Down presses as two). The events
    /// between such pauses go in one request batch, synced; the pauses are taken outside the
    /// connection's lock, so that other users of the display wait for no more than a round trip.
    /// Called with `lock` held.
    func sendKeys(_ operation: String, _ events: [KeyEvent]) throws(X11Error) {
        var start = 0
        while start < events.count {
            // Every batch ends with XSync, so the release before a repeated press has been
            // processed when the pause starts.
            if events[start].down && events[start].keycode == lastReleasedKeycode {
                Thread.sleep(forTimeInterval: Self.repeatGap)
            }
            var end = start
            var released = lastReleasedKeycode
            while end < events.count {
                let event = events[end]
                if end > start && event.down && event.keycode == released { break }
                released = event.down ? nil : event.keycode
                end += 1
            }
            let batch = events[start..<end]
            lastReleasedKeycode = released
            try connection.withDisplay(operation) { display throws(X11Error) in
                for event in batch { XTestFakeKeyEvent(display, UInt32(event.keycode), event.down ? 1 : 0, 0) }
                XSync(display, 0)
                try connection.checkErrors(operation)
            }
            start = end
        }
    }

    /// Sends input, then waits (at most `inputBarrierCap`) until the server has processed it: the
    /// pointer is at `pointerAt` and the buttons in `buttonsDown`/`buttonsUp` are in that state.
    ///
    /// `XSync` is not enough: a window manager's passive button grab (openbox raises and focuses on
    /// click) freezes the pointer until the manager replays the press, and events sent meanwhile are
    /// queued; a motion queued behind a frozen double click made its second press land at the
    /// motion's position. Waiting for the pointer state keeps each action's events in their place.
    /// Each look at the pointer is one round trip; the pauses between them leave the connection free.
    func send(
        _ operation: String, pointerAt point: Point? = nil, buttonsDown: [UInt32] = [],
        buttonsUp: [UInt32] = [], _ body: (OpaquePointer) -> Void
    ) throws(X11Error) {
        try connection.withDisplay(operation) { display throws(X11Error) in
            body(display)
            XSync(display, 0)
            try connection.checkErrors(operation)
        }
        guard point != nil || !buttonsDown.isEmpty || !buttonsUp.isEmpty else { return }
        let clock = ContinuousClock()
        let deadline = clock.now + Self.inputBarrierCap
        while clock.now < deadline {
            let processed = try connection.withDisplay(operation) { display in
                var root: Window = 0, child: Window = 0
                var rootX: Int32 = 0, rootY: Int32 = 0, winX: Int32 = 0, winY: Int32 = 0
                var mask: UInt32 = 0
                XQueryPointer(display, connection.root, &root, &child, &rootX, &rootY, &winX, &winY, &mask)
                let placed = point.map { Int(rootX) == $0.x && Int(rootY) == $0.y } ?? true
                let down = buttonsDown.allSatisfy { mask & Self.buttonMask($0) != 0 }
                let up = buttonsUp.allSatisfy { mask & Self.buttonMask($0) == 0 }
                return placed && down && up
            }
            if processed { return }
            usleep(500)
        }
    }
}
