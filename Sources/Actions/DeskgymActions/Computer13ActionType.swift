/// An `action_type` of OSWorld's `computer_13` action space, with its parameters.
enum Computer13ActionType: String, CaseIterable {
    case moveTo = "MOVE_TO"
    case click = "CLICK"
    case mouseDown = "MOUSE_DOWN"
    case mouseUp = "MOUSE_UP"
    case rightClick = "RIGHT_CLICK"
    case doubleClick = "DOUBLE_CLICK"
    case dragTo = "DRAG_TO"
    case scroll = "SCROLL"
    case typing = "TYPING"
    case press = "PRESS"
    case keyDown = "KEY_DOWN"
    case keyUp = "KEY_UP"
    case hotkey = "HOTKEY"
    case wait = "WAIT"
    case runCommand = "RUN_COMMAND"
    case fail = "FAIL"
    case done = "DONE"

    /// The parameters OSWorld's `ACTION_SPACE` defines, then Deskgym's extensions, which carry what
    /// an ``Action`` can say and OSWorld cannot (a point for MOUSE_DOWN, MOUSE_UP and SCROLL, a
    /// button for DRAG_TO, a duration for WAIT) and a shell command (`RUN_COMMAND`).
    var parameters: [String] {
        switch self {
        case .moveTo: ["x", "y"]
        case .click: ["button", "x", "y", "num_clicks"]
        case .mouseDown, .mouseUp: ["button", "x", "y"]
        case .rightClick, .doubleClick: ["x", "y"]
        case .dragTo: ["x", "y", "button"]
        case .scroll: ["dx", "dy", "x", "y"]
        case .typing: ["text"]
        case .press, .keyDown, .keyUp: ["key"]
        case .hotkey: ["keys"]
        case .wait: ["seconds"]
        case .runCommand: ["command", "timeout"]
        case .fail, .done: []
        }
    }

    static var knownList: String {
        allCases.map(\.rawValue).joined(separator: ", ")
    }
}
