/// The grammars Deskgym knows, by name.
public enum ActionGrammars {
    /// One of each grammar, with default settings.
    public static let all: [any ActionGrammar] = [
        PyAutoGUIGrammar(), Computer13Grammar(), UITARSGrammar(),
        QwenComputerUseGrammar(), AnthropicComputerGrammar(), OpenAIComputerUseGrammar(),
    ]

    /// The names ``named(_:)`` accepts.
    public static var names: [String] { all.map(\.name) }

    /// How long a bare `WAIT` waits, in seconds: OSWorld's `DesktopEnv.step` default `pause`.
    public static let defaultWaitSeconds: Double = 2

    /// The grammar called `name` (case-insensitive; `-` and `_` are interchangeable, so
    /// `computer-13` finds `computer_13`).
    public static func named(_ name: String) throws(UnknownGrammarError) -> any ActionGrammar {
        let wanted = normalized(name)
        if let grammar = all.first(where: { normalized($0.name) == wanted }) {
            return grammar
        }
        throw UnknownGrammarError(name: name, knownNames: names)
    }

    private static func normalized(_ name: String) -> String {
        String(name.lowercased().map { $0 == "-" ? "_" : $0 }).trimmingSpaces()
    }
}
