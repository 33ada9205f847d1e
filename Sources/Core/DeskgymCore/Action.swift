/// One agent action, in the vocabulary of OSWorld's `computer_13` action space.
///
/// Every grammar (pyautogui code, `computer_13` JSON, UI-TARS, …) parses into these cases, and every
/// display driver executes them. Coordinates are absolute screen pixels; a grammar that uses another
/// convention converts before it builds an `Action`.
public enum Action: Sendable, Hashable {
    /// Move the pointer to a point.
    case moveTo(Point)
    /// Click `count` times (1–3) with `button`, at `point` or where the pointer is.
    case click(button: MouseButton, at: Point?, count: Int)
    /// Press and hold a button, after moving to `point` when given.
    case mouseDown(button: MouseButton, at: Point?)
    /// Release a button, after moving to `point` when given.
    case mouseUp(button: MouseButton, at: Point?)
    /// A single right click (computer_13 `RIGHT_CLICK`).
    case rightClick(at: Point?)
    /// A double left click (computer_13 `DOUBLE_CLICK`).
    case doubleClick(at: Point?)
    /// Press `button` where the pointer is, move to `to`, release there.
    case dragTo(Point, button: MouseButton)
    /// Scroll by wheel clicks: `dy > 0` scrolls up, `dx > 0` scrolls right (pyautogui's convention),
    /// after moving to `point` when given.
    case scroll(dx: Int, dy: Int, at: Point?)
    /// Type text; characters that are not on the keyboard map are typed all the same.
    case typing(String)
    /// Press and release one key.
    case press(Key)
    /// Press and hold one key.
    case keyDown(Key)
    /// Release one key.
    case keyUp(Key)
    /// Press keys in order, then release them in reverse order.
    case hotkey([Key])
    /// Do nothing for a while.
    case wait(seconds: Double)
    /// Run a shell command in the session (not on the display); its output comes back in the next
    /// observation. A Deskgym extension of computer_13 (`RUN_COMMAND`).
    case runCommand(ShellCommand)
    /// The agent declares the task infeasible.
    case fail
    /// The agent declares the task done.
    case done
}

extension Action {
    /// The computer_13 `action_type` name of this action.
    public var typeName: String {
        switch self {
        case .moveTo: "MOVE_TO"
        case .click: "CLICK"
        case .mouseDown: "MOUSE_DOWN"
        case .mouseUp: "MOUSE_UP"
        case .rightClick: "RIGHT_CLICK"
        case .doubleClick: "DOUBLE_CLICK"
        case .dragTo: "DRAG_TO"
        case .scroll: "SCROLL"
        case .typing: "TYPING"
        case .press: "PRESS"
        case .keyDown: "KEY_DOWN"
        case .keyUp: "KEY_UP"
        case .hotkey: "HOTKEY"
        case .wait: "WAIT"
        case .runCommand: "RUN_COMMAND"
        case .fail: "FAIL"
        case .done: "DONE"
        }
    }

    /// Whether this action runs in the session's shell rather than on the display.
    public var isShellCommand: Bool {
        if case .runCommand = self { return true }
        return false
    }

    /// Whether this action ends an episode (`DONE` or `FAIL`).
    public var isTerminal: Bool {
        switch self {
        case .done, .fail: true
        default: false
        }
    }

    /// The points this action moves the pointer to.
    public var points: [Point] {
        switch self {
        case .moveTo(let p), .dragTo(let p, _): [p]
        case .click(_, let p, _), .mouseDown(_, let p), .mouseUp(_, let p), .rightClick(let p),
            .doubleClick(let p), .scroll(_, _, let p):
            p.map { [$0] } ?? []
        default: []
        }
    }

    /// Checks what can be checked without a display: points on a screen of `screen` size, click
    /// counts, wait durations.
    public func validate(on screen: Size) throws(ActionError) {
        for point in points where !screen.contains(point) {
            throw ActionError(action: self, problem: .pointOffScreen(point, screen))
        }
        switch self {
        case .click(_, _, let count) where !(1...3).contains(count):
            throw ActionError(action: self, problem: .invalidClickCount(count))
        case .wait(let seconds) where !(seconds >= 0 && seconds <= 3600):
            throw ActionError(action: self, problem: .invalidWait(seconds))
        case .hotkey(let keys) where keys.isEmpty:
            throw ActionError(action: self, problem: .emptyHotkey)
        case .runCommand(let shell) where shell.command.allSatisfy(\.isWhitespace):
            throw ActionError(action: self, problem: .emptyCommand)
        case .runCommand(let shell):
            if let timeout = shell.timeoutSeconds, !(timeout > 0 && timeout <= ShellCommand.maximumTimeoutSeconds) {
                throw ActionError(action: self, problem: .invalidCommandTimeout(timeout))
            }
        default:
            break
        }
    }
}

/// An action that cannot be carried out as given.
public struct ActionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Why the action cannot be carried out.
    public enum Problem: Sendable, Hashable {
        case pointOffScreen(Point, Size)
        case invalidClickCount(Int)
        case invalidWait(Double)
        case emptyHotkey
        case emptyCommand
        case invalidCommandTimeout(Double)
        case unsupported(String)
    }

    /// The action as given.
    public var action: Action
    /// What is wrong with it.
    public var problem: Problem

    public init(action: Action, problem: Problem) {
        self.action = action
        self.problem = problem
    }

    public var description: String {
        switch problem {
        case .pointOffScreen(let p, let s):
            "\(action.typeName): point \(p) is outside the \(s) screen (x must be 0..<\(s.width), y 0..<\(s.height))"
        case .invalidClickCount(let n):
            "\(action.typeName): num_clicks \(n) is out of range; it must be 1, 2 or 3"
        case .invalidWait(let s):
            "\(action.typeName): wait of \(s) s is out of range; it must be between 0 and 3600"
        case .emptyHotkey:
            "\(action.typeName): a hotkey needs at least one key"
        case .emptyCommand:
            "\(action.typeName): the command is empty"
        case .invalidCommandTimeout(let seconds):
            "\(action.typeName): a time-out of \(seconds) s is out of range; it must be more than 0 and at most 3600"
        case .unsupported(let why):
            "\(action.typeName): \(why)"
        }
    }
}
