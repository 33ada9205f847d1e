/// How a tool-call grammar names the parts of an answer, for its error messages: the Anthropic
/// grammar reads `tool_use` blocks of a Messages API response, the OpenAI one `computer_call` items
/// of a Responses API response, and both read the same layouts of them.
struct ToolCallForm {
    /// What a whole answer may be, shown when it holds neither a call nor an action.
    let expected: String
    /// One call, with its article: `a tool_use block`.
    let call: String
    /// An action object given alone, with its article: `an input object`.
    let input: String
    /// What a top-level array holds: `content block or input object`.
    let arrayElement: String
    /// The API's whole response: `Messages API response`.
    let response: String
}
