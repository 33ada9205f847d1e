/// The actions a UI-TARS answer may call, with their arguments.
///
/// The names are those of the UI-TARS prompts and of the action parsers in the UI-TARS code
/// (`ui_tars/action_parser.py`) and OSWorld's UI-TARS agents (`mm_agents/uitars15_v1.py`):
/// `left_single`, `hover`, `select`, `press`, `keydown`, `keyup`, `release` and the mouse button
/// actions are not in the desktop prompt but are parsed there. `button`, `clicks` and `seconds`
/// are Deskgym's extensions, written by ``UITARSGrammar/format(_:)`` only for actions UI-TARS cannot
/// otherwise express; so is `run_command`, the shell command of the hybrid GUI + terminal setting.
enum UITARSFunction: String, CaseIterable {
    case click
    case leftSingle = "left_single"
    case leftDouble = "left_double"
    case rightSingle = "right_single"
    case hover
    case moveTo = "move_to"
    case drag
    case select
    case mouseDown = "mouse_down"
    case mouseUp = "mouse_up"
    case hotkey
    case press
    case keydown
    case keyup
    case release
    case type
    case scroll
    case wait
    case finished
    case callUser = "call_user"
    /// Deskgym's shell command, `run_command(command='ls -la', timeout='30')`.
    case runCommand = "run_command"

    /// The arguments the function takes, by their canonical names (see ``aliases``).
    var parameters: [String] {
        switch self {
        case .click: ["start_box", "button", "clicks"]
        case .leftSingle, .leftDouble, .rightSingle: ["start_box"]
        case .hover, .moveTo: ["start_box"]
        case .drag, .select: ["start_box", "end_box", "button"]
        case .mouseDown, .mouseUp: ["start_box", "button"]
        case .hotkey, .press, .keydown, .keyup, .release: ["key"]
        case .type: ["content"]
        case .scroll: ["start_box", "direction", "clicks"]
        case .wait: ["seconds"]
        case .finished: ["content"]
        case .callUser: []
        case .runCommand: ["command", "timeout"]
        }
    }

    /// The arguments that must be given.
    var required: [String] {
        switch self {
        case .hover, .moveTo: ["start_box"]
        case .drag, .select: ["end_box"]
        case .hotkey, .press, .keydown, .keyup, .release: ["key"]
        case .type: ["content"]
        case .scroll: ["direction"]
        case .runCommand: ["command"]
        default: []
        }
    }

    /// Other names of arguments, as the UI-TARS code maps them: the `point` prompts of UI-TARS-1.5
    /// (`point`, `start_point`, `end_point`), and `hotkey=` / `press=` for `key=`.
    static let aliases: [String: String] = [
        "point": "start_box", "start_point": "start_box", "end_point": "end_box",
        "hotkey": "key", "press": "key",
    ]

    /// The names of the desktop prompt's action space, for messages.
    static let promptNames =
        "click, left_double, right_single, drag, hotkey, type, scroll, wait, finished, "
        + "call_user, run_command"
}
