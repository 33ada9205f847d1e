/// What the numbers in a model's answer mean, for the grammars whose models use their own coordinate
/// system (`uitars`, `qwen_computer_use`). The other grammars take screen pixels and ignore it.
public enum CoordinateMode: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// A grid independent of the screen: UI-TARS-1.0's 0–1000, Qwen3-VL's 0–999.
    case relative
    /// Pixels of the screenshot as the model's server resized it with `smart_resize` (UI-TARS-1.5,
    /// Qwen2.5-VL). Screenshots are sent at full size; the rule is the one the server applies:
    /// ``DeskgymActions/SmartResize/uiTARS`` for UI-TARS, ``DeskgymActions/SmartResize/qwenVLUtils``
    /// (the Qwen2.5-VL processor's defaults) for Qwen.
    case absolute

    /// Reads `relative` or `absolute`.
    public init(parsing text: String) throws(AgentError) {
        guard let mode = CoordinateMode(rawValue: text.lowercased()) else {
            throw AgentError(
                kind: .badInput, agent: "openai",
                message: "unknown coordinate mode '\(text)' (known: relative, absolute)")
        }
        self = mode
    }

    public var description: String { rawValue }
}
