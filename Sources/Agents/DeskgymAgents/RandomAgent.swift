import DeskgymActions
import DeskgymCore

/// An agent that answers random computer_13 actions on the screen, then `DONE`: a baseline, and a
/// load that exercises the runtime with real input.
///
/// The actions are clicks (single, double, right), pointer moves, typing of short ASCII text,
/// scrolls, and presses of a few harmless keys (``safeKeys``); never a key combination, so never a
/// shortcut that closes a window or leaves the session. Every point is on the screen.
///
/// Each episode draws from SplitMix64 seeded with the agent's seed mixed with the task id: the same
/// seed gives the same actions for the same task, and different tasks get different sequences.
public struct RandomAgent: Agent {
    /// The seed, chosen by the user or drawn once when the agent is made.
    public let seed: UInt64
    /// How many random answers an episode gets before `DONE`.
    public let steps: Int

    /// The keys the agent may press: navigation and editing keys that do nothing drastic.
    public static let safeKeys = [
        "enter", "tab", "esc", "backspace", "space", "up", "down", "left", "right",
        "pageup", "pagedown", "home", "end",
    ]

    /// An agent with `seed` (nil: one drawn from the system generator, kept in ``name`` so the run
    /// can be repeated) that answers `steps` actions (at least 0) and then `DONE`.
    public init(seed: UInt64? = nil, steps: Int = 10) {
        var system = SystemRandomNumberGenerator()
        self.seed = seed ?? system.next()
        self.steps = max(0, steps)
    }

    /// `random:SEED`.
    public var name: String { "random:\(seed)" }

    public func startEpisode(_ task: AgentTask) async throws(AgentError) -> any AgentEpisode {
        guard task.screen.width > 0, task.screen.height > 0 else {
            throw AgentError(kind: .badInput, agent: name, message: "task \(task.id): the screen size \(task.screen) is empty")
        }
        let generator = SplitMix64(seed: seed ^ SplitMix64.hash(task.id))
        return RandomEpisode(screen: task.screen, steps: steps, generator: generator)
    }
}
