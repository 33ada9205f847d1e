/// The `action` values of the `computer_use` tool of Qwen2.5-VL and Qwen3-VL, with their arguments.
///
/// The names and arguments are those of the `ComputerUse` tool in the Qwen3-VL cookbook
/// (`cookbooks/utils/agent_function_call.py`). `mouse_down`, `mouse_up`, `key_down`, `key_up`,
/// `button` and `start_coordinate` are Deskgym's extensions, written by
/// ``QwenComputerUseGrammar/format(_:)`` only for actions the tool cannot otherwise express.
enum QwenComputerUseAction: String, CaseIterable {
    case key
    case type
    case mouseMove = "mouse_move"
    case leftClick = "left_click"
    case leftClickDrag = "left_click_drag"
    case rightClick = "right_click"
    case middleClick = "middle_click"
    case doubleClick = "double_click"
    case tripleClick = "triple_click"
    case scroll
    case hscroll
    case wait
    case terminate
    case answer
    case mouseDown = "mouse_down"
    case mouseUp = "mouse_up"
    case keyDown = "key_down"
    case keyUp = "key_up"

    /// The arguments the action takes besides `action`.
    var parameters: [String] {
        switch self {
        case .key, .keyDown, .keyUp: ["keys"]
        case .type, .answer: ["text"]
        case .mouseMove, .leftClick, .rightClick, .middleClick: ["coordinate"]
        case .doubleClick, .tripleClick, .mouseDown, .mouseUp: ["coordinate", "button"]
        case .leftClickDrag: ["coordinate", "start_coordinate", "button"]
        case .scroll, .hscroll: ["pixels", "coordinate"]
        case .wait: ["time"]
        case .terminate: ["status"]
        }
    }

    /// The arguments that must be given.
    var required: [String] {
        switch self {
        case .key, .keyDown, .keyUp: ["keys"]
        case .type, .answer: ["text"]
        case .mouseMove, .leftClickDrag: ["coordinate"]
        case .scroll, .hscroll: ["pixels"]
        case .terminate: ["status"]
        default: []
        }
    }

    /// Every argument name of the tool's schema, with the extensions.
    static let schema = [
        "action", "keys", "text", "coordinate", "pixels", "time", "status", "button",
        "start_coordinate",
    ]

    /// The tool's own action names, for messages.
    static let toolNames =
        "key, type, mouse_move, left_click, left_click_drag, right_click, middle_click, "
        + "double_click, triple_click, scroll, hscroll, wait, terminate, answer"
}
