import DeskgymActions
import DeskgymSandbox

/// What a new session is made of, read from a `POST /sessions` body.
struct SessionSpec: Sendable {
    var task: ServedTask?
    var config: VMConfig
    /// The screen size the client asked for, kept across resets to other vm-configs and tasks.
    var screen: VMConfig.Screen?
    var grammar: any ActionGrammar
    var lease: Duration
    var image: ImageMode

    /// The fields `POST /sessions` accepts.
    static let fields = ["task", "vm_config", "grammar", "lease_seconds", "image", "screen"]
}
