import DeskgymActions
import DeskgymCore

/// The grammar a session reads answers with, set up for its screen and, when observations are
/// scaled down for the model, for the image the model sees.
///
/// - `pyautogui`, `computer_13`: absolute pixels — in the scaled image when there is one
///   (``ImageSpaceGrammar`` maps them to the screen).
/// - `anthropic_computer`, `openai_computer_use`: pixels of the screenshot the model was sent, as
///   those APIs define them (scaled to the screen by the grammar).
/// - `uitars`, `qwen_computer_use`: 0–1000 and 0–999 relative coordinates (UI-TARS-1.0 and Qwen's
///   relative mode), which mean the same at any image size.
struct SessionGrammar: Sendable {
    /// The grammar's canonical name.
    let name: String

    /// Checks `name` (400 naming `field` and the known grammars when unknown).
    init(named name: String, field: String) throws(APIError) {
        self.name = try StepInput.grammar(named: name, field: field).name
    }

    /// The grammar for a `screen`-sized screen whose screenshots are sent at `image` size (nil: unscaled).
    func grammar(screen: Size, image: Size?) -> any ActionGrammar {
        let shown = image ?? screen
        switch name {
        case PyAutoGUIGrammar.name:
            return shown == screen ? PyAutoGUIGrammar() : ImageSpaceGrammar(PyAutoGUIGrammar(), screen: screen, image: shown)
        case Computer13Grammar.name:
            return shown == screen ? Computer13Grammar() : ImageSpaceGrammar(Computer13Grammar(), screen: screen, image: shown)
        case AnthropicComputerGrammar.name:
            return AnthropicComputerGrammar(screen: screen, imageSize: shown)
        case OpenAIComputerUseGrammar.name:
            return OpenAIComputerUseGrammar(screen: screen, imageSize: shown)
        case UITARSGrammar.name:
            return UITARSGrammar(screen: screen, coordinates: .relative1000)
        case QwenComputerUseGrammar.name:
            return QwenComputerUseGrammar(screen: screen, coordinates: .relative999)
        default:
            return (try? ActionGrammars.named(name)) ?? PyAutoGUIGrammar()
        }
    }
}
