import DeskgymActions
import DeskgymCore
import Testing

/// Answers written to hurt: nesting that would overflow a recursive reader, names of megabytes, and
/// counts that would keep a desktop busy. Each must be refused with a short, precise error.
@Suite("Hostile answers")
struct HostileInputTests {
    static let uitars = UITARSGrammar()
    static let qwen = QwenComputerUseGrammar()
    static let anthropic = AnthropicComputerGrammar()
    static let openAI = OpenAIComputerUseGrammar()

    // MARK: Long names

    @Test("an unknown field name of 16 MB is refused with a short message naming its length")
    func hugeFieldName() {
        let name = String(repeating: "a", count: 16 << 20)
        let error = parseError(computer13, #"{"action_type": "CLICK", "parameters": {"\#(name)": 1}}"#)
        #expect(error?.message == "CLICK: unknown parameter '" + String(repeating: "a", count: 60)
                    + "… (16777216 characters)'; it takes 'button', 'x', 'y', 'num_clicks'")
        #expect((error?.description.count ?? .max) < 500)
    }

    @Test("unknown names of 1 MB are cut in every grammar's messages, with no suggestion")
    func longNames() {
        let name = String(repeating: "a", count: 1 << 20)
        let cases: [(any ActionGrammar, String)] = [
            (pyautogui, "pyautogui.click(\(name)=1)"),
            (pyautogui, "pyautogui.\(name)(1)"),
            (pyautogui, "import pyautogui as \(name)\n\(name).zzz(1, 2)"),
            (pyautogui, "pyautogui.press('\(name)')"),
            (computer13, #"{"action_type": "\#(name)"}"#),
            (Self.openAI, #"{"type": "\#(name)"}"#),
            (Self.openAI, #"{"type": "keypress", "keys": ["\#(name)"]}"#),
            (Self.anthropic, #"{"action": "key", "text": "ctrl+\#(name)"}"#),
            (Self.qwen, #"<tool_call>{"name": "computer_use", "arguments": {"action": "\#(name)"}}</tool_call>"#),
            (Self.qwen, #"{"name": "\#(name)", "arguments": {}}"#),
            (Self.uitars, "Action: \(name)(start_box='(1,2)')"),
            (Self.uitars, "Action: click(\(name)='(1,2)')"),
        ]
        for (index, (grammar, text)) in cases.enumerated() {
            guard let error = parseError(grammar, text) else {
                Issue.record("case \(index), \(grammar.name): a name of 1 MB was accepted")
                continue
            }
            #expect(error.description.count < 500, "case \(index), \(grammar.name): \(error.description.prefix(600))")
            #expect(error.message.contains("… (104"), "case \(index), \(grammar.name): \(error.message.prefix(600))")
            #expect(!error.message.contains("did you mean"), "case \(index), \(grammar.name)")
        }
    }

    @Test("a name just short enough still gets a suggestion")
    func suggestionEdge() {
        #expect(parseError(pyautogui, "pyautogui.clik(1, 2)")?.message.contains("did you mean 'pyautogui.click'") == true)
        let long = String(repeating: "x", count: 65)
        let error = parseError(computer13, #"{"action_type": "CLICK", "parameters": {"\#(long)": 1}}"#)
        #expect(error?.message.contains("'" + String(repeating: "x", count: 60) + "… (65 characters)'") == true,
                "\(String(describing: error))")
    }
}
