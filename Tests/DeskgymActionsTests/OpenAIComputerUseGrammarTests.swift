import DeskgymActions
import DeskgymCore
import Testing

private let screen = Size(width: 1920, height: 1080)
/// Coordinates in screen pixels.
private let cua = OpenAIComputerUseGrammar(screen: screen)
/// Coordinates in a 1366x768 screenshot of the 1920x1080 screen.
private let scaled = OpenAIComputerUseGrammar(screen: screen, imageSize: Size(width: 1366, height: 768))

private func click(_ x: Int, _ y: Int, _ button: MouseButton = .left, count: Int = 1) -> Action {
    .click(button: button, at: point(x, y), count: count)
}

/// The message of the error `grammar` throws for `text`, or a note that it parsed.
private func message(_ grammar: OpenAIComputerUseGrammar, _ text: String) -> String {
    parseError(grammar, text)?.message ?? "(parsed)"
}

@Suite("openai_computer_use: real responses")
struct OpenAIComputerUseResponseTests {
    @Test("a whole Responses API response of computer-use-preview, with reasoning")
    func previewResponse() throws {
        let response = """
            {
              "id": "resp_67cc61c8c0b88190b2fa6b3a5e8d0ce00ea1a8bb4fd5a3e2",
              "object": "response",
              "created_at": 1741447624,
              "status": "completed",
              "error": null,
              "incomplete_details": null,
              "instructions": null,
              "max_output_tokens": null,
              "model": "computer-use-preview-2025-03-11",
              "output": [
                {
                  "type": "reasoning",
                  "id": "rs_67cc61cb3b6c8190a4e3c0b0a8b5d6e60ea1a8bb4fd5a3e2",
                  "summary": [{"type": "summary_text", "text": "Clicking on the browser address bar."}]
                },
                {
                  "type": "computer_call",
                  "id": "cu_67cc61cbe1b08190a2b3b1e1fb0d4f4d0ea1a8bb4fd5a3e2",
                  "call_id": "call_zw3hV5nfVwKQxdlB6uD4Jy0W",
                  "action": {"type": "click", "button": "left", "x": 156, "y": 50},
                  "pending_safety_checks": [],
                  "status": "completed"
                }
              ],
              "parallel_tool_calls": true,
              "previous_response_id": null,
              "reasoning": {"effort": "medium", "generate_summary": "concise"},
              "store": true,
              "temperature": 1.0,
              "text": {"format": {"type": "text"}},
              "tool_choice": "auto",
              "tools": [{"type": "computer_use_preview", "display_height": 768, "display_width": 1024, "environment": "linux"}],
              "top_p": 1.0,
              "truncation": "auto",
              "usage": {"input_tokens": 1526, "output_tokens": 39, "total_tokens": 1565,
                        "input_tokens_details": {"cached_tokens": 0}, "output_tokens_details": {"reasoning_tokens": 0}},
              "user": null,
              "metadata": {}
            }
            """
        #expect(try cua.parse(response) == [click(156, 50)])
    }

    @Test("a batched computer_call of the computer tool, between a message and reasoning")
    func batchedResponse() throws {
        let response = """
            {"id": "resp_0a1b2c", "object": "response", "status": "completed", "model": "gpt-5.4",
             "output": [
               {"type": "reasoning", "id": "rs_01", "summary": []},
               {"type": "message", "id": "msg_01", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": "Searching for the report.", "annotations": []}]},
               {"type": "computer_call", "id": "cu_01", "call_id": "call_01", "status": "completed",
                "pending_safety_checks": [],
                "actions": [
                  {"type": "click", "button": "left", "x": 640, "y": 52},
                  {"type": "type", "text": "quarterly report"},
                  {"type": "keypress", "keys": ["ENTER"]},
                  {"type": "wait"}
                ]}
             ]}
            """
        #expect(try cua.parse(response) == [click(640, 52), .typing("quarterly report"), .press(key("enter")), .wait(seconds: 2)])
    }

    @Test("one computer_call item, the action alone, an array of output items, items in a row, a fenced block")
    func shapes() throws {
        let item =
            #"{"type": "computer_call", "id": "cu_1", "call_id": "call_1", "action": {"type": "double_click", "x": 10, "y": 20}, "pending_safety_checks": [], "status": "completed"}"#
        #expect(try cua.parse(item) == [click(10, 20, count: 2)])
        #expect(try cua.parse(#"{"type": "move", "x": 5, "y": 6}"#) == [.moveTo(point(5, 6))])
        let items = """
            [{"type": "reasoning", "id": "rs_1", "summary": []},
             {"type": "computer_call", "id": "cu_2", "call_id": "call_2", "status": "completed", "pending_safety_checks": [],
              "action": {"type": "scroll", "x": 960, "y": 540, "scroll_x": 0, "scroll_y": 500}}]
            """
        #expect(try cua.parse(items) == [.scroll(dx: 0, dy: -5, at: point(960, 540))])
        let rows = "{\"type\": \"type\", \"text\": \"a\"}\n{\"type\": \"keypress\", \"keys\": [\"TAB\"]}"
        #expect(try cua.parse(rows) == [.typing("a"), .press(key("tab"))])
        let fenced = "Next actions:\n```json\n[{\"type\": \"keypress\", \"keys\": [\"CTRL\", \"S\"]}, \"DONE\"]\n```"
        #expect(try cua.parse(fenced) == [.hotkey([key("ctrl"), key("s")]), .done])
    }

    @Test("pending safety checks are left to the agent")
    func safetyChecks() throws {
        let item = """
            {"type": "computer_call", "id": "cu_3", "call_id": "call_3", "status": "completed",
             "action": {"type": "click", "button": "left", "x": 1, "y": 1},
             "pending_safety_checks": [{"id": "cu_sc_01", "code": "malicious_instructions",
                                         "message": "We've detected instructions that may cause your application to perform malicious or unauthorized actions."}]}
            """
        #expect(try cua.parse(item) == [click(1, 1)])
    }

    @Test("a completed response without a computer_call is DONE; an incomplete one is an error")
    func endOfTurn() throws {
        let finished = """
            {"id": "resp_9", "object": "response", "status": "completed", "incomplete_details": null,
             "output": [{"type": "message", "id": "msg_9", "role": "assistant", "status": "completed",
                         "content": [{"type": "output_text", "text": "The file is saved.", "annotations": []}]}]}
            """
        #expect(try cua.parse(finished) == [.done])
        let cut = """
            {"id": "resp_9", "object": "response", "status": "incomplete",
             "incomplete_details": {"reason": "max_output_tokens"}, "output": [{"type": "reasoning", "id": "rs_9", "summary": []}]}
            """
        #expect(message(cua, cut) == "the response holds no computer_call and its status is 'incomplete' (max_output_tokens)")
        #expect(
            message(cua, #"[{"type": "reasoning", "id": "rs_1", "summary": []}]"#)
                .hasPrefix("no action found: expected a computer_call output item"))
    }

    @Test("screenshot asks for nothing to be done")
    func noOp() throws {
        #expect(try cua.parse(#"{"type": "computer_call", "id": "cu", "call_id": "c", "action": {"type": "screenshot"}}"#) == [])
        #expect(try cua.parse(#"{"type": "screenshot"}"#) == [])
    }
}

@Suite("openai_computer_use: actions")
struct OpenAIComputerUseActionTests {
    @Test(
        "every action type",
        arguments: [
            (#"{"type": "click", "button": "left", "x": 10, "y": 20}"#, [click(10, 20)]),
            (#"{"type": "click", "button": "right", "x": 10, "y": 20}"#, [click(10, 20, .right)]),
            (#"{"type": "click", "button": "wheel", "x": 10, "y": 20}"#, [click(10, 20, .middle)]),
            (#"{"type": "click", "x": 10, "y": 20}"#, [click(10, 20)]),
            (#"{"type": "click", "button": "back", "x": 10, "y": 20}"#, [.moveTo(point(10, 20)), .press(key("browserback"))]),
            (#"{"type": "click", "button": "forward", "x": 10, "y": 20}"#, [.moveTo(point(10, 20)), .press(key("browserforward"))]),
            (
                #"{"type": "click", "button": "left", "x": 10, "y": 20, "keys": ["SHIFT"]}"#,
                [.keyDown(key("shift")), click(10, 20), .keyUp(key("shift"))]
            ),
            (#"{"type": "double_click", "x": 3, "y": 4}"#, [click(3, 4, count: 2)]),
            (
                #"{"type": "double_click", "x": 3, "y": 4, "keys": ["CTRL", "ALT"]}"#,
                [.keyDown(key("ctrl")), .keyDown(key("alt")), click(3, 4, count: 2), .keyUp(key("alt")), .keyUp(key("ctrl"))]
            ),
            (
                #"{"type": "drag", "path": [{"x": 100, "y": 200}, {"x": 300, "y": 400}]}"#,
                [.moveTo(point(100, 200)), .dragTo(point(300, 400), button: .left)]
            ),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 50, "y": 60}, {"x": 7, "y": 8}]}"#,
                [.moveTo(point(1, 1)), .dragTo(point(7, 8), button: .left)]
            ),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 2, "y": 2}], "keys": ["SHIFT"]}"#,
                [.keyDown(key("shift")), .moveTo(point(1, 1)), .dragTo(point(2, 2), button: .left), .keyUp(key("shift"))]
            ),
            (#"{"type": "keypress", "keys": ["ENTER"]}"#, [.press(key("enter"))]),
            (#"{"type": "keypress", "keys": ["CTRL", "L"]}"#, [.hotkey([key("ctrl"), key("l")])]),
            (#"{"type": "move", "x": 0, "y": 0}"#, [.moveTo(point(0, 0))]),
            (#"{"type": "move", "x": 5, "y": 5, "keys": ["ALT"]}"#, [.keyDown(key("alt")), .moveTo(point(5, 5)), .keyUp(key("alt"))]),
            (#"{"type": "screenshot"}"#, []),
            (#"{"type": "scroll", "x": 500, "y": 600, "scroll_x": 0, "scroll_y": -300}"#, [.scroll(dx: 0, dy: 3, at: point(500, 600))]),
            (
                #"{"type": "scroll", "x": 500, "y": 600, "scroll_x": 200, "scroll_y": 100, "keys": ["CTRL"]}"#,
                [.keyDown(key("ctrl")), .scroll(dx: 2, dy: -1, at: point(500, 600)), .keyUp(key("ctrl"))]
            ),
            (#"{"type": "type", "text": "héllo \"wörld\"\n"}"#, [.typing("héllo \"wörld\"\n")]),
            (#"{"type": "wait"}"#, [.wait(seconds: 2)]),
        ])
    func actions(input: String, expected: [Action]) throws {
        #expect(try cua.parse(input) == expected)
    }

    @Test(
        "Deskgym's extensions",
        arguments: [
            (#"{"type": "mouse_down", "button": "right", "x": 1, "y": 2}"#, [Action.mouseDown(button: .right, at: point(1, 2))]),
            (#"{"type": "mouse_up"}"#, [.mouseUp(button: .left, at: nil)]),
            (#"{"type": "mouse_down", "button": "wheel"}"#, [.mouseDown(button: .middle, at: nil)]),
            (#"{"type": "key_down", "keys": ["SHIFT"]}"#, [.keyDown(key("shift"))]),
            (#"{"type": "key_up", "keys": ["CTRL", "ALT"]}"#, [.keyUp(key("alt")), .keyUp(key("ctrl"))]),
            (#"{"type": "drag", "path": [{"x": 9, "y": 9}]}"#, [.dragTo(point(9, 9), button: .left)]),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 9, "y": 9}], "button": "right"}"#,
                [.moveTo(point(1, 1)), .dragTo(point(9, 9), button: .right)]
            ),
            (#"{"type": "click", "button": "right"}"#, [.click(button: .right, at: nil, count: 1)]),
            (#"{"type": "click", "button": "middle", "x": 1, "y": 1}"#, [click(1, 1, .middle)]),
            (#"{"type": "scroll", "scroll_y": 100}"#, [.scroll(dx: 0, dy: -1, at: nil)]),
            (#"{"type": "wait", "seconds": 0.5}"#, [.wait(seconds: 0.5)]),
            (#"["WAIT", "FAIL"]"#, [.wait(seconds: 2), .fail]),
            ("DONE", [.done]),
        ])
    func extensions(input: String, expected: [Action]) throws {
        #expect(try cua.parse(input) == expected)
    }

    @Test(
        "scroll pixels become wheel clicks: ÷100, halves away from zero, at least one; scroll_y > 0 is down",
        arguments: [
            (0, 300, 0, -3), (0, -300, 0, 3), (0, 250, 0, -3), (0, -250, 0, 3), (0, 249, 0, -2), (0, 40, 0, -1),
            (0, -1, 0, 1), (120, 0, 1, 0), (-150, 0, -2, 0), (0, 0, 0, 0), (100_000, 0, 1000, 0),
        ])
    func scrollConversion(scrollX: Int, scrollY: Int, dx: Int, dy: Int) throws {
        let input = #"{"type": "scroll", "x": 1, "y": 1, "scroll_x": \#(scrollX), "scroll_y": \#(scrollY)}"#
        #expect(try cua.parse(input) == [.scroll(dx: dx, dy: dy, at: point(1, 1))])
    }

    @Test("the pixels of a wheel click can be set")
    func customWheel() throws {
        let grammar = OpenAIComputerUseGrammar(screen: screen, pixelsPerWheelClick: 53)
        #expect(
            try grammar.parse(#"{"type": "scroll", "x": 1, "y": 1, "scroll_x": 0, "scroll_y": 159}"#)
                == [.scroll(dx: 0, dy: -3, at: point(1, 1))])
        #expect(
            grammar.format([.scroll(dx: 0, dy: -3, at: point(1, 1))])
                == #"[{"type": "scroll", "x": 1, "y": 1, "scroll_x": 0, "scroll_y": 159}]"#)
        #expect(OpenAIComputerUseGrammar(screen: screen, pixelsPerWheelClick: 0).pixelsPerWheelClick == 1)
    }
}

@Suite("openai_computer_use: keys")
struct OpenAIComputerUseKeyTests {
    /// Every key name of OpenAI's sample app (`CUA_KEY_TO_PLAYWRIGHT_KEY` and the xdotool mapping of
    /// `computers/docker.py` in openai/openai-cua-sample-app), upper-cased as the model writes them,
    /// with the X keysym it must send.
    @Test(
        "the names of OpenAI's sample app",
        arguments: [
            ("/", "slash"), ("\\", "backslash"), ("ALT", "Alt_L"), ("ARROWDOWN", "Down"), ("ARROWLEFT", "Left"),
            ("ARROWRIGHT", "Right"), ("ARROWUP", "Up"), ("BACKSPACE", "BackSpace"), ("CAPSLOCK", "Caps_Lock"),
            ("CMD", "Super_L"), ("CTRL", "Control_L"), ("DELETE", "Delete"), ("END", "End"), ("ENTER", "Return"),
            ("ESC", "Escape"), ("HOME", "Home"), ("INSERT", "Insert"), ("OPTION", "Alt_L"), ("PAGEDOWN", "Page_Down"),
            ("PAGEUP", "Page_Up"), ("SHIFT", "Shift_L"), ("SPACE", "space"), ("SUPER", "Super_L"), ("TAB", "Tab"),
            ("WIN", "Super_L"), ("LEFT", "Left"), ("RIGHT", "Right"), ("UP", "Up"), ("DOWN", "Down"),
            ("META", "Super_L"), ("F5", "F5"), ("F12", "F12"), ("L", "l"), ("a", "a"), ("1", "1"), (";", "semicolon"),
            ("KP_ENTER", "Return"), ("PLUS", "plus"), ("Return", "Return"), ("PAGE_DOWN", "Page_Down"),
        ])
    func sampleAppNames(name: String, keysym: String) throws {
        let actions = try cua.parse(#"{"type": "keypress", "keys": ["\#(name.replacing("\\", with: "\\\\"))"]}"#)
        guard case .press(let key)? = actions.first, actions.count == 1 else {
            Issue.record("\(name) read as \(actions)")
            return
        }
        #expect(key.keysymName == keysym, "\(name)")
    }

    @Test("combinations: one key is a press, several a hotkey; letters are keys whatever their case")
    func combinations() throws {
        #expect(
            try cua.parse(#"{"type": "keypress", "keys": ["CTRL", "SHIFT", "T"]}"#)
                == [.hotkey([key("ctrl"), key("shift"), key("t")])])
        #expect(try cua.parse(#"{"type": "keypress", "keys": ["A"]}"#) == [.press(key("a"))])
        #expect(try cua.parse(#"{"type": "keypress", "keys": ["SHIFT", "A"]}"#) == [.hotkey([key("shift"), key("a")])])
        // A combination written as one string, as the sample app's xdotool mapping joins them.
        #expect(try cua.parse(#"{"type": "keypress", "keys": ["CTRL+L"]}"#) == [.hotkey([key("ctrl"), key("l")])])
        #expect(try cua.parse(#"{"type": "keypress", "keys": ["CTRL", "+"]}"#) == [.hotkey([key("ctrl"), key("+")])])
    }

    @Test("every core key is written as names that read back to the same keystrokes")
    func everyCoreKey() throws {
        for name in Key.allNames {
            let original = key(name)
            let text = cua.format([.press(original)])
            let actions = try cua.parse(text)
            let keysyms: [String] =
                switch actions.first {
                case .press(let back)?: [back.keysymName]
                case .hotkey(let keys)?: keys.map(\.keysymName)
                default: []
                }
            let expected =
                ("A"..."Z").contains(name) && name.count == 1
                ? ["Shift_L", name.lowercased()] : [original.keysymName]
            #expect(actions.count == 1 && keysyms == expected, "\(name): \(text) → \(actions)")
        }
    }
}

@Suite("openai_computer_use: scaling")
struct OpenAIComputerUseScalingTests {
    @Test(
        "1366x768 screenshot points land on the same pixels as under the Anthropic grammar",
        arguments: [
            (683, 384, 960, 540), (0, 0, 0, 0), (1365, 767, 1919, 1079), (100, 200, 141, 281), (1000, 700, 1406, 984),
        ])
    func scaledPoints(x: Int, y: Int, screenX: Int, screenY: Int) throws {
        #expect(try scaled.parse(#"{"type": "click", "button": "left", "x": \#(x), "y": \#(y)}"#) == [click(screenX, screenY)])
        let drag = #"{"type": "drag", "path": [{"x": 0, "y": 0}, {"x": \#(x), "y": \#(y)}]}"#
        #expect(try scaled.parse(drag) == [.moveTo(point(0, 0)), .dragTo(point(screenX, screenY), button: .left)])
    }

    @Test("by default a 1920x1080 screen, unscaled, so that the registry can hold one")
    func defaults() throws {
        let grammar = OpenAIComputerUseGrammar()
        #expect(grammar.screen == screen && grammar.imageSize == screen)
        #expect(grammar.pixelsPerWheelClick == 100 && grammar.waitSeconds == 2)
        #expect(OpenAIComputerUseGrammar.name == "openai_computer_use" && grammar.name == "openai_computer_use")
        let dynamic: any ActionGrammar = grammar
        #expect(try dynamic.parse(#"{"type": "move", "x": 1919, "y": 1079}"#) == [.moveTo(point(1919, 1079))])
    }

    @Test("format writes screenshot pixels that read back to themselves")
    func formatScaled() throws {
        #expect(scaled.format([click(960, 540)]) == #"[{"type": "click", "button": "left", "x": 683, "y": 384}]"#)
        for y in 0..<768 {
            let text = #"[{"type": "move", "x": \#(y + 500), "y": \#(y)}]"#
            #expect(scaled.format(try scaled.parse(text)) == text)
        }
    }
}

@Suite("openai_computer_use: errors")
struct OpenAIComputerUseErrorTests {
    @Test("an unknown action type names the closest one and its place")
    func unknownType() throws {
        let text = "{\"type\": \"computer_call\", \"call_id\": \"call_1\",\n \"action\": {\"type\": \"clik\", \"x\": 1, \"y\": 2}}"
        let error = try #require(parseError(cua, text))
        #expect(
            error.message == "unknown action type 'clik'; did you mean 'click'? (known: click, double_click, drag, "
                + "keypress, move, screenshot, scroll, type, wait)")
        #expect(error.line == 2)
        #expect(error.column == 21)
        #expect(error.snippet == "\"clik\"")
    }

    @Test(
        "field errors name the action and the field",
        arguments: [
            (
                #"{"type": "click", "button": "left", "x": 1366, "y": 10}"#,
                "click: field 'x' 1366 is outside the 1366x768 screenshot (x must be 0–1365)"
            ),
            (
                #"{"type": "click", "button": "left", "x": 10, "y": 768}"#,
                "click: field 'y' 768 is outside the 1366x768 screenshot (y must be 0–767)"
            ),
            (#"{"type": "move", "x": -5, "y": 10.5}"#, "move: field 'x' -5 is outside the 1366x768 screenshot (x must be 0–1365)"),
            (#"{"type": "click", "button": "left", "x": 10}"#, "click: missing field 'y'; give x and y together"),
            (#"{"type": "move"}"#, "move: missing field 'x'; move needs x and y"),
            (
                #"{"type": "click", "button": "rigth", "x": 1, "y": 1}"#,
                "click: field 'button' must be \"left\", \"right\", \"wheel\", \"back\", \"forward\", got \"rigth\"; did you mean \"right\"?"
            ),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 2, "y": 2}], "button": "back"}"#,
                "drag: field 'button' must be \"left\", \"right\", \"wheel\", got \"back\""
            ),
            (#"{"type": "click", "button": "left", "x": "10", "y": 1}"#, "click: field 'x' must be a number, got a string \"10\""),
            (#"{"type": "drag", "path": []}"#, "drag: field 'path' must hold at least one point"),
            (#"{"type": "drag"}"#, "drag: missing field 'path' ([{\"x\": …, \"y\": …}, …])"),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, [2, 2]]}"#,
                "drag: field 'path' must hold points {\"x\": …, \"y\": …}, got an array [2, 2] at index 1"
            ),
            (#"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 2}]}"#, "drag: path[1]: missing field 'y'"),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 2, "y": 2, "z": 3}]}"#,
                "drag: path[1]: unknown field 'z'; did you mean 'x'?"
            ),
            (
                #"{"type": "drag", "path": [{"x": 1, "y": 1}, {"x": 2, "y": 900}]}"#,
                "drag: path[1]: field 'y' 900 is outside the 1366x768 screenshot (y must be 0–767)"
            ),
            (
                #"{"type": "keypress", "keys": ["CTLR", "C"]}"#,
                "keypress: field 'keys' has an unknown key name 'CTLR'; did you mean 'CTRL'?"
            ),
            (
                #"{"type": "keypress", "keys": ["CTRL+ENTRE"]}"#,
                "keypress: field 'keys' has an unknown key name 'ENTRE' in 'CTRL+ENTRE'; did you mean 'ENTER'?"
            ),
            (#"{"type": "keypress", "keys": []}"#, "keypress: field 'keys' must hold at least one key"),
            (#"{"type": "keypress", "keys": "CTRL+C"}"#, "keypress: field 'keys' must be an array, got a string \"CTRL+C\""),
            (#"{"type": "keypress", "keys": [17]}"#, "keypress: field 'keys' must hold key names (strings), got a number 17"),
            (#"{"type": "keypress"}"#, "keypress: missing field 'keys' (an array of key names such as [\"CTRL\", \"L\"])"),
            (
                #"{"type": "scroll", "x": 1, "y": 1}"#,
                "scroll: missing field 'scroll_y' (scroll needs scroll_x, scroll_y or both, in pixels)"
            ),
            (
                #"{"type": "scroll", "x": 1, "y": 1, "scroll_x": 0, "scroll_y": 100050}"#,
                "scroll: field 'scroll_y' is 100050 pixels, more than 1000 wheel clicks of 100 pixels"
            ),
            (#"{"type": "type"}"#, "type: missing field 'text'"),
            (#"{"type": "wait", "duration": 2}"#, "wait: unknown field 'duration'; it takes 'type', 'seconds'"),
            (#"{"type": "wait", "seconds": -1}"#, "wait: field 'seconds' must be a number of seconds, at least 0, got a number -1"),
            (#"{"type": "screenshot", "x": 1}"#, "screenshot: unknown field 'x'; it takes 'type'"),
            (#"{"type": "click", "button": "left", "x": 1, "y": 1, "x": 2}"#, "click: field 'x' is given twice"),
        ])
    func fieldErrors(text: String, expected: String) {
        #expect(message(scaled, text) == expected)
    }

    @Test(
        "items and responses that are not computer calls",
        arguments: [
            (
                #"{"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "{}"}"#,
                "an item of type 'function_call' holds no computer action; expected 'computer_call' or 'local_shell_call' (reasoning "
                    + "and message items are skipped) or an action type (click, double_click, drag, keypress, move, screenshot, scroll, type, wait)"
            ),
            (
                #"{"type": "computer_call_output", "call_id": "call_1", "output": {"type": "computer_screenshot", "image_url": "data:"}}"#,
                "a computer_call_output is what the agent sends back with a screenshot, not an action; give the model's computer_call"
            ),
            (
                #"{"type": "computer_call", "id": "cu_1", "call_id": "call_1", "status": "completed"}"#,
                "the computer_call has no 'action' (nor 'actions')"
            ),
            (
                #"{"type": "computer_call", "id": "cu_1", "call_id": "call_1", "action": "click"}"#,
                "the computer_call's 'action' must be an action object, got a string \"click\""
            ),
            (
                #"{"type": "computer_call", "id": "cu_1", "call_id": "call_1", "actions": [["click"]]}"#,
                "an action must be an object, got an array [\"click\"]"
            ),
            (
                #"{"object": "response", "status": "completed", "output": {}}"#,
                "the response's 'output' must be an array of output items, got an object {}"
            ),
            (
                #"{"object": "response", "status": "completed", "output": ["text"]}"#,
                "an output item must be an object, got a string \"text\""
            ),
            (#"{"x": 1, "y": 2}"#, "expected a computer_call item, an action object with a 'type' field, or a Responses API response"),
            (
                #"{"typ": "click"}"#,
                "expected a computer_call item, an action object with a 'type' field, or a Responses API response; did you mean the field 'type'?"
            ),
            (#"{"type": 3}"#, "field 'type' must be a string, got a number 3"),
            ("[]", "empty array: give at least one output item or action object"),
            (#""press""#, "expected a computer_call item, an action object or \"WAIT\", \"DONE\", \"FAIL\", got the string \"press\""),
            ("", "empty action text"),
            ("{\"type\": \"click\", \"x\": 1, \"y\": 2,}", "invalid JSON: trailing comma before '}'"),
        ])
    func shapeErrors(text: String, expected: String) {
        #expect(message(cua, text) == expected)
    }
}

/// What the API's action objects read back for `action`, up to the key names.
private func openAIReading(of action: Action) -> [Action] {
    switch action {
    case .click(.left, let at, 3): return [.click(button: .left, at: at, count: 2), .click(button: .left, at: at, count: 1)]
    case .click(let button, let at, let count) where button != .left && count > 1:
        return Array(repeating: .click(button: button, at: at, count: 1), count: count)
    case .rightClick(let at): return [.click(button: .right, at: at, count: 1)]
    case .doubleClick(let at): return [.click(button: .left, at: at, count: 2)]
    case .hotkey(let keys) where keys.count == 1: return [.press(keys[0])]
    case .press(let key) where key.name.count == 1 && ("A"..."Z").contains(key.name):
        return [.hotkey([Key.shiftForTests, try! Key(key.name.lowercased())])]
    default: return [action]
    }
}

private extension Key {
    static let shiftForTests = try! Key("shift")
}

@Suite("openai_computer_use: format → parse round trips")
struct OpenAIComputerUseRoundTripTests {
    @Test("each action alone", arguments: everyAction)
    func each(action: Action) throws {
        let text = cua.format([action])
        #expect(try cua.parse(text).map(computerUseKeysymForm) == openAIReading(of: action).map(computerUseKeysymForm), "\(text)")
    }

    @Test("all actions at once, one object a line")
    func all() throws {
        let text = cua.format(everyAction)
        #expect(text.hasPrefix("[\n  {\"type\": "))
        #expect(try cua.parse(text).map(computerUseKeysymForm) == everyAction.flatMap(openAIReading(of:)).map(computerUseKeysymForm))
    }

    @Test("no actions are written as a screenshot request, which reads back as none")
    func empty() throws {
        #expect(cua.format([]) == #"[{"type": "screenshot"}]"#)
        #expect(try cua.parse(cua.format([])) == [])
    }

    @Test(
        "held keys fold back into the action's keys",
        arguments: [
            (
                [Action.keyDown(key("shift")), click(30, 40), .keyUp(key("shift"))],
                #"[{"type": "click", "button": "left", "x": 30, "y": 40, "keys": ["SHIFT"]}]"#
            ),
            (
                [.keyDown(key("ctrl")), .keyDown(key("alt")), click(3, 4, count: 2), .keyUp(key("alt")), .keyUp(key("ctrl"))],
                #"[{"type": "double_click", "x": 3, "y": 4, "keys": ["CTRL", "ALT"]}]"#
            ),
            (
                [.keyDown(key("shift")), .moveTo(point(1, 2)), .dragTo(point(3, 4), button: .left), .keyUp(key("shift"))],
                #"[{"type": "drag", "path": [{"x": 1, "y": 2}, {"x": 3, "y": 4}], "keys": ["SHIFT"]}]"#
            ),
            (
                [.keyDown(key("ctrl")), .scroll(dx: 1, dy: -2, at: point(5, 5)), .keyUp(key("ctrl"))],
                #"[{"type": "scroll", "x": 5, "y": 5, "scroll_x": 100, "scroll_y": 200, "keys": ["CTRL"]}]"#
            ),
            (
                [.keyDown(key("alt")), .moveTo(point(7, 7)), .keyUp(key("alt"))],
                #"[{"type": "move", "x": 7, "y": 7, "keys": ["ALT"]}]"#
            ),
        ])
    func folding(actions: [Action], expected: String) throws {
        #expect(cua.format(actions) == expected)
        #expect(try cua.parse(expected) == actions)
    }

    @Test(
        "output as the API writes it",
        arguments: [
            (Action.moveTo(point(10, 20)), #"[{"type": "move", "x": 10, "y": 20}]"#),
            (.click(button: .middle, at: point(1, 2), count: 1), #"[{"type": "click", "button": "wheel", "x": 1, "y": 2}]"#),
            (
                .click(button: .left, at: point(1, 2), count: 3),
                "[\n  {\"type\": \"double_click\", \"x\": 1, \"y\": 2},\n  {\"type\": \"click\", \"button\": \"left\", \"x\": 1, \"y\": 2}\n]"
            ),
            (.hotkey([key("ctrl"), key("shift"), key("t")]), #"[{"type": "keypress", "keys": ["CTRL", "SHIFT", "T"]}]"#),
            (.press(key("A")), #"[{"type": "keypress", "keys": ["SHIFT", "A"]}]"#),
            (.press(key("\n")), #"[{"type": "keypress", "keys": ["ENTER"]}]"#),
            (.scroll(dx: 0, dy: 3, at: point(9, 9)), #"[{"type": "scroll", "x": 9, "y": 9, "scroll_x": 0, "scroll_y": -300}]"#),
            (.dragTo(point(5, 6), button: .left), #"[{"type": "drag", "path": [{"x": 5, "y": 6}]}]"#),
            (.mouseDown(button: .middle, at: nil), #"[{"type": "mouse_down", "button": "wheel"}]"#),
            (.wait(seconds: 2), #"[{"type": "wait"}]"#),
            (.wait(seconds: 0.25), #"[{"type": "wait", "seconds": 0.25}]"#),
            (.fail, #"["FAIL"]"#),
        ])
    func written(action: Action, expected: String) {
        #expect(cua.format([action]) == expected)
    }
}
