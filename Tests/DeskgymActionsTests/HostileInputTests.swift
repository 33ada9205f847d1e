import DeskgymActions
import DeskgymCore
import Testing

/// Answers written to hurt: nesting that would overflow a recursive reader, names of megabytes, and
/// counts that would keep a desktop busy. Each must be refused with a short, precise error.
@Suite("Hostile answers", .serialized)
struct HostileInputTests {
    static let depth = ActionLimits.maximumNestingDepth
    static let uitars = UITARSGrammar()
    static let qwen = QwenComputerUseGrammar()
    static let anthropic = AnthropicComputerGrammar()
    static let openAI = OpenAIComputerUseGrammar()

    // MARK: Nesting

    @Test(
        "8,000 and 100,000 nested brackets are refused naming the depth, at the first bracket too deep",
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
            #expect(
                error.message.contains("nest") && error.message.contains("deeper than \(Self.depth) levels"),
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
        #expect(
            parseError(Self.anthropic, toolUse(nesting: extra + 1))?.message
                == "invalid JSON: nesting deeper than 64 levels")
    }

    @Test("a normal answer with ten nested lists and a small scroll parses")
    func normalAnswer() throws {
        let keys = String(repeating: "[", count: 10) + "'a'" + String(repeating: "]", count: 10)
        // Lists of lists are not key names, so this is refused, but for the key and not for the depth.
        #expect(parseError(pyautogui, "pyautogui.press(\(keys))")?.message.contains("key name string") == true)
        #expect(
            try pyautogui.parse("pyautogui.scroll(10)\npyautogui.press(['a', 'b'])")
                == [.scroll(dx: 0, dy: 10, at: nil), .press(key("a")), .press(key("b"))])
    }

    // MARK: Long names

    @Test("an unknown field name of 16 MB is refused with a short message naming its length")
    func hugeFieldName() {
        let name = String(repeating: "a", count: 16 << 20)
        let error = parseError(computer13, #"{"action_type": "CLICK", "parameters": {"\#(name)": 1}}"#)
        #expect(
            error?.message == "CLICK: unknown parameter '" + String(repeating: "a", count: 60)
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
        #expect(
            error?.message.contains("'" + String(repeating: "x", count: 60) + "… (65 characters)'") == true,
            "\(String(describing: error))")
    }

    // MARK: Counts and durations

    @Test("scroll(2000000) is refused naming the cap, in every grammar")
    func hugeScroll() {
        let cases: [(any ActionGrammar, String, String)] = [
            (pyautogui, "pyautogui.scroll(2000000)", "pyautogui.scroll: 2000000 wheel clicks is more than the 1000 allowed"),
            (pyautogui, "pyautogui.hscroll(-2000000)", "pyautogui.hscroll: 2000000 wheel clicks is more than the 1000 allowed"),
            (
                computer13, #"{"action_type": "SCROLL", "parameters": {"dx": 0, "dy": 2000000}}"#,
                "SCROLL: 2000000 wheel clicks is more than the 1000 allowed"
            ),
            (
                Self.qwen, #"<tool_call>{"name": "computer_use", "arguments": {"action": "scroll", "pixels": 2000000}}</tool_call>"#,
                "scroll: 2000000 wheel clicks is more than the 1000 allowed"
            ),
            (
                Self.uitars, "Action: scroll(direction='down', clicks='2000000')",
                "scroll: clicks must be a whole number from 0 to 1000, got '2000000'"
            ),
            (
                Self.anthropic, #"{"action": "scroll", "scroll_direction": "down", "scroll_amount": 2000000}"#,
                "scroll: field 'scroll_amount' must be 0–1000, got a number 2000000"
            ),
            (
                Self.openAI, #"{"type": "scroll", "x": 1, "y": 1, "scroll_x": 0, "scroll_y": 200000000}"#,
                "scroll: field 'scroll_y' is 200000000 pixels, more than 1000 wheel clicks of 100 pixels"
            ),
        ]
        for (grammar, text, message) in cases {
            #expect(parseError(grammar, text)?.message == message, "\(grammar.name)")
        }
    }

    @Test("scrolls up to the cap parse")
    func scrollEdge() throws {
        #expect(try pyautogui.parse("pyautogui.scroll(-1000)") == [.scroll(dx: 0, dy: -1000, at: nil)])
        #expect(
            parseError(pyautogui, "pyautogui.scroll(-1001)")?.message
                == "pyautogui.scroll: 1001 wheel clicks is more than the 1000 allowed")
        #expect(
            try computer13.parse(#"{"action_type": "SCROLL", "parameters": {"dx": 1000}}"#)
                == [.scroll(dx: 1000, dy: 0, at: nil)])
    }

    @Test("typing is capped per call and for the whole answer")
    func typing() throws {
        let edge = String(repeating: "é", count: ActionLimits.maximumTypedCharacters)
        #expect(try pyautogui.parse("pyautogui.write('\(edge)')") == [.typing(edge)])
        let error = parseError(pyautogui, "pyautogui.write('\(edge)x')")
        #expect(error?.message == "pyautogui.write: typing 10001 characters is more than the 10000 one answer may type")
        #expect(error?.column == 1)

        let half = String(repeating: "b", count: 6000)
        let twice = parseError(
            computer13,
            #"[{"action_type": "TYPING", "parameters": {"text": "\#(half)"}}, "#
                + #"{"action_type": "TYPING", "parameters": {"text": "\#(half)"}}]"#)
        #expect(twice?.line == 0)
        #expect(
            twice?.message == "the answer's actions together ask too much: typing 12000 characters is more than "
                + "the 10000 one answer may type")
    }

    @Test("waits are capped per call and for the whole answer")
    func waits() throws {
        #expect(try pyautogui.parse("time.sleep(300)") == [.wait(seconds: 300)])
        #expect(
            parseError(pyautogui, "time.sleep(1e300)")?.message
                == "time.sleep: waiting 1e+300 s is more than the 300 s one answer may wait")
        #expect(
            parseError(Self.uitars, "Action: wait(seconds='301')")?.message
                == "wait: waiting 301 s is more than the 300 s one answer may wait")
        #expect(
            parseError(Self.anthropic, #"{"action": "hold_key", "text": "shift", "duration": 86400}"#)?.message
                == "hold_key: waiting 86400 s is more than the 300 s one answer may wait")
        #expect(
            parseError(Self.openAI, #"{"type": "wait", "seconds": 1000}"#)?.message
                == "wait: waiting 1000 s is more than the 300 s one answer may wait")
        #expect(
            parseError(Self.qwen, #"{"name": "computer_use", "arguments": {"action": "wait", "time": 500}}"#)?.message
                == "wait: waiting 500 s is more than the 300 s one answer may wait")
        #expect(
            parseError(computer13, #"{"action_type": "WAIT", "parameters": {"seconds": 3600}}"#)?.message
                == "WAIT: waiting 3600 s is more than the 300 s one answer may wait")
        let error = parseError(pyautogui, "time.sleep(200)\npyautogui.sleep(200)")
        #expect(
            error?.message == "the answer's actions together ask too much: waiting 400 s is more than the 300 s "
                + "one answer may wait")
    }

    @Test("repeated presses are capped before they are spelled out, and count as actions")
    func presses() throws {
        #expect(try pyautogui.parse("pyautogui.press('down', presses=1000)").count == 1000)
        #expect(
            parseError(pyautogui, "pyautogui.press('down', presses=1000000000000000000)")?.message
                == "pyautogui.press: presses=1000000000000000000 is out of range; it must be between 0 and 1000")
        #expect(
            parseError(pyautogui, "pyautogui.press(['down', 'up'], presses=1000)")?.message
                == "pyautogui.press: 2000 actions are more than the 1000 one answer may give")
        let many = String(repeating: "pyautogui.press('a', presses=600)\n", count: 2)
        #expect(
            parseError(pyautogui, many)?.message
                == "the answer's actions together ask too much: 1200 actions are more than the 1000 one answer may give")
    }

    @Test("click counts outside 1–3 are refused in every grammar that reads one")
    func clickCounts() {
        #expect(
            parseError(pyautogui, "pyautogui.click(1, 2, clicks=1000000)")?.message
                == "pyautogui.click: clicks=1000000 is out of range; Deskgym clicks 1, 2 or 3 times in one action")
        #expect(
            parseError(computer13, #"{"action_type": "CLICK", "parameters": {"num_clicks": 1000000}}"#)?.message
                == "CLICK: parameter 'num_clicks' must be 1, 2 or 3, got 1000000")
        #expect(
            parseError(Self.uitars, "Action: click(start_box='(1,2)', clicks='1000000')")?.message
                == "click: clicks must be a whole number from 1 to 3, got '1000000'")
    }

    // MARK: Long answers

    // Each of these answers once took time growing with the square of its length (a reader that
    // measured the whole line, or searched the rest of the answer, at every value); read in linear
    // time they take a moment. The expectations check that every part was read. The inputs are large
    // enough that the quadratic readers took 30 s or more, linear ones 0.2 s in a debug build: the
    // 20 s bound tells the two apart on a loaded machine without being a timing measurement.

    @Test("a line of thousands of code fences is read in linear time (found by deskgym fuzz)")
    func manyFencesOnOneLine() {
        // `deskgym fuzz --seed 1`, pyautogui iteration 98441: 56 KB of "```DONE`````````" took 4 s,
        // every fence measuring (and copying) the rest of its line.
        let fences = "The task is finished.\n" + String(repeating: "```DONE``````", count: 20_000)
        let elapsed = ContinuousClock().measure { _ = try? pyautogui.parse(fences) }
        #expect(elapsed < .seconds(20), "took \(elapsed)")
    }

    @Test("fences before a long run of text on the same line are read in linear time (found by deskgym fuzz)")
    func fencesBeforeALongLine() {
        // `deskgym fuzz --seed 1`, pyautogui iteration 42494: "```DONE```E```E…" (383 fences), then 60 KB
        // of "clickclick…" on the same line, took 1.7 s before the fix of manyFencesOnOneLine, every
        // fence copying the rest of its line; 65 ms after it.
        let answer =
            "The task is finished.\n```DONE" + String(repeating: "```E", count: 2_000) + "```"
            + String(repeating: "click", count: 40_000)
        var error: ActionParseError?
        let elapsed = ContinuousClock().measure { error = parseError(pyautogui, answer) }
        #expect(elapsed < .seconds(20), "took \(elapsed)")
        // The blocks are "DONE", then "E" (not a statement) at the second fence.
        #expect(error?.line == 2 && error?.column == 15, "\(String(describing: error))")
        #expect(error?.message.hasPrefix("unsupported statement 'E```E```") == true, "\(String(describing: error))")
    }

    @Test("a call of thousands of arguments on one line is read in linear time (found by deskgym fuzz)")
    func manyArgumentsOnOneLine() {
        // `deskgym fuzz --seed 1`, uitars iteration 32701: 64 KB of "', end_box='(30…',C0,400)')0,20)"
        // repeated on one line took 0.5 s (1.7 s at 128 KB), every argument measuring the rest of its line.
        let answer =
            "Action: drag(start_box='(10,20)'" + String(repeating: ", end_box='(30,40)'", count: 30_000)
            + ", end_box=(50,60))"
        var error: ActionParseError?
        let elapsed = ContinuousClock().measure { error = parseError(Self.uitars, answer) }
        #expect(elapsed < .seconds(20), "took \(elapsed)")
        // The reader got to the last argument: its value is the one refused.
        #expect(
            error?.message
                == "drag: the value of 'end_box' must be a quoted string, such as end_box='…', found '(50,60))'")
        #expect(error?.line == 1)
        #expect(error?.column == answer.count - 7)
    }

    @Test("a long line of JSON values between prose is read to the end")
    func longLineOfValues() throws {
        let done = String(repeating: #"{"action_type": "DONE"} then "#, count: 50_000)
        #expect(
            parseError(computer13, done)?.message
                == "the answer's actions together ask too much: 50000 actions are more than the 1000 one answer may give")
        let screenshots = String(repeating: #"{"type": "screenshot"} and "#, count: 50_000)
        #expect(try Self.openAI.parse(screenshots) == [])
    }

    @Test("many unclosed tool calls and many UI-TARS calls are read to the end")
    func manyCalls() {
        let unclosed = String(
            repeating: #"<tool_call>{"name": "computer_use", "arguments": {"action": "wait", "time": 0}} "#,
            count: 50_000)
        #expect(
            parseError(Self.qwen, unclosed)?.message
                == "the answer's actions together ask too much: 50000 actions are more than the 1000 one answer may give")
        let typed = "Action: " + String(repeating: "type(content='a')\n", count: 50_000)
        #expect(
            parseError(Self.uitars, typed)?.message
                == "the answer's actions together ask too much: 50000 actions are more than the 1000 one answer may give")
    }

    @Test("a number literal of 1 MB full of exponent signs is read once and quoted cut")
    func longNumber() {
        let error = parseError(pyautogui, "pyautogui.click(1\(String(repeating: "e+", count: 1 << 19)))")
        #expect(error?.message == "invalid number '1" + String(repeating: "e+", count: 29) + "e… (1048577 characters)'")
    }

    @Test("many 'Action:' markers after a long indent are passed over to the one that starts a line")
    func manyMarkers() throws {
        let prose = String(repeating: " ", count: 200_000) + "x " + String(repeating: "Action:", count: 50_000)
        #expect(try Self.uitars.parse(prose + "\nAction: wait()") == [.wait(seconds: 5)])
    }
}
