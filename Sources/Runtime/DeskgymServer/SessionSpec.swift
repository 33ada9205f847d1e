import DeskgymActions
import DeskgymAgents
import DeskgymCore
import DeskgymSandbox

/// What a new session is made of, read from a `POST /sessions` body.
struct SessionSpec: Sendable {
    var task: ServedTask?
    var config: VMConfig
    /// The screen size the client asked for, kept across resets to other vm-configs and tasks.
    var screen: VMConfig.Screen?
    var grammar: SessionGrammar
    /// The size screenshots are scaled to for the model; nil sends them at screen size.
    var observationSize: Size?
    var lease: Duration
    var image: ImageMode
    /// What observations carry besides the screen.
    var observationType: ObservationType = .screenshot
    /// Whether the session serves OSWorld's in-VM server API on a port of its own.
    var osworldAPI = false
    /// The largest request body the session's OSWorld API reads.
    var maximumBodyBytes = 64 << 20

    /// The fields `POST /sessions` accepts.
    static let fields = [
        "task", "vm_config", "grammar", "lease_seconds", "image", "screen", "observation_size", "observation_type", "osworld_api",
    ]
}
