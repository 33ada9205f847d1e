/// An `action` of Anthropic's computer use tool (`computer_20250124`), with the fields it takes.
enum AnthropicComputerAction: String, ToolActionName {
    case key
    case holdKey = "hold_key"
    case type
    case cursorPosition = "cursor_position"
    case mouseMove = "mouse_move"
    case leftMouseDown = "left_mouse_down"
    case leftMouseUp = "left_mouse_up"
    case leftClick = "left_click"
    case leftClickDrag = "left_click_drag"
    case rightClick = "right_click"
    case middleClick = "middle_click"
    case doubleClick = "double_click"
    case tripleClick = "triple_click"
    case scroll
    case wait
    case screenshot
    // Deskgym extensions: a key held down or released on its own, which the tool cannot say.
    case keyDown = "key_down"
    case keyUp = "key_up"

    /// The fields of the tool's input schema for this action, then Deskgym's: `key` (the reference
    /// implementation's name for click modifiers), `coordinate` on `left_mouse_down/up` (tolerated),
    /// `button` for a right or middle button held down or dragged with.
    var fields: [String] {
        switch self {
        case .key, .type, .keyDown, .keyUp: ["text"]
        case .holdKey: ["text", "duration"]
        case .cursorPosition, .screenshot: []
        case .mouseMove: ["coordinate"]
        case .leftMouseDown, .leftMouseUp: ["coordinate", "button"]
        case .leftClick, .rightClick, .middleClick, .doubleClick, .tripleClick: ["coordinate", "text", "key"]
        case .leftClickDrag: ["start_coordinate", "coordinate", "text", "key", "button"]
        case .scroll: ["coordinate", "scroll_direction", "scroll_amount", "text", "key"]
        case .wait: ["duration"]
        }
    }

    /// The actions of `computer_20250124`, for messages (the extensions are left out).
    static var knownList: String {
        allCases.filter { $0 != .keyDown && $0 != .keyUp }.map(\.rawValue).joined(separator: ", ")
    }
}
