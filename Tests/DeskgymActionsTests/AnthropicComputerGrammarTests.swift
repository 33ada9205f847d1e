import DeskgymActions
import DeskgymCore
import Testing

private let screen = Size(width: 1920, height: 1080)
/// Coordinates in screen pixels.
private let claude = AnthropicComputerGrammar(screen: screen)
/// Coordinates in the 1366x768 screenshot Anthropic's reference implementation sends for 1920x1080.
private let scaled = AnthropicComputerGrammar(screen: screen, imageSize: Size(width: 1366, height: 768))

private func click(_ x: Int, _ y: Int, _ button: MouseButton = .left, count: Int = 1) -> Action {
    .click(button: button, at: point(x, y), count: count)
}

/// The message of the error `grammar` throws for `text`, or a note that it parsed.
private func message(_ grammar: AnthropicComputerGrammar, _ text: String) -> String {
    parseError(grammar, text)?.message ?? "(parsed)"
}

/// The key that stands for every key sending the same X keysym (the grammar reads keys by keysym,
/// so `enter` may come back as `return`).
private let keysymRepresentative: [String: Key] = {
    var table: [String: Key] = [:]
    for name in Key.allNames.sorted() {
        let key = key(name)
        if table[key.keysymName] == nil { table[key.keysymName] = key }
    }
    return table
}()

/// `action` with every key replaced by the representative of its keysym.
func computerUseKeysymForm(_ action: Action) -> Action {
    func same(_ key: Key) -> Key { keysymRepresentative[key.keysymName] ?? key }
    switch action {
    case .press(let key): return .press(same(key))
    case .keyDown(let key): return .keyDown(same(key))
    case .keyUp(let key): return .keyUp(same(key))
    case .hotkey(let keys): return .hotkey(keys.map(same))
    default: return action
    }
}

@Suite("anthropic_computer: real responses")
struct AnthropicComputerResponseTests {
    @Test("a whole Messages API response with thinking, text and several tool calls")
    func wholeResponse() throws {
        let response = """
            {
              "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
              "type": "message",
              "role": "assistant",
              "model": "claude-sonnet-4-5-20250929",
              "content": [
                {"type": "thinking", "thinking": "The search box is at the top.", "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"},
                {"type": "text", "text": "I'll search for the file."},
                {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "computer",
                 "input": {"action": "left_click", "coordinate": [640, 52]}},
                {"type": "tool_use", "id": "toolu_01B8b8vC9zq1kE6u2Yw3n4pQ", "name": "computer",
                 "input": {"action": "type", "text": "report.pdf"}},
                {"type": "tool_use", "id": "toolu_01C7c7wD8ar2lF5v3Zx4o5qR", "name": "computer",
                 "input": {"action": "key", "text": "Return"}}
              ],
              "stop_reason": "tool_use",
              "stop_sequence": null,
              "usage": {"input_tokens": 2095, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1850,
                        "output_tokens": 214, "service_tier": "standard"}
            }
            """
        #expect(try claude.parse(response) == [click(640, 52), .typing("report.pdf"), .press(key("return"))])
    }

    @Test("one tool_use block, the input object alone, an array of blocks, JSON in a fenced block")
    func shapes() throws {
        let block =
            #"{"type": "tool_use", "id": "toolu_01", "name": "computer", "input": {"action": "double_click", "coordinate": [10, 20]}}"#
        #expect(try claude.parse(block) == [click(10, 20, count: 2)])
        #expect(try claude.parse(#"{"action": "mouse_move", "coordinate": [5, 6]}"#) == [.moveTo(point(5, 6))])
        let blocks = """
            [{"type": "text", "text": "Scrolling down."},
             {"type": "tool_use", "id": "toolu_02", "name": "computer",
              "input": {"action": "scroll", "coordinate": [960, 540], "scroll_direction": "down", "scroll_amount": 5}}]
            """
        #expect(try claude.parse(blocks) == [.scroll(dx: 0, dy: -5, at: point(960, 540))])
        let fenced = """
            The model answered:
            ```json
            {"action": "key", "text": "ctrl+s"}
            ```
            and then
            ```json
            [{"action": "wait", "duration": 1}, "DONE"]
            ```
            """
        #expect(try claude.parse(fenced) == [.hotkey([key("ctrl"), key("s")]), .wait(seconds: 1), .done])
        let rows = "{\"action\": \"type\", \"text\": \"a\"}\n{\"action\": \"type\", \"text\": \"b\"}"
        #expect(try claude.parse(rows) == [.typing("a"), .typing("b")])
    }

    @Test("null fields count as absent, as SDKs serialise unset optionals")
    func nullFields() throws {
        let input = #"{"action": "left_click", "coordinate": null, "text": null}"#
        #expect(try claude.parse(input) == [.click(button: .left, at: nil, count: 1)])
    }

    @Test("a turn that ends without a tool call is DONE; one cut off is an error")
    func endOfTurn() throws {
        let finished = """
            {"id": "msg_01", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "text", "text": "The file has been saved to the Desktop."}],
             "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 10, "output_tokens": 12}}
            """
        #expect(try claude.parse(finished) == [.done])
        let cut = finished.replacing("end_turn", with: "max_tokens")
        #expect(
            message(claude, cut)
                == "the response calls no computer action and stopped with stop_reason 'max_tokens' (it was cut off; allow more max_tokens)"
        )
        // Without the response around them, text blocks alone say nothing about the end of the turn.
        #expect(message(claude, #"[{"type": "text", "text": "Done."}]"#).hasPrefix("no action found: expected a computer tool_use block"))
    }

    @Test(
        "screenshot and cursor_position ask for nothing to be done",
        arguments: [
            #"{"action": "screenshot"}"#,
            #"{"action": "cursor_position"}"#,
            #"{"type": "tool_use", "id": "toolu_01", "name": "computer", "input": {"action": "screenshot"}}"#,
        ])
    func noOps(text: String) throws {
        #expect(try claude.parse(text) == [])
    }
}

@Suite("anthropic_computer: actions")
struct AnthropicComputerActionTests {
    @Test(
        "every action of computer_20250124",
        arguments: [
            (#"{"action": "key", "text": "Return"}"#, [Action.press(key("return"))]),
            (#"{"action": "key", "text": "ctrl+shift+t"}"#, [.hotkey([key("ctrl"), key("shift"), key("t")])]),
            (#"{"action": "key", "text": "ctrl+a Delete"}"#, [.hotkey([key("ctrl"), key("a")]), .press(key("delete"))]),
            (
                #"{"action": "hold_key", "text": "shift", "duration": 1.5}"#,
                [.keyDown(key("shift")), .wait(seconds: 1.5), .keyUp(key("shift"))]
            ),
            (
                #"{"action": "hold_key", "text": "ctrl+alt", "duration": 0}"#,
                [.keyDown(key("ctrl")), .keyDown(key("alt")), .wait(seconds: 0), .keyUp(key("alt")), .keyUp(key("ctrl"))]
            ),
            (#"{"action": "type", "text": "héllo \"wörld\"\n"}"#, [.typing("héllo \"wörld\"\n")]),
            (#"{"action": "type", "text": ""}"#, [.typing("")]),
            (#"{"action": "cursor_position"}"#, []),
            (#"{"action": "screenshot"}"#, []),
            (#"{"action": "mouse_move", "coordinate": [100, 200]}"#, [.moveTo(point(100, 200))]),
            (#"{"action": "left_click"}"#, [.click(button: .left, at: nil, count: 1)]),
            (#"{"action": "left_click", "coordinate": [1919, 1079]}"#, [click(1919, 1079)]),
            (
                #"{"action": "left_click", "coordinate": [30, 40], "text": "shift"}"#,
                [.keyDown(key("shift")), click(30, 40), .keyUp(key("shift"))]
            ),
            (
                #"{"action": "left_click", "coordinate": [30, 40], "key": "ctrl"}"#,
                [.keyDown(key("ctrl")), click(30, 40), .keyUp(key("ctrl"))]
            ),
            (#"{"action": "right_click", "coordinate": [1, 2]}"#, [click(1, 2, .right)]),
            (#"{"action": "middle_click"}"#, [.click(button: .middle, at: nil, count: 1)]),
            (#"{"action": "double_click", "coordinate": [3, 4]}"#, [click(3, 4, count: 2)]),
            (
                #"{"action": "triple_click", "coordinate": [3, 4], "text": "ctrl+shift"}"#,
                [.keyDown(key("ctrl")), .keyDown(key("shift")), click(3, 4, count: 3), .keyUp(key("shift")), .keyUp(key("ctrl"))]
            ),
            (
                #"{"action": "left_click_drag", "start_coordinate": [10, 20], "coordinate": [300, 400]}"#,
                [.moveTo(point(10, 20)), .dragTo(point(300, 400), button: .left)]
            ),
            (#"{"action": "left_click_drag", "coordinate": [300, 400]}"#, [.dragTo(point(300, 400), button: .left)]),
            (#"{"action": "left_mouse_down"}"#, [.mouseDown(button: .left, at: nil)]),
            (#"{"action": "left_mouse_up"}"#, [.mouseUp(button: .left, at: nil)]),
            (#"{"action": "left_mouse_down", "coordinate": [7, 8]}"#, [.mouseDown(button: .left, at: point(7, 8))]),
            (
                #"{"action": "scroll", "coordinate": [500, 600], "scroll_direction": "up", "scroll_amount": 3}"#,
                [.scroll(dx: 0, dy: 3, at: point(500, 600))]
            ),
            (#"{"action": "scroll", "scroll_direction": "down", "scroll_amount": 10}"#, [.scroll(dx: 0, dy: -10, at: nil)]),
            (
                #"{"action": "scroll", "coordinate": [5, 5], "scroll_direction": "left", "scroll_amount": 2}"#,
                [.scroll(dx: -2, dy: 0, at: point(5, 5))]
            ),
            (
                #"{"action": "scroll", "coordinate": [5, 5], "scroll_direction": "right", "scroll_amount": 0}"#,
                [.scroll(dx: 0, dy: 0, at: point(5, 5))]
            ),
            (
                #"{"action": "scroll", "coordinate": [5, 5], "scroll_direction": "down", "scroll_amount": 4, "text": "ctrl"}"#,
                [.keyDown(key("ctrl")), .scroll(dx: 0, dy: -4, at: point(5, 5)), .keyUp(key("ctrl"))]
            ),
            (#"{"action": "wait", "duration": 2.5}"#, [.wait(seconds: 2.5)]),
            (#"{"action": "wait"}"#, [.wait(seconds: 2)]),
        ])
    func actions(input: String, expected: [Action]) throws {
        #expect(try claude.parse(input) == expected)
    }

    @Test(
        "Deskgym's extensions: key_down, key_up, button, and the bare words",
        arguments: [
            (#"{"action": "key_down", "text": "shift"}"#, [Action.keyDown(key("shift"))]),
            (#"{"action": "key_up", "text": "ctrl+alt"}"#, [.keyUp(key("alt")), .keyUp(key("ctrl"))]),
            (#"{"action": "left_mouse_down", "button": "right"}"#, [.mouseDown(button: .right, at: nil)]),
            (#"{"action": "left_click_drag", "coordinate": [9, 9], "button": "middle"}"#, [.dragTo(point(9, 9), button: .middle)]),
            (#"["WAIT", "FAIL"]"#, [.wait(seconds: 2), .fail]),
            ("DONE", [.done]),
        ])
    func extensions(input: String, expected: [Action]) throws {
        #expect(try claude.parse(input) == expected)
    }
}

@Suite("anthropic_computer: scaling")
struct AnthropicComputerScalingTests {
    @Test(
        "the reference implementation's screenshot sizes",
        arguments: [
            (Size(width: 1920, height: 1080), Size(width: 1366, height: 768)),
            (Size(width: 3840, height: 2160), Size(width: 1366, height: 768)),
            (Size(width: 2560, height: 1600), Size(width: 1280, height: 800)),
            (Size(width: 1920, height: 1200), Size(width: 1280, height: 800)),
            (Size(width: 1600, height: 1200), Size(width: 1024, height: 768)),
            (Size(width: 1280, height: 800), Size(width: 1280, height: 800)),
            (Size(width: 1024, height: 768), Size(width: 1024, height: 768)),
            (Size(width: 1366, height: 768), Size(width: 1366, height: 768)),
            (Size(width: 1280, height: 720), Size(width: 1280, height: 720)),
            (Size(width: 2000, height: 1000), Size(width: 2000, height: 1000)),
        ])
    func referenceSizes(screen: Size, expected: Size) {
        #expect(AnthropicComputerGrammar.referenceImageSize(for: screen) == expected)
    }

    /// Expected pixels computed with the reference's own expression, `round(x / (1366 / 1920))`.
    @Test(
        "1366x768 screenshot points land on the pixels the reference implementation computes",
        arguments: [
            (683, 384, 960, 540), (0, 0, 0, 0), (1365, 767, 1919, 1079), (100, 200, 141, 281),
            (1000, 700, 1406, 984), (1, 1, 1, 1), (512, 384, 720, 540),
        ])
    func scaledPoints(x: Int, y: Int, screenX: Int, screenY: Int) throws {
        #expect(try scaled.parse(#"{"action": "left_click", "coordinate": [\#(x), \#(y)]}"#) == [click(screenX, screenY)])
    }

    @Test("every scaled coordinate of the drag is converted, start and end")
    func scaledDrag() throws {
        let input = #"{"action": "left_click_drag", "start_coordinate": [100, 200], "coordinate": [1000, 700]}"#
        #expect(try scaled.parse(input) == [.moveTo(point(141, 281)), .dragTo(point(1406, 984), button: .left)])
    }

    @Test("halves round to even, as Python's round(); the far edge stays on the screen")
    func halves() throws {
        // A 2000x2000 screenshot of a 1000x1000 screen: x / 2 is a half for every odd x.
        let grammar = AnthropicComputerGrammar(screen: Size(width: 1000, height: 1000), imageSize: Size(width: 2000, height: 2000))
        let cases = [(1, 0), (3, 2), (5, 2), (7, 4), (1999, 999)]
        for (x, expected) in cases {
            #expect(
                try grammar.parse(#"{"action": "mouse_move", "coordinate": [\#(x), \#(x)]}"#)
                    == [.moveTo(point(expected, expected))], "x = \(x)")
        }
        // Unscaled fractional coordinates round the same way.
        #expect(try claude.parse(#"{"action": "mouse_move", "coordinate": [10.5, 11.5]}"#) == [.moveTo(point(10, 12))])
    }

    @Test("format writes screenshot pixels, and every screenshot pixel reads back to itself")
    func formatScaled() throws {
        #expect(scaled.format([click(960, 540)]) == #"[{"action": "left_click", "coordinate": [683, 384]}]"#)
        for x in 0..<1366 {
            let actions = try scaled.parse(#"{"action": "mouse_move", "coordinate": [\#(x), \#(x % 768)]}"#)
            #expect(scaled.format(actions) == #"[{"action": "mouse_move", "coordinate": [\#(x), \#(x % 768)]}]"#)
        }
    }

    @Test("by default a 1920x1080 screen, unscaled, so that the registry can hold one")
    func defaults() throws {
        let grammar = AnthropicComputerGrammar()
        #expect(grammar.screen == screen && grammar.imageSize == screen && grammar.waitSeconds == 2)
        #expect(AnthropicComputerGrammar.name == "anthropic_computer" && grammar.name == "anthropic_computer")
        let dynamic: any ActionGrammar = grammar
        #expect(try dynamic.parse(#"{"action": "left_click", "coordinate": [1919, 1079]}"#) == [click(1919, 1079)])
    }

    @Test("an image size that is not positive means no scaling")
    func degenerateImage() throws {
        let grammar = AnthropicComputerGrammar(screen: screen, imageSize: Size(width: 0, height: 768))
        #expect(grammar.imageSize == screen)
        #expect(try grammar.parse(#"{"action": "mouse_move", "coordinate": [1919, 0]}"#) == [.moveTo(point(1919, 0))])
    }
}

@Suite("anthropic_computer: xdotool keys")
struct AnthropicComputerKeyTests {
    /// The X keysym each table entry sends: the keysym it names, except where the table documents
    /// another key doing the same thing.
    static let expectedKeysyms: [String: String] = {
        var table: [String: String] = [
            "Control_L": "Control_L", "Control_R": "Control_R", "Shift_L": "Shift_L", "Shift_R": "Shift_R",
            "Alt_L": "Alt_L", "Alt_R": "Alt_R", "Super_L": "Super_L", "Super_R": "Super_R",
            "meta": "Alt_L", "Meta_L": "Alt_L", "Meta_R": "Alt_R",
            "Prior": "Page_Up", "Next": "Page_Down", "Menu": "Menu", "Num_Lock": "Num_Lock", "Scroll_Lock": "Scroll_Lock",
            "Mode_switch": "Mode_switch", "Henkan": "Henkan", "Muhenkan": "Muhenkan", "Katakana": "Katakana",
            "Hangul_Hanja": "Hangul_Hanja", "Hangul_Jeonja": "Hangul_Jeonja", "Hangul_End": "Hangul_End",
            "KP_Add": "KP_Add", "KP_Subtract": "KP_Subtract", "KP_Multiply": "KP_Multiply", "KP_Divide": "KP_Divide",
            "KP_Decimal": "KP_Decimal", "KP_Separator": "KP_Separator",
            "KP_Enter": "Return", "KP_Home": "Home", "KP_End": "End", "KP_Up": "Up", "KP_Down": "Down",
            "KP_Left": "Left", "KP_Right": "Right", "KP_Prior": "Page_Up", "KP_Page_Up": "Page_Up",
            "KP_Next": "Page_Down", "KP_Page_Down": "Page_Down", "KP_Insert": "Insert", "KP_Delete": "Delete",
            "KP_Space": "space", "KP_Tab": "Tab", "KP_Equal": "equal",
            "XF86AudioRaiseVolume": "XF86AudioRaiseVolume", "XF86AudioLowerVolume": "XF86AudioLowerVolume",
            "XF86AudioMute": "XF86AudioMute", "XF86AudioPlay": "XF86AudioPlay", "XF86AudioStop": "XF86AudioStop",
            "XF86AudioNext": "XF86AudioNext", "XF86AudioPrev": "XF86AudioPrev", "XF86AudioMedia": "XF86AudioMedia",
            "XF86Back": "XF86Back", "XF86Forward": "XF86Forward", "XF86Refresh": "XF86Refresh", "XF86Stop": "XF86Stop",
            "XF86Search": "XF86Search", "XF86Favorites": "XF86Favorites", "XF86HomePage": "XF86HomePage",
            "XF86Mail": "XF86Mail", "XF86Launch0": "XF86Launch0", "XF86Launch1": "XF86Launch1",
            "XF86Sleep": "XF86Sleep", "XF86WakeUp": "XF86WakeUp",
            "quoteright": "apostrophe", "quoteleft": "grave",
        ]
        for name in [
            "exclam", "quotedbl", "numbersign", "dollar", "percent", "ampersand", "apostrophe", "parenleft",
            "parenright", "asterisk", "plus", "comma", "minus", "period", "slash", "colon", "semicolon",
            "less", "equal", "greater", "question", "at", "bracketleft", "backslash", "bracketright",
            "asciicircum", "underscore", "grave", "braceleft", "bar", "braceright", "asciitilde",
        ] {
            table[name] = name
        }
        for digit in 0...9 { table["KP_\(digit)"] = "KP_\(digit)" }
        return table
    }()

    @Test("every name in the table is a valid core key that sends the expected keysym")
    func table() throws {
        #expect(Set(AnthropicComputerGrammar.xdotoolKeyNames.keys) == Set(Self.expectedKeysyms.keys))
        for (name, coreName) in AnthropicComputerGrammar.xdotoolKeyNames {
            let key = try #require(try? Key(coreName), "\(name) → \(coreName)")
            #expect(key.keysymName == Self.expectedKeysyms[name], "\(name)")
            // …and reaches it through the grammar, in any case.
            for spelling in [name, name.lowercased(), name.uppercased()] {
                #expect(try claude.parse(#"{"action": "key", "text": "\#(spelling)"}"#) == [.press(key)], "\(spelling)")
            }
        }
    }

    @Test(
        "the names Claude writes",
        arguments: [
            ("Return", [Action.press(key("return"))]),
            ("Enter", [.press(key("enter"))]),
            ("BackSpace", [.press(key("backspace"))]),
            ("Page_Down", [.press(key("pagedown"))]),
            ("Escape", [.press(key("escape"))]),
            ("F5", [.press(key("f5"))]),
            ("space", [.press(key("space"))]),
            ("alt+Tab", [.hotkey([key("alt"), key("tab")])]),
            ("alt+F4", [.hotkey([key("alt"), key("f4")])]),
            ("super+l", [.hotkey([key("win"), key("l")])]),
            ("super", [.press(key("win"))]),
            ("ctrl+plus", [.hotkey([key("ctrl"), key("+")])]),
            ("ctrl++", [.hotkey([key("ctrl"), key("+")])]),
            ("ctrl+minus", [.hotkey([key("ctrl"), key("-")])]),
            ("+", [.press(key("+"))]),
            ("KP_0", [.press(key("num0"))]),
            ("Control_L+J", [.hotkey([key("ctrlleft"), key("J")])]),
            ("meta+x", [.hotkey([key("alt"), key("x")])]),
            ("cmd+c", [.hotkey([key("command"), key("c")])]),
            ("ctrl+shift+Left", [.hotkey([key("ctrl"), key("shift"), key("left")])]),
            ("Up Up Down", [.press(key("up")), .press(key("up")), .press(key("down"))]),
            ("a", [.press(key("a"))]),
            ("A", [.press(key("A"))]),
        ])
    func claudeNames(text: String, expected: [Action]) throws {
        #expect(try claude.parse(#"{"action": "key", "text": "\#(text)"}"#) == expected)
    }

    @Test("every core key is written as an xdotool name that reads back to the same X key")
    func everyCoreKey() throws {
        for name in Key.allNames {
            let original = key(name)
            let text = claude.format([.press(original)])
            let actions = try claude.parse(text)
            #expect(actions.count == 1, "\(name): \(text)")
            guard case .press(let back)? = actions.first else {
                Issue.record("\(name): \(text) read back as \(actions)")
                continue
            }
            #expect(back.keysymName == original.keysymName, "\(name): \(text)")
        }
    }

    @Test("modifiers are written as Claude writes them")
    func modifierNames() {
        #expect(
            claude.format([.hotkey([key("ctrl"), key("alt"), key("shift"), key("win"), key("t")])])
                == #"[{"action": "key", "text": "ctrl+alt+shift+super+t"}]"#)
        #expect(
            claude.format([.press(key("enter")), .press(key("+"))])
                == "[\n  {\"action\": \"key\", \"text\": \"Return\"},\n  {\"action\": \"key\", \"text\": \"plus\"}\n]")
    }
}

@Suite("anthropic_computer: errors")
struct AnthropicComputerErrorTests {
    @Test("an unknown action names the closest one and its place")
    func unknownAction() throws {
        let text = "{\"type\": \"tool_use\", \"name\": \"computer\",\n \"input\": {\"action\": \"left_clik\", \"coordinate\": [1, 2]}}"
        let error = try #require(parseError(claude, text))
        #expect(
            error.message == "unknown action 'left_clik'; did you mean 'left_click'? (known: key, hold_key, type, "
                + "cursor_position, mouse_move, left_mouse_down, left_mouse_up, left_click, left_click_drag, "
                + "right_click, middle_click, double_click, triple_click, scroll, wait, screenshot)")
        #expect(error.line == 2)
        #expect(error.column == 22)
        #expect(error.snippet == "\"left_clik\"")
        #expect(error.description.hasPrefix("anthropic_computer: line 2, column 22: unknown action 'left_clik'"))
    }

    @Test(
        "field errors name the action and the field",
        arguments: [
            (
                #"{"action": "left_click", "coordinate": [1366, 10]}"#,
                "left_click: field 'coordinate' [1366, 10] is outside the 1366x768 screenshot (x must be 0–1365)"
            ),
            (
                #"{"action": "mouse_move", "coordinate": [-1, 900]}"#,
                "mouse_move: field 'coordinate' [-1, 900] is outside the 1366x768 screenshot (x must be 0–1365, y must be 0–767)"
            ),
            (
                #"{"action": "mouse_move", "coordinate": [10]}"#,
                "mouse_move: field 'coordinate' must be [x, y], two numbers, got an array [10]"
            ),
            (
                #"{"action": "mouse_move", "coordinate": "10, 20"}"#,
                "mouse_move: field 'coordinate' must be [x, y], two numbers, got a string \"10, 20\""
            ),
            (#"{"action": "mouse_move"}"#, "mouse_move: missing field 'coordinate' ([x, y])"),
            (#"{"action": "left_click_drag", "start_coordinate": [1, 1]}"#, "left_click_drag: missing field 'coordinate' ([x, y])"),
            (
                #"{"action": "left_click", "coordinates": [1, 1]}"#,
                "left_click: unknown field 'coordinates'; did you mean 'coordinate'?"
            ),
            (
                #"{"action": "type", "text": "a", "coordinate": [1, 1]}"#,
                "type: unknown field 'coordinate'; it takes 'action', 'text'"
            ),
            (
                #"{"action": "screenshot", "coordinate": [1, 1]}"#,
                "screenshot: unknown field 'coordinate'; it takes 'action'"
            ),
            (#"{"action": "type", "text": "a", "text": "b"}"#, "type: field 'text' is given twice"),
            (#"{"action": "type"}"#, "type: missing field 'text'"),
            (#"{"action": "type", "text": 5}"#, "type: field 'text' must be a string, got a number 5"),
            (
                #"{"action": "scroll", "scroll_direction": "dwon", "scroll_amount": 3}"#,
                "scroll: field 'scroll_direction' must be \"up\", \"down\", \"left\" or \"right\", got a string \"dwon\"; did you mean \"down\"?"
            ),
            (
                #"{"action": "scroll", "scroll_direction": "up", "scroll_amount": 2.5}"#,
                "scroll: field 'scroll_amount' must be a whole number, got a number 2.5"
            ),
            (
                #"{"action": "scroll", "scroll_direction": "up", "scroll_amount": -1}"#,
                "scroll: field 'scroll_amount' must be 0–1000, got a number -1"
            ),
            (#"{"action": "scroll", "scroll_direction": "up"}"#, "scroll: missing field 'scroll_amount' (wheel clicks)"),
            (#"{"action": "scroll", "scroll_amount": 1}"#, "scroll: missing field 'scroll_direction'"),
            (
                #"{"action": "key", "text": "ctrl+Retrun"}"#,
                "key: field 'text' has an unknown key name 'Retrun' in 'ctrl+Retrun'; did you mean 'Return'?"
            ),
            (#"{"action": "key", "text": "Page_Dwn"}"#, "key: field 'text' has an unknown key name 'Page_Dwn'; did you mean 'Page_Down'?"),
            (#"{"action": "key", "text": " "}"#, "key: field 'text' must name at least one key, such as \"Return\" or \"ctrl+s\""),
            (
                #"{"action": "key", "text": "ctrl+"}"#,
                "key: field 'text' has an empty key name in 'ctrl+' (join keys with '+', as in 'ctrl+s'; the + key is 'plus')"
            ),
            (#"{"action": "hold_key", "text": "shift"}"#, "hold_key: missing field 'duration'"),
            (
                #"{"action": "hold_key", "text": "shift", "duration": -2}"#,
                "hold_key: field 'duration' must be a number of seconds, at least 0, got a number -2"
            ),
            (
                #"{"action": "wait", "duration": "2"}"#,
                "wait: field 'duration' must be a number of seconds, at least 0, got a string \"2\""
            ),
            (
                #"{"action": "left_click", "text": "ctrl", "key": "shift"}"#,
                "left_click: field 'key' repeats the modifier keys of 'text'; give one of them"
            ),
            (
                #"{"action": "left_mouse_down", "button": "wheel"}"#,
                "left_mouse_down: field 'button' must be \"left\", \"middle\" or \"right\", got \"wheel\""
            ),
            (#"{"action": 3}"#, "field 'action' must be a string, got a number 3"),
            (
                #"{"coordinate": [1, 2]}"#,
                "expected a tool_use block, an input object with an 'action' field, or a Messages API response"
            ),
            (
                #"{"actoin": "left_click"}"#,
                "expected a tool_use block, an input object with an 'action' field, or a Messages API response; did you mean the field 'action'?"
            ),
        ])
    func fieldErrors(text: String, expected: String) {
        #expect(message(scaled, text) == expected)
    }

    @Test(
        "blocks and responses that are not computer calls",
        arguments: [
            (
                #"{"type": "tool_use", "id": "toolu_01", "name": "str_replace_based_edit_tool", "input": {"command": "view", "path": "/tmp"}}"#,
                "unknown tool 'str_replace_based_edit_tool'; this grammar reads calls of the tools 'computer' and 'bash'"
            ),
            (
                #"{"type": "tool_use", "id": "toolu_01", "name": "Bash", "input": {"command": "ls"}}"#,
                "unknown tool 'Bash'; this grammar reads calls of the tools 'computer' and 'bash' (did you mean 'bash'?)"
            ),
            (#"{"type": "tool_use", "id": "toolu_01", "name": "computer"}"#, "the tool_use block has no 'input' field"),
            (
                #"{"type": "tool_use", "id": "toolu_01", "name": "computer", "input": "{\"action\": \"screenshot\"}"}"#,
                "the tool_use block's 'input' must be an object, got a string \"{\\\"action\\\": \\\"screenshot\\\"}\""
            ),
            (
                #"[{"type": "tool_result", "tool_use_id": "toolu_01", "content": "ok"}]"#,
                "a content block of type 'tool_result' holds no computer action; expected 'tool_use' (text and thinking blocks are skipped)"
            ),
            (
                #"{"type": "message", "role": "assistant", "content": 5}"#,
                "the message's 'content' must be an array of content blocks, got a number 5"
            ),
            (#"{"type": "message", "role": "assistant"}"#, "the message has no 'content' field"),
            ("[]", "empty array: give at least one content block or input object"),
            (
                #"[[{"action": "screenshot"}]]"#,
                "expected a tool_use block, an input object, an array of them or a Messages API response, got an array [{\"action\": \"screenshot\"}]"
            ),
            (#""click""#, "expected a tool_use block, an input object or \"WAIT\", \"DONE\", \"FAIL\", got the string \"click\""),
            ("", "empty action text"),
            (
                "I will click the button.",
                "no action found: expected a computer tool_use block such as {\"type\": \"tool_use\", "
                    + "\"name\": \"computer\", \"input\": {\"action\": \"left_click\", \"coordinate\": [10, 20]}}, its input object, "
                    + "or a Messages API response holding one"
            ),
            ("{'action': 'screenshot'}", "invalid JSON: keys must be in double quotes (\"…\"), not single quotes"),
            (
                "```json\n{\"action\": \"screenshot\"}\nclick it\n```",
                "expected JSON (an object or an array) or WAIT, DONE or FAIL, found 'click it'"
            ),
        ])
    func shapeErrors(text: String, expected: String) {
        #expect(message(claude, text) == expected)
    }

    @Test("the first wrong call of a response is reported where it is written")
    func positionInResponse() throws {
        let response = """
            {"type": "message", "role": "assistant", "content": [
              {"type": "tool_use", "id": "toolu_1", "name": "computer", "input": {"action": "screenshot"}},
              {"type": "tool_use", "id": "toolu_2", "name": "computer", "input": {"action": "left_click", "coordinate": [2000, 5]}}
            ], "stop_reason": "tool_use"}
            """
        let error = try #require(parseError(claude, response))
        #expect(error.line == 3)
        #expect(error.column == 109)
        #expect(error.snippet == "[2000, 5]")
        #expect(error.message == "left_click: field 'coordinate' [2000, 5] is outside the 1920x1080 screen (x must be 0–1919)")
    }
}

/// What the tool's input reads back for `action`, up to the key names (compare with ``computerUseKeysymForm``).
private func anthropicReading(of action: Action) -> [Action] {
    switch action {
    case .click(let button, let at, let count) where button != .left && count > 1:
        return [.click(button: button, at: at, count: 1)] + Array(repeating: .click(button: button, at: nil, count: 1), count: count - 1)
    case .rightClick(let at): return [.click(button: .right, at: at, count: 1)]
    case .doubleClick(let at): return [.click(button: .left, at: at, count: 2)]
    case .mouseDown(let button, let at?): return [.moveTo(at), .mouseDown(button: button, at: nil)]
    case .mouseUp(let button, let at?): return [.moveTo(at), .mouseUp(button: button, at: nil)]
    case .scroll(let dx, let dy, let at) where dx != 0 && dy != 0:
        return [.scroll(dx: 0, dy: dy, at: at), .scroll(dx: dx, dy: 0, at: at)]
    case .hotkey(let keys) where keys.count == 1: return [.press(keys[0])]
    default: return [action]
    }
}

@Suite("anthropic_computer: format → parse round trips")
struct AnthropicComputerRoundTripTests {
    @Test("each action alone", arguments: everyAction)
    func each(action: Action) throws {
        let text = claude.format([action])
        #expect(try claude.parse(text).map(computerUseKeysymForm) == anthropicReading(of: action).map(computerUseKeysymForm), "\(text)")
    }

    @Test("all actions at once, one object a line")
    func all() throws {
        let text = claude.format(everyAction)
        #expect(text.hasPrefix("[\n  {\"action\": "))
        #expect(try claude.parse(text).map(computerUseKeysymForm) == everyAction.flatMap(anthropicReading(of:)).map(computerUseKeysymForm))
    }

    @Test("no actions are written as a screenshot request, which reads back as none")
    func empty() throws {
        #expect(claude.format([]) == #"[{"action": "screenshot"}]"#)
        #expect(try claude.parse(claude.format([])) == [])
    }

    @Test(
        "held keys fold back into one input object",
        arguments: [
            (
                [Action.keyDown(key("shift")), click(30, 40), .keyUp(key("shift"))],
                #"[{"action": "left_click", "coordinate": [30, 40], "text": "shift"}]"#
            ),
            (
                [.keyDown(key("ctrl")), .keyDown(key("shift")), click(3, 4, count: 3), .keyUp(key("shift")), .keyUp(key("ctrl"))],
                #"[{"action": "triple_click", "coordinate": [3, 4], "text": "ctrl+shift"}]"#
            ),
            (
                [.keyDown(key("shift")), .wait(seconds: 1.5), .keyUp(key("shift"))],
                #"[{"action": "hold_key", "text": "shift", "duration": 1.5}]"#
            ),
            (
                [.keyDown(key("alt")), .moveTo(point(1, 2)), .dragTo(point(3, 4), button: .left), .keyUp(key("alt"))],
                #"[{"action": "left_click_drag", "start_coordinate": [1, 2], "coordinate": [3, 4], "text": "alt"}]"#
            ),
            (
                [.keyDown(key("ctrl")), .scroll(dx: 0, dy: -4, at: point(5, 5)), .keyUp(key("ctrl"))],
                #"[{"action": "scroll", "coordinate": [5, 5], "scroll_direction": "down", "scroll_amount": 4, "text": "ctrl"}]"#
            ),
        ])
    func folding(actions: [Action], expected: String) throws {
        #expect(claude.format(actions) == expected)
        #expect(try claude.parse(expected) == actions)
    }

    @Test("key-downs that do not surround one input object stay separate")
    func noFolding() throws {
        let actions: [Action] = [
            .keyDown(key("shift")), .keyDown(key("ctrl")), click(1, 1), .keyUp(key("ctrl")), .typing("x"),
            .keyUp(key("shift")),
        ]
        let text = claude.format(actions)
        #expect(
            text == """
                [
                  {"action": "key_down", "text": "shift"},
                  {"action": "left_click", "coordinate": [1, 1], "text": "ctrl"},
                  {"action": "type", "text": "x"},
                  {"action": "key_up", "text": "shift"}
                ]
                """)
        #expect(try claude.parse(text) == actions)
    }

    @Test(
        "output as Claude writes it",
        arguments: [
            (Action.moveTo(point(10, 20)), #"[{"action": "mouse_move", "coordinate": [10, 20]}]"#),
            (.click(button: .left, at: nil, count: 1), #"[{"action": "left_click"}]"#),
            (.click(button: .middle, at: point(1, 2), count: 1), #"[{"action": "middle_click", "coordinate": [1, 2]}]"#),
            (.dragTo(point(5, 6), button: .left), #"[{"action": "left_click_drag", "coordinate": [5, 6]}]"#),
            (.scroll(dx: 3, dy: 0, at: nil), #"[{"action": "scroll", "scroll_direction": "right", "scroll_amount": 3}]"#),
            (.typing("say \"hi\"\n"), #"[{"action": "type", "text": "say \"hi\"\n"}]"#),
            (.wait(seconds: 2), #"[{"action": "wait", "duration": 2}]"#),
            (.done, #"["DONE"]"#),
        ])
    func written(action: Action, expected: String) {
        #expect(claude.format([action]) == expected)
    }
}
