import DeskgymCore

extension ActionGrammars {
    /// The grammar called `name`, set up for a `screen`-sized screen whose screenshots reach the
    /// model at `image` size (nil: unscaled). The one rule for every caller (the agents, the
    /// server), so that a model's numbers mean the same wherever its answers are read:
    ///
    /// - `pyautogui`, `computer_13`: pixels of the image the model saw, mapped to the screen by
    ///   ``ImageSpaceGrammar`` when it was scaled.
    /// - `anthropic_computer`, `openai_computer_use`: pixels of the screenshot sent, as those APIs
    ///   define them.
    /// - `uitars`, `qwen_computer_use`: without `smartResized`, their grids (UI-TARS-1.0's 0–1000,
    ///   Qwen's 0–999), which mean the same at any image size; with it, pixels of the image as the
    ///   model's server resizes the one it was sent (``SmartResize/uiTARS`` for UI-TARS-1.5,
    ///   ``SmartResize/qwenVLUtils`` for Qwen2.5-VL).
    ///
    /// Throws ``UnknownGrammarError`` for an unknown name and ``SmartResizeError`` for an image
    /// the resize rule refuses.
    public static func configured(_ name: String, screen: Size, image: Size? = nil, smartResized: Bool = false) throws -> any ActionGrammar
    {
        let shown = image ?? screen
        let grammar = try named(name)
        switch grammar.name {
        case PyAutoGUIGrammar.name:
            return shown == screen ? PyAutoGUIGrammar() : ImageSpaceGrammar(PyAutoGUIGrammar(), screen: screen, image: shown)
        case Computer13Grammar.name:
            return shown == screen ? Computer13Grammar() : ImageSpaceGrammar(Computer13Grammar(), screen: screen, image: shown)
        case AnthropicComputerGrammar.name:
            return AnthropicComputerGrammar(screen: screen, imageSize: shown)
        case OpenAIComputerUseGrammar.name:
            return OpenAIComputerUseGrammar(screen: screen, imageSize: shown)
        case UITARSGrammar.name:
            return smartResized
                ? UITARSGrammar(screen: screen, coordinates: .absolute(imageSize: try SmartResize.uiTARS.resized(shown)))
                : UITARSGrammar(screen: screen, coordinates: .relative1000)
        case QwenComputerUseGrammar.name:
            return smartResized
                ? QwenComputerUseGrammar(screen: screen, coordinates: .absolute(imageSize: try SmartResize.qwenVLUtils.resized(shown)))
                : QwenComputerUseGrammar(screen: screen, coordinates: .relative999)
        default:
            return grammar
        }
    }
}
