/// Text that a grammar cannot turn into actions.
///
/// The position points at the offending text in the text given to
/// ``ActionGrammar/parse(_:)`` (not at a line of one fenced block), so an agent or a person can find
/// it in the model's answer as written.
public struct ActionParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The grammar that refused the text (`pyautogui`, `computer_13`).
    public var grammar: String
    /// The line of the offending text, from 1; 0 when the error concerns the whole text.
    public var line: Int
    /// The column of the offending text in Unicode code points, from 1 (as Python counts); 0 when
    /// the error concerns the whole text.
    public var column: Int
    /// The offending text, shortened to one line.
    public var snippet: String
    /// What is wrong, and where it helps, what would be accepted instead.
    public var message: String

    /// An error at `line` and `column` (0 and 0 for the whole text).
    public init(grammar: String, line: Int, column: Int, snippet: String, message: String) {
        self.grammar = grammar
        self.line = line
        self.column = column
        self.snippet = snippet
        self.message = message
    }

    /// `grammar: line L, column C: message`, or `grammar: message` for the whole text.
    public var description: String {
        line > 0 ? "\(grammar): line \(line), column \(column): \(message)" : "\(grammar): \(message)"
    }
}
