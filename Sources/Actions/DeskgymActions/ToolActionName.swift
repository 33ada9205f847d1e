/// The action names of a JSON tool (Anthropic's `action`, OpenAI's `type`), each with the fields
/// its object takes, so that one reader checks the name and the fields for every such tool.
protocol ToolActionName: RawRepresentable<String>, CaseIterable {
    /// The fields the action's object takes besides the name.
    var fields: [String] { get }
    /// The tool's own names, for messages (Deskgym's extensions left out).
    static var knownList: String { get }
}
