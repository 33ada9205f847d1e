/// A `type` of OpenAI's computer-use actions (the `action` of a `computer_call` output item in the
/// Responses API), with the fields it takes.
enum OpenAIComputerActionType: String, ToolActionName {
    case click
    case doubleClick = "double_click"
    case drag
    case keypress
    case move
    case screenshot
    case scroll
    case type
    case wait
    // Deskgym extensions: what an `Action` can say and the API cannot.
    case mouseDown = "mouse_down"
    case mouseUp = "mouse_up"
    case keyDown = "key_down"
    case keyUp = "key_up"

    /// The fields of the API's schema for this action (`keys` on pointer actions are the keys held
    /// meanwhile), then Deskgym's: `button` on `drag`, `seconds` on `wait`.
    var fields: [String] {
        switch self {
        case .click: ["button", "x", "y", "keys"]
        case .doubleClick, .move: ["x", "y", "keys"]
        case .drag: ["path", "keys", "button"]
        case .keypress, .keyDown, .keyUp: ["keys"]
        case .screenshot: []
        case .scroll: ["x", "y", "scroll_x", "scroll_y", "keys"]
        case .type: ["text"]
        case .wait: ["seconds"]
        case .mouseDown, .mouseUp: ["button", "x", "y"]
        }
    }

    /// Whether this is one of Deskgym's extensions rather than an action of the API.
    var isExtension: Bool {
        switch self {
        case .mouseDown, .mouseUp, .keyDown, .keyUp: true
        default: false
        }
    }

    /// The API's action types, for messages.
    static var knownList: String {
        allCases.filter { !$0.isExtension }.map(\.rawValue).joined(separator: ", ")
    }
}
