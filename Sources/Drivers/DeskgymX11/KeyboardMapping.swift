internal import CX11

/// Where a keysym lives on the keyboard: a keycode and whether Shift must be held.
struct KeyStroke: Sendable, Hashable {
    var keycode: UInt8
    var shifted: Bool
}

/// The server's keyboard map as seen by the injector, plus keycodes that carry no keysym and can be
/// borrowed to type characters the layout lacks (é on a US map, 中, emoji), as xdotool does.
///
/// Borrowed keycodes keep their mapping after typing: restoring it at once would race with clients
/// that re-read the map only when they process the key event. A keycode is re-mapped only when
/// every spare is taken, least recently used first.
struct KeyboardMapping {
    private var strokes: [UInt: KeyStroke] = [:]
    private var spare: [UInt8] = []
    private var borrowed: [UInt: UInt8] = [:]
    private var lastUse: [UInt8: Int] = [:]
    private var clock = 0
    private(set) var shiftKeycode: UInt8 = 0

    /// Reads the whole map from the server.
    init(display: OpaquePointer) {
        var minCode: Int32 = 0, maxCode: Int32 = 0
        XDisplayKeycodes(display, &minCode, &maxCode)
        var perCode: Int32 = 0
        let count = maxCode - minCode + 1
        guard let map = XGetKeyboardMapping(display, UInt8(minCode), count, &perCode) else { return }
        defer { XFree(map) }
        for index in 0..<Int(count) {
            let keycode = UInt8(Int(minCode) + index)
            var any = false
            for level in 0..<min(Int(perCode), 2) {
                let keysym = map[index * Int(perCode) + level]
                guard keysym != 0 else { continue }
                any = true
                let stroke = KeyStroke(keycode: keycode, shifted: level == 1)
                // Prefer the unshifted position and the lowest keycode, as XKeysymToKeycode does.
                if let existing = strokes[keysym], !existing.shifted || stroke.shifted { continue }
                strokes[keysym] = stroke
            }
            for level in 2..<max(Int(perCode), 2) where map[index * Int(perCode) + level] != 0 { any = true }
            if !any { spare.append(keycode) }
        }
        shiftKeycode = strokes[UInt(XK_Shift_L)]?.keycode ?? 0
    }

    /// The keyboard position of `keysym` if the layout has it at level 0 or 1, or it was borrowed.
    mutating func stroke(for keysym: UInt) -> KeyStroke? {
        if let stroke = strokes[keysym] { return stroke }
        if let keycode = borrowed[keysym] {
            clock += 1
            lastUse[keycode] = clock
            return KeyStroke(keycode: keycode, shifted: false)
        }
        return nil
    }

    /// Whether every keysym in `keysyms` has a keyboard position already, so that typing them needs
    /// no change of the server's map (and no pause for clients to re-read it).
    func hasStrokes(for keysyms: [UInt]) -> Bool {
        keysyms.allSatisfy { strokes[$0] != nil || borrowed[$0] != nil }
    }

    /// Number of keycodes with no keysym at all.
    var spareCount: Int { spare.count }

    /// What a call to ``borrow(_:display:displayName:)`` changed in the server's keyboard map.
    enum MapChange {
        case none
        /// Spare keycodes got their first keysym.
        case added
        /// A keycode used before got another keysym; a client may still hold its old meaning.
        case reused
    }

    /// Maps each keysym in `keysyms` that the layout lacks onto a spare keycode, in one batch, and
    /// says what changed (the caller gives clients a moment to re-read the map before typing).
    /// Throws when more distinct keysyms are asked for at once than there are spare keycodes.
    mutating func borrow(_ keysyms: [UInt], display: OpaquePointer, displayName: String) throws(X11Error) -> MapChange {
        var missing: [UInt] = []
        for keysym in keysyms where strokes[keysym] == nil && borrowed[keysym] == nil && !missing.contains(keysym) {
            missing.append(keysym)
        }
        guard !missing.isEmpty else { return .none }
        guard missing.count <= spare.count else {
            throw X11Error(
                display: displayName, operation: "type",
                kind: .keyUnavailable("\(missing.count) distinct characters outside the keymap at once (\(spare.count) spare keycodes)"))
        }
        let wanted = Set(keysyms)
        var reused = false
        for keysym in missing {
            let free = spare.first { code in !borrowed.values.contains(code) }
            let keycode: UInt8
            if let free {
                keycode = free
            } else {
                // Evict the least recently used borrowed keycode that this batch does not need.
                let candidates = borrowed.filter { !wanted.contains($0.key) }
                guard let victim = candidates.min(by: { (lastUse[$0.value] ?? 0) < (lastUse[$1.value] ?? 0) }) else {
                    throw X11Error(display: displayName, operation: "type", kind: .keyUnavailable("a character outside the keymap"))
                }
                borrowed.removeValue(forKey: victim.key)
                keycode = victim.value
                reused = true
            }
            var symbols: [KeySym] = [keysym, keysym]
            XChangeKeyboardMapping(display, Int32(keycode), 2, &symbols, 1)
            borrowed[keysym] = keycode
            clock += 1
            lastUse[keycode] = clock
        }
        XSync(display, 0)
        return reused ? .reused : .added
    }
}
