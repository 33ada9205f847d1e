import DeskgymActions
import DeskgymCore
import Testing

/// Answers written to hurt: nesting that would overflow a recursive reader, names of megabytes, and
/// counts that would keep a desktop busy. Each must be refused with a short, precise error.
@Suite("Hostile answers")
struct HostileInputTests {
    static let depth = ActionLimits.maximumNestingDepth
    static let uitars = UITARSGrammar()
    static let qwen = QwenComputerUseGrammar()
    static let anthropic = AnthropicComputerGrammar()
    static let openAI = OpenAIComputerUseGrammar()

    // MARK: Nesting

    @Test("8,000 and 100,000 nested brackets are refused naming the depth, at the first bracket too deep",
          arguments: [8000, 100_000])
    func deepNesting(count: Int) {
        let brackets = String(repeating: "[", count: count)
        // Each case: the grammar, the answer, the column of the first bracket.
        let cases: [(any ActionGrammar, String, Int)] = [
            (pyautogui, "pyautogui.click(" + brackets, 17),
            (pyautogui, "pyautogui.click(" + String(repeating: "(", count: count), 17),
            (pyautogui, "pyautogui.hotkey('ctrl', " + brackets + "'c'" + String(repeating: "]", count: count) + ")", 26),
            (computer13, brackets, 1),
            (Self.qwen, "<tool_call>" + brackets, 12),
            (Self.anthropic, brackets, 1),
            (Self.openAI, brackets, 1),
        ]
        for (grammar, text, firstBracket) in cases {
            guard let error = parseError(grammar, text) else {
                Issue.record("\(grammar.name) accepted \(count) nested brackets")
                continue
            }
            #expect(error.message.contains("nest") && error.message.contains("deeper than \(Self.depth) levels"),
                    "\(grammar.name): \(error.message)")
            #expect(error.line == 1)
            #expect(error.column == firstBracket + Self.depth, "\(grammar.name): \(error)")
            #expect(error.description.count < 500)
        }
    }

    @Test("UI-TARS reads no nested structure: a box of 100,000 brackets is refused as a bad point")
    func uitarsBrackets() {
        let box = String(repeating: "(", count: 100_000) + "10,20" + String(repeating: ")", count: 100_000)
        let error = parseError(Self.uitars, "Action: click(start_box='\(box)x')")
        #expect(error?.message.hasPrefix("click: start_box must be a point") == true, "\(String(describing: error))")
        #expect((error?.description.count ?? 0) < 500)
    }

    @Test("brackets nested exactly as deep as allowed still parse; one more is refused")
    func nestingEdge() throws {
        // (x) is x in Python: 63 parentheses around the point tuple make 64 levels.
        let extra = Self.depth - 1
        let point = String(repeating: "(", count: extra) + "(100, 200)" + String(repeating: ")", count: extra)
        #expect(try pyautogui.parse("pyautogui.click(\(point))") == [.click(button: .left, at: Point(x: 100, y: 200), count: 1)])
        #expect(parseError(pyautogui, "pyautogui.click((\(point)))")?.message.contains("deeper than 64 levels") == true)

        // The tool_use object is one level; an ignored field nests 63 more.
        func toolUse(nesting: Int) -> String {
            #"{"type": "tool_use", "name": "computer", "meta": "#
                + String(repeating: "[", count: nesting) + String(repeating: "]", count: nesting)
                + #", "input": {"action": "left_click", "coordinate": [10, 20]}}"#
        }
        #expect(try Self.anthropic.parse(toolUse(nesting: extra)).count == 1)
        #expect(parseError(Self.anthropic, toolUse(nesting: extra + 1))?.message
                    == "invalid JSON: nesting deeper than 64 levels")
    }

    @Test("a normal answer with ten nested lists and a small scroll parses")
    func normalAnswer() throws {
        let keys = String(repeating: "[", count: 10) + "'a'" + String(repeating: "]", count: 10)
        // Lists of lists are not key names, so this is refused, but for the key and not for the depth.
        #expect(parseError(pyautogui, "pyautogui.press(\(keys))")?.message.contains("key name string") == true)
        #expect(try pyautogui.parse("pyautogui.scroll(10)\npyautogui.press(['a', 'b'])")
                    == [.scroll(dx: 0, dy: 10, at: nil), .press(key("a")), .press(key("b"))])
    }

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
