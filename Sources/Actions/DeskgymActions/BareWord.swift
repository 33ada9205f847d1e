import DeskgymCore

/// `WAIT`, `DONE` or `FAIL`, the answers OSWorld lets a model give instead of an action.
enum BareWord: Sendable {
    case wait, done, fail

    /// The word `text` spells, in any case.
    init?(_ text: String) {
        switch text.uppercased() {
        case "WAIT": self = .wait
        case "DONE": self = .done
        case "FAIL": self = .fail
        default: return nil
        }
    }

    func action(waitSeconds: Double) -> Action {
        switch self {
        case .wait: .wait(seconds: waitSeconds)
        case .done: .done
        case .fail: .fail
        }
    }
}
