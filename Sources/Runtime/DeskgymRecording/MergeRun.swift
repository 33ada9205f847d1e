import DeskgymCore

/// The state of one merge: what is held, and the action still open to more events.
struct MergeRun {
    typealias Modifier = KeysymMeaning.Modifier

    struct HeldModifier {
        var modifier: Modifier
        var keysym: UInt32
        /// Whether an action happened while it was held (else its release is a press of it).
        var used: Bool
        var event: RawEvent
    }

    struct PendingClick {
        var button: MouseButton
        var point: Point
        var count: Int
        var lastPress: Double
        var first: RawEvent
        var lastEvent: Int
        var modifiers: [Modifier]
    }

    struct PendingScroll {
        var point: Point
        var dx: Int
        var dy: Int
        var lastWheel: Double
        var first: RawEvent
        var lastEvent: Int
        var modifiers: [Modifier]
    }

    struct PendingText {
        var text: [Character]
        var first: RawEvent
        var lastEvent: Int
    }

    /// A button held down.
    struct Gesture {
        var button: MouseButton
        var start: Point
        var first: RawEvent
        var farthest: Int
        /// Whether this press may continue the pending click into a double or triple click.
        var repeatsClick: Bool
        var modifiers: [Modifier]
    }

    enum Open {
        case text(PendingText)
        case click(PendingClick)
        case scroll(PendingScroll)
    }

    let rules: MergeRules
    var output: [MergedAction] = []
    var notes: [String] = []
    var outcome: RecordingOutcome?
    var buttons: UInt8 = 0
    var modifiers: [HeldModifier] = []
    var open: Open?
    var gesture: Gesture?

    init(rules: MergeRules) {
        self.rules = rules
    }

    mutating func feed(_ event: RawEvent) {
        switch event.kind {
        case .pointer(let x, let y, let mask):
            pointer(Point(x: x, y: y), mask: mask, event: event)
        case .key(let keysym, let name, let down):
            key(keysym, name: name, down: down, event: event)
        case .viewer, .finish:
            break
        }
    }

    mutating func finish() {
        flush()
        if let gesture {
            emit([.mouseDown(button: gesture.button, at: gesture.start)], first: gesture.first, last: gesture.first.index)
            notes.append("event \(gesture.first.index): the \(gesture.button.rawValue) button was still held at the end")
            self.gesture = nil
        }
        // Actions are emitted when they are complete; a click whose release came after keys
        // typed while it was held is complete after them, but began before.
        output = output.enumerated().sorted { ($0.element.firstEvent, $0.offset) < ($1.element.firstEvent, $1.offset) }.map(\.element)
    }

    // MARK: pointer

    private mutating func pointer(_ point: Point, mask: UInt8, event: RawEvent) {
        if var held = gesture {
            held.farthest = max(held.farthest, abs(point.x - held.start.x), abs(point.y - held.start.y))
            gesture = held
        }
        let pressed = mask & ~buttons
        let released = buttons & ~mask
        buttons = mask
        for bit in 0..<3 where released & (1 << bit) != 0 {
            if let held = gesture, held.button == Self.button(bit) {
                endGesture(at: point, event: event)
            }
        }
        for bit in 0..<7 where pressed & (1 << bit) != 0 {
            if bit >= 3 {
                wheel(UInt32(bit + 1), at: point, event: event)
            } else if let held = gesture {
                notes.append(
                    "event \(event.index): \(Self.button(bit).rawValue) button pressed while the \(held.button.rawValue) button was held; not merged"
                )
            } else {
                startGesture(Self.button(bit), at: point, event: event)
            }
        }
    }

    private static func button(_ bit: Int) -> MouseButton {
        switch bit {
        case 0: .left
        case 1: .middle
        default: .right
        }
    }

    private mutating func startGesture(_ button: MouseButton, at point: Point, event: RawEvent) {
        flushText()
        flushScroll()
        let held = heldModifiers()
        markModifiersUsed()
        var repeats = false
        if case .click(let click) = open, click.button == button, click.count < 3, click.modifiers == held,
            event.milliseconds - click.lastPress <= rules.multiClickMilliseconds,
            abs(point.x - click.point.x) <= rules.multiClickDistance, abs(point.y - click.point.y) <= rules.multiClickDistance
        {
            repeats = true
        } else {
            flushClick()
        }
        gesture = Gesture(button: button, start: point, first: event, farthest: 0, repeatsClick: repeats, modifiers: held)
    }

    private mutating func endGesture(at point: Point, event: RawEvent) {
        guard let held = gesture else { return }
        gesture = nil
        // Keys typed while the button was held stand on their own (``finish()`` puts the click
        // back before them, in the order of first events).
        flushText()
        let farthest = max(held.farthest, abs(point.x - held.start.x), abs(point.y - held.start.y))
        if farthest > rules.dragThreshold {
            flushClick()
            emit(
                wrapped([.moveTo(held.start), .dragTo(point, button: held.button)], in: held.modifiers),
                first: held.first, last: event.index)
            return
        }
        if held.repeatsClick, case .click(var click) = open {
            click.count += 1
            click.lastPress = held.first.milliseconds
            click.lastEvent = event.index
            open = .click(click)
        } else {
            flushClick()
            open = .click(
                PendingClick(
                    button: held.button, point: held.start, count: 1, lastPress: held.first.milliseconds,
                    first: held.first, lastEvent: event.index, modifiers: held.modifiers))
        }
    }

    private mutating func wheel(_ button: UInt32, at point: Point, event: RawEvent) {
        if gesture != nil {
            notes.append("event \(event.index): wheel turned while a button was held; not merged")
            return
        }
        flushText()
        flushClick()
        let held = heldModifiers()
        markModifiersUsed()
        let (dx, dy) =
            switch button {
            case 4: (0, 1)
            case 5: (0, -1)
            case 6: (-1, 0)
            default: (1, 0)
            }
        if case .scroll(var scroll) = open, scroll.modifiers == held,
            event.milliseconds - scroll.lastWheel <= rules.scrollGapMilliseconds,
            abs(point.x - scroll.point.x) <= rules.scrollDistance, abs(point.y - scroll.point.y) <= rules.scrollDistance
        {
            scroll.dx += dx
            scroll.dy += dy
            scroll.lastWheel = event.milliseconds
            scroll.lastEvent = event.index
            open = .scroll(scroll)
            return
        }
        flushScroll()
        open = .scroll(
            PendingScroll(
                point: point, dx: dx, dy: dy, lastWheel: event.milliseconds, first: event,
                lastEvent: event.index, modifiers: held))
    }

    // MARK: keys

    private mutating func key(_ keysym: UInt32, name: String?, down: Bool, event: RawEvent) {
        let meaning = KeysymTable.meaning(keysym: keysym, name: name)
        guard down else {
            if case .modifier(let modifier) = meaning, let index = modifiers.firstIndex(where: { $0.keysym == keysym }) {
                let held = modifiers.remove(at: index)
                if !held.used {
                    flush()
                    emit([.press(modifier.key)], first: held.event, last: event.index)
                }
            }
            return
        }
        switch meaning {
        case .modifier(let modifier):
            if !modifiers.contains(where: { $0.keysym == keysym }) {
                modifiers.append(HeldModifier(modifier: modifier, keysym: keysym, used: false, event: event))
            }
        case .levelShift:
            break
        case .character(let character):
            let held = heldModifiers()
            if held.contains(where: { $0 != .shift }) {
                guard let key = KeysymTable.hotkeyKey(for: character) else {
                    notes.append(
                        "event \(event.index): \(held.map(\.rawValue).joined(separator: "+"))+\(character) has no pyautogui key name; dropped"
                    )
                    return
                }
                hotkey(held, key: key, event: event)
            } else {
                // Shift with a lower-case letter keysym (a viewer that sends shift and `a`) types `A`.
                let typed =
                    held.contains(.shift) && character.isASCII && character.isLowercase
                    ? Character(character.uppercased()) : character
                type(typed, event: event)
            }
        case .named(let key):
            let held = heldModifiers()
            if key.keysymName == "BackSpace", held.isEmpty, case .text(var pending) = open {
                markModifiersUsed()
                if !pending.text.isEmpty {
                    pending.text.removeLast()
                    pending.lastEvent = event.index
                    open = .text(pending)
                    return
                }
            }
            if held.isEmpty {
                flush()
                emit([.press(key)], first: event, last: event.index)
            } else {
                hotkey(held, key: key, event: event)
            }
        case .unknown:
            let shown = name ?? "0x" + String(keysym, radix: 16)
            notes.append("event \(event.index): key \(shown) has no pyautogui name; dropped")
        }
    }

    private mutating func type(_ character: Character, event: RawEvent) {
        flushClick()
        flushScroll()
        markModifiersUsed()
        if case .text(var pending) = open {
            pending.text.append(character)
            pending.lastEvent = event.index
            open = .text(pending)
        } else {
            open = .text(PendingText(text: [character], first: event, lastEvent: event.index))
        }
    }

    private mutating func hotkey(_ held: [Modifier], key: Key, event: RawEvent) {
        flush()
        // The screenshot before a hotkey is the one at its first fresh modifier press.
        let first = modifiers.filter { !$0.used }.map(\.event).min { $0.index < $1.index } ?? event
        markModifiersUsed()
        emit([.hotkey(held.map(\.key) + [key])], first: first, last: event.index)
    }

    // MARK: output

    /// The modifiers held, in the order they were pressed, each once.
    private func heldModifiers() -> [Modifier] {
        var seen: [Modifier] = []
        for held in modifiers where !seen.contains(held.modifier) { seen.append(held.modifier) }
        return seen
    }

    private mutating func markModifiersUsed() {
        for index in modifiers.indices { modifiers[index].used = true }
    }

    private func wrapped(_ actions: [Action], in held: [Modifier]) -> [Action] {
        held.map { .keyDown($0.key) } + actions + held.reversed().map { .keyUp($0.key) }
    }

    private mutating func emit(_ actions: [Action], first: RawEvent, last: Int) {
        output.append(
            MergedAction(
                actions: actions, firstEvent: first.index, lastEvent: last,
                milliseconds: first.milliseconds, frame: first.frame))
    }

    private mutating func flush() {
        flushText()
        flushClick()
        flushScroll()
    }

    private mutating func flushText() {
        guard case .text(let pending) = open else { return }
        open = nil
        // Text typed and then erased completely did nothing.
        guard !pending.text.isEmpty else { return }
        emit([.typing(String(pending.text))], first: pending.first, last: pending.lastEvent)
    }

    private mutating func flushClick() {
        guard case .click(let click) = open else { return }
        open = nil
        let action: Action =
            switch (click.button, click.count) {
            case (.left, 2): .doubleClick(at: click.point)
            case (.right, 1): .rightClick(at: click.point)
            default: .click(button: click.button, at: click.point, count: click.count)
            }
        emit(wrapped([action], in: click.modifiers), first: click.first, last: click.lastEvent)
    }

    private mutating func flushScroll() {
        guard case .scroll(let scroll) = open else { return }
        open = nil
        guard scroll.dx != 0 || scroll.dy != 0 else { return }
        emit(
            wrapped([.scroll(dx: scroll.dx, dy: scroll.dy, at: scroll.point)], in: scroll.modifiers),
            first: scroll.first, last: scroll.lastEvent)
    }
}
