import DeskgymActions
import DeskgymCore

/// A grammar name and the settings that, with an episode's screen size, make the grammar an episode
/// reads answers with.
public struct GrammarSetup: Sendable, Hashable {
    /// The grammar's canonical name (``DeskgymActions/ActionGrammars/names``).
    public var name: String
    /// What a `uitars` or `qwen_computer_use` model's numbers mean.
    public var coordinates: CoordinateMode

    /// Checks `name` against the known grammars (case-insensitive, `-` for `_`) and keeps its
    /// canonical spelling. `agent` names the agent in the error.
    public init(name: String, coordinates: CoordinateMode = .relative, agent: String) throws(AgentError) {
        do {
            self.name = try ActionGrammars.named(name).name
        } catch {
            throw AgentError(kind: .badInput, agent: agent, message: "\(error)")
        }
        self.coordinates = coordinates
    }

    /// The grammar for a `screen`-sized screen whose screenshots are sent to the model unscaled
    /// (``DeskgymActions/ActionGrammars/configured(_:screen:image:smartResized:)``, with
    /// ``CoordinateMode/absolute`` as its smart-resized pixels).
    public func grammar(for screen: Size, agent: String) throws(AgentError) -> any ActionGrammar {
        guard screen.width > 0, screen.height > 0 else {
            throw AgentError(kind: .badInput, agent: agent, message: "the task's screen size \(screen) is empty")
        }
        do {
            return try ActionGrammars.configured(name, screen: screen, smartResized: coordinates == .absolute)
        } catch let error as SmartResizeError {
            throw AgentError(kind: .badInput, agent: agent, message: "\(name) on a \(screen) screen: \(error)")
        } catch {
            throw AgentError(kind: .badInput, agent: agent, message: "\(error)")
        }
    }

    /// The size of the image the model's coordinates refer to, for prompts: the resized screenshot
    /// for absolute UI-TARS and Qwen coordinates, the grid for relative ones, the screen otherwise.
    func coordinateSpace(for screen: Size) -> Size {
        switch (name, coordinates) {
        case (UITARSGrammar.name, .relative): Size(width: 1000, height: 1000)
        case (QwenComputerUseGrammar.name, .relative): Size(width: 999, height: 999)
        case (UITARSGrammar.name, .absolute): (try? SmartResize.uiTARS.resized(screen)) ?? screen
        case (QwenComputerUseGrammar.name, .absolute): (try? SmartResize.qwenVLUtils.resized(screen)) ?? screen
        default: screen
        }
    }
}
