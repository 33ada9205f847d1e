import DeskgymCore

extension VNCDesktop {
    /// Carries out one action with RFB pointer and key events. Points are checked against the
    /// framebuffer first.
    public func perform(_ action: Action) async throws {
        try action.validate(on: screenSize)
        switch action {
        case .moveTo(let point):
            try move(to: point, operation: "move")
        case .click(let button, let point, let count):
            try click(button.rfbMask, at: point, count: count, operation: "click")
        case .mouseDown(let button, let point):
            try setButton(button.rfbMask, down: true, at: point, operation: "mouse down")
        case .mouseUp(let button, let point):
            try setButton(button.rfbMask, down: false, at: point, operation: "mouse up")
        case .rightClick(let point):
            try click(MouseButton.right.rfbMask, at: point, count: 1, operation: "right click")
        case .doubleClick(let point):
            try click(MouseButton.left.rfbMask, at: point, count: 2, operation: "double click")
        case .dragTo(let point, let button):
            try await drag(to: point, button: button.rfbMask)
        case .scroll(let dx, let dy, let point):
            try click(dy > 0 ? 8 : 16, at: point, count: abs(dy), operation: "scroll")
            try click(dx > 0 ? 64 : 32, at: nil, count: abs(dx), operation: "scroll")
        case .typing(let text):
            for scalar in text.unicodeScalars {
                try tap(Keysyms.value(for: scalar), operation: "type")
            }
        case .press(let key):
            try hotkey([key], operation: "press")
        case .keyDown(let key):
            try connection.key(try keysym(key), down: true, operation: "key down")
        case .keyUp(let key):
            try connection.key(try keysym(key), down: false, operation: "key up")
        case .hotkey(let keys):
            try hotkey(keys, operation: "hotkey")
        case .wait, .runCommand, .fail, .done:
            try await action.performOffDisplay()
        }
    }

    /// Carries out `actions` in order, then waits for the screen to settle under `policy`: until no
    /// framebuffer update has arrived for `policy.quiet`, at most `policy.cap`.
    @discardableResult
    public func perform(_ actions: [Action], settle policy: SettlePolicy?) async throws -> SettleOutcome? {
        if policy != nil { resetSettle() }
        for action in actions { try await perform(action) }
        guard let policy else { return nil }
        return try await waitUntilQuiet(quiet: policy.quiet, cap: policy.cap)
    }

    private func keysym(_ key: Key) throws(VNCError) -> UInt32 {
        guard let value = Keysyms.value(for: key) else {
            throw VNCError(server: server, operation: "key", kind: .keyUnavailable("key '\(key.name)' (keysym \(key.keysymName))"))
        }
        return value
    }

    /// Presses and releases one keysym, holding Shift for characters a US keyboard shifts.
    private func tap(_ keysym: UInt32, operation: String) throws(VNCError) {
        let shifted = Keysyms.needsShift(keysym)
        if shifted { try connection.key(Keysyms.shift, down: true, operation: operation) }
        try connection.key(keysym, down: true, operation: operation)
        try connection.key(keysym, down: false, operation: operation)
        if shifted { try connection.key(Keysyms.shift, down: false, operation: operation) }
    }

    /// Presses `keys` in order (Shift added for shifted characters) and releases them in reverse.
    private func hotkey(_ keys: [Key], operation: String) throws(VNCError) {
        var pressed: [UInt32] = []
        for key in keys {
            let value = try keysym(key)
            if Keysyms.needsShift(value) && !pressed.contains(Keysyms.shift) {
                try connection.key(Keysyms.shift, down: true, operation: operation)
                pressed.append(Keysyms.shift)
            }
            try connection.key(value, down: true, operation: operation)
            pressed.append(value)
        }
        for value in pressed.reversed() {
            try connection.key(value, down: false, operation: operation)
        }
    }

    private func move(to point: Point, operation: String) throws(VNCError) {
        let buttons = pointer.withLock { state in
            state.position = point
            return state.buttons
        }
        try connection.pointer(x: point.x, y: point.y, buttons: buttons, operation: operation)
    }

    private func setButton(_ mask: Int32, down: Bool, at point: Point?, operation: String) throws(VNCError) {
        let (position, buttons) = pointer.withLock { state in
            if let point { state.position = point }
            state.buttons = down ? state.buttons | mask : state.buttons & ~mask
            return (state.position, state.buttons)
        }
        try connection.pointer(x: position.x, y: position.y, buttons: buttons, operation: operation)
    }

    private func click(_ mask: Int32, at point: Point?, count: Int, operation: String) throws(VNCError) {
        if let point { try move(to: point, operation: operation) }
        for _ in 0..<count {
            try setButton(mask, down: true, at: nil, operation: operation)
            try setButton(mask, down: false, at: nil, operation: operation)
        }
    }

    /// Drags from where the pointer is to `point` through intermediate positions, so that
    /// toolkits with a drag threshold see a drag.
    private func drag(to point: Point, button: Int32, steps: Int = 10) async throws {
        let start = pointer.withLock { $0.position }
        try setButton(button, down: true, at: nil, operation: "drag")
        try await Task.sleep(for: .milliseconds(15))
        for step in 1...steps {
            let x = start.x + (point.x - start.x) * step / steps
            let y = start.y + (point.y - start.y) * step / steps
            try move(to: Point(x: x, y: y), operation: "drag")
            try await Task.sleep(for: .milliseconds(5))
        }
        try setButton(button, down: false, at: nil, operation: "drag")
    }
}

extension MouseButton {
    /// The bit of this button in an RFB pointer event's button mask.
    var rfbMask: Int32 {
        switch self {
        case .left: 1
        case .middle: 2
        case .right: 4
        }
    }
}
