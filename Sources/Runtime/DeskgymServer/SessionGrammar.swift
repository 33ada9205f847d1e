import DeskgymActions
import DeskgymCore

/// The grammar a session reads answers with, set up for its screen and, when observations are
/// scaled down for the model, for the image the model sees: pixels of that image for `pyautogui`,
/// `computer_13`, `anthropic_computer` and `openai_computer_use`; the 0–1000 and 0–999 grids of
/// `uitars` and `qwen_computer_use` (UI-TARS-1.0's and Qwen's relative mode), which mean the same
/// at any image size. ``DeskgymActions/ActionGrammars/configured(_:screen:image:smartResized:)``
/// holds the rule.
struct SessionGrammar: Sendable {
    /// The grammar's canonical name.
    let name: String

    /// Checks `name` (400 naming `field` and the known grammars when unknown).
    init(named name: String, field: String) throws(APIError) {
        self.name = try StepInput.grammar(named: name, field: field).name
    }

    /// The grammar for a `screen`-sized screen whose screenshots are sent at `image` size (nil: unscaled).
    func grammar(screen: Size, image: Size?) -> any ActionGrammar {
        // The name was checked at init and the grids need no resize rule: nothing here can throw.
        (try? ActionGrammars.configured(name, screen: screen, image: image)) ?? PyAutoGUIGrammar()
    }
}
