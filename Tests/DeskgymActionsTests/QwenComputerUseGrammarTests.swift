import DeskgymActions
import DeskgymCore
import Testing

private let screen = Size(width: 1920, height: 1080)
/// Qwen3-VL: the 0–999 grid.
private let qwen3 = QwenComputerUseGrammar(screen: screen, coordinates: .relative999)
/// Qwen2.5-VL as OSWorld's agent runs it: pixels of the 1316x728 screenshot it sends.
private let qwen25 = QwenComputerUseGrammar(screen: screen, coordinates: .absolute(imageSize: Size(width: 1316, height: 728)))

private func call(_ arguments: String) -> String {
    "<tool_call>\n{\"name\": \"computer_use\", \"arguments\": \(arguments)}\n</tool_call>"
}

private func click(_ x: Int, _ y: Int, _ button: MouseButton = .left, count: Int = 1) -> Action {
    .click(button: button, at: point(x, y), count: count)
}

@Suite("Qwen computer_use grammar: model answers")
struct QwenComputerUseParsingTests {
    @Test("a Qwen3-VL answer: Action line, then a tool call in the 0–999 grid")
    func qwen3Answer() throws {
        let answer = """
            Action: Click the "Save" button at the bottom right of the dialog.
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [812, 605]}}
            </tool_call>
            """
        // round(812 / 999 × 1920) = round(1560.56) = 1561; round(605 / 999 × 1080) = round(654.05) = 654.
        #expect(try qwen3.parse(answer) == [click(1561, 654)])
    }

    @Test(
        "relative 0–999 maps as the Qwen3-VL cookbook's round(x / 999 × width)",
        arguments: [
            ((0, 0), (0, 0)), ((30, 20), (58, 22)), ((500, 500), (961, 541)), ((499, 499), (959, 539)),
            ((250, 750), (480, 811)), ((333, 666), (640, 720)), ((998, 998), (1918, 1079)),
            // 999 is the far edge (1920 and 1080 in the cookbook), which is the last pixel here; so is 1000.
            ((999, 999), (1919, 1079)), ((1000, 1000), (1919, 1079)),
        ])
    func relative(grid: (Int, Int), pixel: (Int, Int)) throws {
        let text = call("{\"action\": \"mouse_move\", \"coordinate\": [\(grid.0), \(grid.1)]}")
        #expect(try qwen3.parse(text) == [.moveTo(point(pixel.0, pixel.1))])
    }

    @Test(
        "absolute pixels of the resized screenshot map to the screen, rounded down",
        arguments: [
            ((658, 364), (960, 540)), ((100, 200), (145, 296)), ((700, 400), (1021, 593)),
            ((1315, 727), (1918, 1078)), ((1316, 728), (1919, 1079)), ((0, 0), (0, 0)),
        ])
    func absolute(image: (Int, Int), pixel: (Int, Int)) throws {
        let text = call("{\"action\": \"left_click\", \"coordinate\": [\(image.0), \(image.1)]}")
        #expect(try qwen25.parse(text) == [click(pixel.0, pixel.1)])
    }

    @Test("the resized() helper uses smart_resize")
    func resizedHelper() throws {
        #expect(try QwenComputerUseGrammar.resized(screen: screen).coordinates == .absolute(imageSize: Size(width: 1316, height: 728)))
        #expect(
            try QwenComputerUseGrammar.resized(screen: screen, resize: .qwen3VL).coordinates
                == .absolute(imageSize: Size(width: 1920, height: 1088)))
        #expect(QwenComputerUseGrammar().coordinates == .relative999 && QwenComputerUseGrammar().screen == screen)
        #expect(QwenComputerUseGrammar.name == "qwen_computer_use")
        let grammar: any ActionGrammar = QwenComputerUseGrammar()
        #expect(grammar.name == "qwen_computer_use")
        #expect(try grammar.parse(#"{"action": "terminate", "status": "success"}"#) == [.done])
    }

    @Test(
        "every action of the computer_use tool",
        arguments: [
            (#"{"action": "key", "keys": ["ctrl", "s"]}"#, [Action.hotkey([key("ctrl"), key("s")])]),
            (#"{"action": "key", "keys": ["Return"]}"#, [.hotkey([key("return")])]),
            (#"{"action": "key", "keys": ["ctrl+shift+t"]}"#, [.hotkey([key("ctrl"), key("shift"), key("t")])]),
            (#"{"action": "key", "keys": ["ctrl", "T"]}"#, [.hotkey([key("ctrl"), key("t")])]),
            (#"{"action": "key", "keys": ["Page_Down"]}"#, [.hotkey([key("pagedown")])]),
            (#"{"action": "type", "text": "hello world"}"#, [.typing("hello world")]),
            (#"{"action": "mouse_move", "coordinate": [500, 500]}"#, [.moveTo(point(961, 541))]),
            (#"{"action": "left_click", "coordinate": [500, 500]}"#, [click(961, 541)]),
            (#"{"action": "left_click"}"#, [.click(button: .left, at: nil, count: 1)]),
            (#"{"action": "right_click", "coordinate": [500, 500]}"#, [click(961, 541, .right)]),
            (#"{"action": "middle_click", "coordinate": [500, 500]}"#, [click(961, 541, .middle)]),
            (#"{"action": "double_click", "coordinate": [500, 500]}"#, [click(961, 541, count: 2)]),
            (#"{"action": "triple_click", "coordinate": [500, 500]}"#, [click(961, 541, count: 3)]),
            (#"{"action": "left_click_drag", "coordinate": [500, 500]}"#, [.dragTo(point(961, 541), button: .left)]),
            (#"{"action": "scroll", "pixels": -5}"#, [.scroll(dx: 0, dy: -5, at: nil)]),
            (#"{"action": "scroll", "pixels": 10, "coordinate": [500, 500]}"#, [.scroll(dx: 0, dy: 10, at: point(961, 541))]),
            (#"{"action": "hscroll", "pixels": -3}"#, [.scroll(dx: -3, dy: 0, at: nil)]),
            (#"{"action": "hscroll", "pixels": 2.7}"#, [.scroll(dx: 2, dy: 0, at: nil)]),
            (#"{"action": "wait", "time": 2.5}"#, [.wait(seconds: 2.5)]),
            (#"{"action": "wait"}"#, [.wait(seconds: 2)]),
            (#"{"action": "terminate", "status": "success"}"#, [.done]),
            (#"{"action": "terminate", "status": "failure"}"#, [.fail]),
            (#"{"action": "answer", "text": "The total is 1,234.56"}"#, [.done]),
            (#"{"action": "left_click", "coordinate": [500, 500], "text": null}"#, [click(961, 541)]),
        ] as [(String, [Action])])
    func actionSpace(arguments: String, expected: [Action]) throws {
        #expect(try qwen3.parse(call(arguments)) == expected)
    }

    @Test("type keeps the text as written: Chinese, quotes, line breaks")
    func typing() throws {
        let answer = call(#"{"action": "type", "text": "他说：\"你好，世界\"\n第二行 \\ end"}"#)
        #expect(try qwen3.parse(answer) == [.typing("他说：\"你好，世界\"\n第二行 \\ end")])
        #expect(try qwen3.parse(call(#"{"action": "type", "text": ""}"#)) == [.typing("")])
    }

    @Test("a thinking model's answer with several tool calls")
    func severalCalls() throws {
        let answer = """
            <think>
            The search field is focused after the click; I'll type the query and press Enter.
            </think>
            Action: Click the search field, type the city and search.
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [480, 52]}}
            </tool_call>
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "type", "text": "杭州天气"}}
            </tool_call>
            <tool_call>
            {"name": "computer_use", "arguments": {"action": "key", "keys": ["enter"]}}
            </tool_call>
            """
        // round(480 / 999 × 1920) = round(922.5225) = 923; round(52 / 999 × 1080) = round(56.216) = 56.
        #expect(try qwen3.parse(answer) == [click(923, 56), .typing("杭州天气"), .hotkey([key("enter")])])
    }

    @Test("bare JSON, a ```json fence, the arguments alone, an unclosed block")
    func layouts() throws {
        let expected = [click(961, 541)]
        let json = #"{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [500, 500]}}"#
        #expect(try qwen3.parse(json) == expected)
        #expect(try qwen3.parse("I will click the button.\n" + json + "\nThat should open it.") == expected)
        #expect(try qwen3.parse("Clicking now:\n```json\n" + json + "\n```\n") == expected)
        #expect(try qwen3.parse(#"{"action": "left_click", "coordinate": [500, 500]}"#) == expected)
        #expect(try qwen3.parse("<tool_call>\n" + json) == expected)
        #expect(try qwen3.parse("<tool_call>\n```json\n" + json + "\n```\n</tool_call>") == expected)
        #expect(try qwen3.parse("<tool_call>" + json + "</tool_call><tool_call>" + json) == expected + expected)
        // With <tool_call> blocks, JSON outside them is prose.
        #expect(try qwen3.parse("Example: {\"x\": 1}\n" + call(#"{"action": "wait", "time": 1}"#)) == [.wait(seconds: 1)])
    }

    @Test("scroll pixels become wheel clicks: one a pixel by default, or pixelsPerWheelClick")
    func scrollConversion() throws {
        let hundred = QwenComputerUseGrammar(screen: screen, coordinates: .relative999, pixelsPerWheelClick: 100)
        #expect(try hundred.parse(call(#"{"action": "scroll", "pixels": -300}"#)) == [.scroll(dx: 0, dy: -3, at: nil)])
        #expect(try hundred.parse(call(#"{"action": "scroll", "pixels": 250}"#)) == [.scroll(dx: 0, dy: 2, at: nil)])
        #expect(try hundred.parse(call(#"{"action": "scroll", "pixels": -50}"#)) == [.scroll(dx: 0, dy: -1, at: nil)])
        #expect(try hundred.parse(call(#"{"action": "scroll", "pixels": 0}"#)) == [.scroll(dx: 0, dy: 0, at: nil)])
        #expect(try qwen3.parse(call(#"{"action": "scroll", "pixels": 0.4}"#)) == [.scroll(dx: 0, dy: 1, at: nil)])
        #expect(hundred.format([.scroll(dx: 0, dy: -3, at: nil)]).contains(#""pixels": -300"#))
    }

    @Test("Deskgym's extensions")
    func extensions() throws {
        #expect(
            try qwen3.parse(call(#"{"action": "double_click", "coordinate": [500, 500], "button": "right"}"#))
                == [click(961, 541, .right, count: 2)])
        #expect(
            try qwen3.parse(call(#"{"action": "left_click_drag", "start_coordinate": [0, 0], "coordinate": [500, 500]}"#))
                == [.moveTo(point(0, 0)), .dragTo(point(961, 541), button: .left)])
        #expect(try qwen3.parse(call(#"{"action": "mouse_down", "button": "middle"}"#)) == [.mouseDown(button: .middle, at: nil)])
        #expect(try qwen3.parse(call(#"{"action": "mouse_up", "coordinate": [0, 0]}"#)) == [.mouseUp(button: .left, at: point(0, 0))])
        #expect(
            try qwen3.parse(call(#"{"action": "key_down", "keys": ["shift", "ctrl"]}"#))
                == [.keyDown(key("shift")), .keyDown(key("ctrl"))])
        #expect(try qwen3.parse(call(#"{"action": "key_up", "keys": ["shift"]}"#)) == [.keyUp(key("shift"))])
    }
}

@Suite("Qwen computer_use grammar: errors")
struct QwenComputerUseErrorTests {
    private func message(_ text: String) -> String? {
        parseError(qwen3, text)?.description
    }

    private func message(_ grammar: QwenComputerUseGrammar, _ text: String) -> String? {
        parseError(grammar, text)?.description
    }

    @Test(
        "unknown actions get the closest names",
        arguments: [
            (#"{"action": "click", "coordinate": [1, 2]}"#, "unknown action 'click'; did you mean 'left_click'?"),
            (#"{"action": "drag", "coordinate": [1, 2]}"#, "unknown action 'drag'; did you mean 'left_click_drag'?"),
            (#"{"action": "left_clik", "coordinate": [1, 2]}"#, "unknown action 'left_clik'; did you mean 'left_click'?"),
            (#"{"action": "open_app", "text": "Files"}"#, "unknown action 'open_app'"),
        ])
    func unknownAction(arguments: String, expected: String) {
        #expect(
            message(call(arguments)) == "qwen_computer_use: line 2, column 50: " + expected
                + " (computer_use actions: key, type, mouse_move, left_click, left_click_drag, right_click, "
                + "middle_click, double_click, triple_click, scroll, hscroll, wait, terminate, answer)")
    }

    @Test(
        "missing and wrong-typed arguments are named",
        arguments: [
            (#"{"action": "mouse_move"}"#, "column 39: mouse_move: missing argument 'coordinate'"),
            (#"{"action": "left_click_drag"}"#, "column 39: left_click_drag: missing argument 'coordinate'"),
            (#"{"action": "type"}"#, "column 39: type: missing argument 'text'"),
            (#"{"action": "key"}"#, "column 39: key: missing argument 'keys'"),
            (#"{"action": "scroll"}"#, "column 39: scroll: missing argument 'pixels'"),
            (#"{"action": "terminate"}"#, "column 39: terminate: missing argument 'status'"),
            (#"{"action": "answer"}"#, "column 39: answer: missing argument 'text'"),
            (
                #"{"coordinate": [1, 2]}"#,
                #"column 39: the arguments have no 'action' (such as {"action": "left_click", "coordinate": [x, y]})"#
            ),
            (
                #"{"acton": "left_click"}"#,
                #"column 39: the arguments have no 'action'; did you mean 'action'? (such as {"action": "left_click", "coordinate": [x, y]})"#
            ),
            (#"{"action": 3}"#, "column 50: 'action' must be a string, got a number 3"),
            (
                #"{"action": "left_click", "coordinate": "100, 200"}"#,
                #"column 78: left_click: 'coordinate' must be [x, y], two numbers, got a string "100, 200""#
            ),
            (
                #"{"action": "left_click", "coordinate": [1, 2, 3]}"#,
                "column 78: left_click: 'coordinate' must be [x, y], two numbers, got an array [1, 2, 3]"
            ),
            (
                #"{"action": "left_click", "coordinate": ["1", 2]}"#,
                #"column 78: left_click: 'coordinate' must be [x, y], two numbers, got an array ["1", 2]"#
            ),
            (#"{"action": "type", "text": 42}"#, "column 66: type: 'text' must be a string, got a number 42"),
            (
                #"{"action": "key", "keys": "ctrl+c"}"#,
                #"column 65: key: 'keys' must be an array of key names such as ["ctrl", "c"], got a string "ctrl+c""#
            ),
            (#"{"action": "key", "keys": []}"#, "column 65: key: 'keys' must name at least one key"),
            (#"{"action": "key", "keys": ["ctrl", 5]}"#, "column 74: key: 'keys' must hold key names (strings), got a number 5"),
            (
                #"{"action": "key", "keys": ["ctrll", "c"]}"#,
                #"column 66: key: 'keys' has an unknown key name 'ctrll'; did you mean 'ctrl'?"#
            ),
            (#"{"action": "scroll", "pixels": "-5"}"#, #"column 70: scroll: 'pixels' must be a number, got a string "-5""#),
            (#"{"action": "wait", "time": -1}"#, "column 66: wait: 'time' must be at least 0 seconds, got -1"),
            (#"{"action": "wait", "time": "soon"}"#, #"column 66: wait: 'time' must be a number, got a string "soon""#),
            (
                #"{"action": "terminate", "status": "done"}"#,
                #"column 73: terminate: 'status' must be "success" or "failure", got a string "done""#
            ),
            (
                #"{"action": "double_click", "button": "primary"}"#,
                #"column 76: double_click: 'button' must be "left", "right" or "middle", got a string "primary""#
            ),
        ])
    func arguments(arguments: String, expected: String) {
        #expect(message(call(arguments)) == "qwen_computer_use: line 2, " + expected)
    }

    @Test(
        "arguments the action does not take are refused, with suggestions",
        arguments: [
            (
                #"{"action": "left_click", "coords": [1, 2]}"#,
                "column 64: left_click: unknown argument 'coords' (it takes 'coordinate')"
            ),
            (
                #"{"action": "left_click", "coordinates": [1, 2]}"#,
                "column 64: left_click: unknown argument 'coordinates'; did you mean 'coordinate'? (it takes 'coordinate')"
            ),
            (
                #"{"action": "left_click", "coordinate": [1, 2], "text": "OK"}"#,
                "column 86: left_click: left_click does not take 'text' (it takes 'coordinate')"
            ),
            (
                #"{"action": "terminate", "status": "success", "reason": "done"}"#,
                "column 84: terminate: unknown argument 'reason' (it takes 'status')"
            ),
            (
                #"{"action": "left_click", "coordinate": [1, 2], "coordinate": [3, 4]}"#,
                "column 86: argument 'coordinate' is given twice"
            ),
        ])
    func notTaken(arguments: String, expected: String) {
        #expect(message(call(arguments)) == "qwen_computer_use: line 2, " + expected)
    }

    @Test("coordinates outside the grid are refused, naming the value")
    func outOfRange() {
        #expect(
            message(call(#"{"action": "left_click", "coordinate": [1200, 300]}"#))
                == "qwen_computer_use: line 2, column 79: left_click: 'coordinate' x 1200 is outside the 0–999 grid of Qwen3-VL relative coordinates"
        )
        #expect(
            message(call(#"{"action": "mouse_move", "coordinate": [10, -4]}"#))
                == "qwen_computer_use: line 2, column 83: mouse_move: 'coordinate' y -4 is outside the 0–999 grid of Qwen3-VL relative coordinates"
        )
        #expect(
            message(qwen25, call(#"{"action": "left_click", "coordinate": [1400, 300]}"#))
                == "qwen_computer_use: line 2, column 79: left_click: 'coordinate' x 1400 is outside the 1316x728 image the coordinates refer to"
        )
        #expect(
            message(call(#"{"action": "left_click_drag", "start_coordinate": [1001, 0], "coordinate": [0, 0]}"#))
                == "qwen_computer_use: line 2, column 90: left_click_drag: 'start_coordinate' x 1001 is outside the 0–999 grid of Qwen3-VL relative coordinates"
        )
    }

    @Test(
        "tool calls that are not computer_use calls",
        arguments: [
            (
                #"{"name": "mobile_use", "arguments": {"action": "click"}}"#,
                "qwen_computer_use: line 2, column 10: unknown tool 'mobile_use'; this grammar reads calls of the tools 'computer_use' and 'bash'"
            ),
            (
                #"{"name": "computer_use", "arguments": "{\"action\": \"wait\"}"}"#,
                #"qwen_computer_use: line 2, column 39: 'arguments' must be a JSON object, got a string "{\"action\": \"wait\"}""#
            ),
            (#"{"name": "computer_use"}"#, "qwen_computer_use: line 2, column 1: the tool call has no 'arguments'"),
            (
                #"{"name": "computer_use", "args": {"action": "wait"}}"#,
                "qwen_computer_use: line 2, column 26: unknown field 'args' in the tool call; it has 'name' and 'arguments'"
            ),
            (
                #"["wait"]"#,
                "qwen_computer_use: line 2, column 1: expected a tool call object {\"name\": \"computer_use\", \"arguments\": {…}}, got an array [\"wait\"]"
            ),
            (
                #"{'name': 'computer_use'}"#,
                #"qwen_computer_use: line 2, column 2: invalid JSON: keys must be in double quotes ("…"), not single quotes"#
            ),
            ("", #"qwen_computer_use: line 1, column 1: empty <tool_call>: expected {"name": "computer_use", "arguments": {…}} inside it"#),
            (
                #"{"name": "computer_use", "arguments": {"action": "wait"}} {"name": "computer_use", "arguments": {"action": "wait"}}"#,
                #"qwen_computer_use: line 2, column 59: unexpected '{"name": "computer_use", "arguments": {"action": "wait"}}' after the tool call's JSON; write one call per <tool_call> block"#
            ),
        ])
    func notComputerUse(body: String, expected: String) {
        let text = body.isEmpty ? "<tool_call>\n</tool_call>" : "<tool_call>\n\(body)\n</tool_call>"
        #expect(message(text) == expected)
    }

    @Test(
        "answers with nothing to do are refused",
        arguments: [
            ("", "qwen_computer_use: empty action text"),
            (
                "I think the task is complete.",
                #"qwen_computer_use: no action found: expected a tool call such as <tool_call>{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [x, y]}}</tool_call>"#
            ),
            (
                "```json\n{\"action\": \"wait\"}\n```\nDONE",
                #"qwen_computer_use: line 4, column 1: 'DONE' is not a computer_use action; end with {"name": "computer_use", "arguments": {"action": "terminate", "status": "success"}} (or "failure")"#
            ),
            (
                "```json\nwait\n```",
                #"qwen_computer_use: line 2, column 1: expected a JSON tool call such as {"name": "computer_use", "arguments": {…}}, found 'wait'"#
            ),
        ])
    func nothing(text: String, expected: String) {
        #expect(message(text) == expected)
    }
}

/// What computer_use text reads back for `action`: the tool's `key` is a combination, and it has
/// one word where `Action` has two.
private func qwenReading(of action: Action) -> [Action] {
    switch action {
    case .press(let key): [.hotkey([key])]
    case .rightClick(let at): [.click(button: .right, at: at, count: 1)]
    case .doubleClick(let at): [.click(button: .left, at: at, count: 2)]
    case .scroll(let dx, let dy, let at) where dx != 0 && dy != 0:
        [.scroll(dx: 0, dy: dy, at: at), .scroll(dx: dx, dy: 0, at: at)]
    default: [action]
    }
}

@Suite("Qwen computer_use grammar: format")
struct QwenComputerUseFormatTests {
    @Test("format writes the tool calls the model writes")
    func text() {
        #expect(
            qwen3.format([click(961, 541), .typing("a \"b\"\n"), .hotkey([key("ctrl"), key("s")]), .done]) == """
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [500, 500]}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "type", "text": "a \\"b\\"\\n"}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "key", "keys": ["ctrl", "s"]}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "terminate", "status": "success"}}
                </tool_call>
                """)
        #expect(
            qwen25.format([click(960, 540), .scroll(dx: 0, dy: -5, at: nil), .wait(seconds: 1.5), .fail]) == """
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [658, 364]}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "scroll", "pixels": -5}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "wait", "time": 1.5}}
                </tool_call>
                <tool_call>
                {"name": "computer_use", "arguments": {"action": "terminate", "status": "failure"}}
                </tool_call>
                """)
        #expect(qwen3.format([]) == "")
    }

    @Test("a capital letter in a combination is written as shift and the letter")
    func capitals() throws {
        let text = qwen3.format([.hotkey([key("ctrl"), key("A")])])
        #expect(text.contains(#""keys": ["ctrl", "shift", "a"]"#))
        #expect(try qwen3.parse(text) == [.hotkey([key("ctrl"), key("shift"), key("a")])])
    }

    @Test(
        "absolute coordinates in an image at least as large as the screen: every action reads back exactly",
        arguments: everyAction)
    func roundTripExact(action: Action) throws {
        let grammar = QwenComputerUseGrammar(screen: screen, coordinates: .absolute(imageSize: Size(width: 1932, height: 1092)))
        let text = grammar.format([action])
        #expect(try grammar.parse(text) == qwenReading(of: action), "\(text)")
    }

    @Test("all actions at once; the 0–999 grid on a screen no wider than 999 pixels reads back exactly")
    func roundTripAll() throws {
        let small = QwenComputerUseGrammar(screen: Size(width: 999, height: 700), coordinates: .relative999)
        let actions = everyAction.map { action -> Action in
            if case .moveTo(let p) = action { return .moveTo(point(min(p.x, 998), min(p.y, 699))) }
            return action
        }
        #expect(try small.parse(small.format(actions)) == actions.flatMap(qwenReading(of:)))
        for x in [0, 1, 2, 498, 499, 500, 997, 998] {
            #expect(try small.parse(small.format([.moveTo(point(x, x % 700))])) == [.moveTo(point(x, x % 700))])
        }
    }

    @Test("the 0–999 grid on a 1920x1080 screen reads back within one pixel")
    func relativeWithinOnePixel() throws {
        for x in stride(from: 0, to: 1920, by: 7) {
            let y = (x * 13) % 1080
            let back = try #require(try qwen3.parse(qwen3.format([.moveTo(point(x, y))])).first?.points.first)
            #expect(abs(back.x - x) <= 1 && abs(back.y - y) <= 1, "\(x),\(y) → \(back)")
        }
    }
}
