import DeskgymActions
import DeskgymCore
import Testing

/// One or more samples of every `Action` case, with the awkward values: no point, every button,
/// every click count, negative scrolls, quotes, backslashes, line breaks and non-ASCII text.
let everyAction: [Action] = [
    .moveTo(point(0, 0)), .moveTo(point(1919, 1079)),
    .click(button: .left, at: point(10, 20), count: 1), .click(button: .right, at: nil, count: 1),
    .click(button: .middle, at: point(5, 5), count: 2), .click(button: .left, at: nil, count: 3),
    .mouseDown(button: .left, at: nil), .mouseDown(button: .right, at: point(3, 4)),
    .mouseUp(button: .middle, at: nil), .mouseUp(button: .left, at: point(3, 4)),
    .rightClick(at: point(7, 8)), .rightClick(at: nil),
    .doubleClick(at: point(9, 10)), .doubleClick(at: nil),
    .dragTo(point(100, 200), button: .left), .dragTo(point(100, 200), button: .right),
    .scroll(dx: 0, dy: -5, at: nil), .scroll(dx: 3, dy: 0, at: point(50, 60)), .scroll(dx: -2, dy: 4, at: point(1, 1)),
    .scroll(dx: 0, dy: 0, at: nil),
    .typing("hello"), .typing("it's \"quoted\" \\ back\\slash"), .typing("line1\nline2\ttab\r"),
    .typing("café 中文 😀 👩‍💻"), .typing("'"), .typing(""), .typing("\u{7}\u{200B}\u{2028}\u{E000}"),
    .press(key("enter")), .press(key("'")), .press(key("\\")), .press(key("\n")), .press(key("A")), .press(key("f12")),
    .keyDown(key("shift")), .keyUp(key("shift")), .keyDown(key("\"")),
    .hotkey([key("ctrl"), key("c")]), .hotkey([key("ctrl"), key("shift"), key("esc")]), .hotkey([key("win")]),
    .wait(seconds: 2), .wait(seconds: 0.5), .wait(seconds: 0), .wait(seconds: 0.1), .wait(seconds: 1e-5),
    .done, .fail,
]

/// Shell commands, which every grammar writes in its own spelling: quotes of both kinds,
/// backslashes, line breaks, tabs, `$`, non-ASCII text, a `')` that could end a UI-TARS string, and
/// time-outs with fractions.
let shellCommands: [Action] = [
    .runCommand(ShellCommand("ls -la ~")), .runCommand(ShellCommand("echo \"it's\" \\ > f.txt\ncat f.txt", timeoutSeconds: 5)),
    .runCommand(ShellCommand("printf 'é中'", timeoutSeconds: 0.5)),
    .runCommand(ShellCommand("python3 -c 'print(\"a\tb\")'\nfind . -name '*.txt' -exec wc -l {} \\;", timeoutSeconds: 3600)),
    .runCommand(ShellCommand("echo $HOME ${PATH%%:*} `id -u` && grep -c ') ' log', ", timeoutSeconds: 0.001)),
]

/// What pyautogui code reads back for `action`: pyautogui has no separate right or double click
/// action and no diagonal scroll, so those come back in the general form.
func pyautoguiReading(of action: Action) -> [Action] {
    switch action {
    case .rightClick(let at): [.click(button: .right, at: at, count: 1)]
    case .doubleClick(let at): [.click(button: .left, at: at, count: 2)]
    case .scroll(let dx, let dy, let at) where dx != 0 && dy != 0:
        [.scroll(dx: dx, dy: 0, at: at), .scroll(dx: 0, dy: dy, at: at)]
    default: [action]
    }
}

@Suite("format → parse round trips")
struct RoundTripTests {
    @Test("pyautogui: each action alone", arguments: everyAction)
    func pyautoguiEach(action: Action) throws {
        let text = pyautogui.format([action])
        #expect(try pyautogui.parse(text) == pyautoguiReading(of: action), "\(text)")
    }

    @Test("pyautogui: all actions at once, one line each, also with imports")
    func pyautoguiAll() throws {
        let text = pyautogui.format(everyAction)
        #expect(text.split(separator: "\n").count == everyAction.count)
        #expect(try pyautogui.parse(text) == everyAction.flatMap(pyautoguiReading(of:)))
        let script = PyAutoGUIGrammar(includesImports: true).format(everyAction)
        #expect(script.hasPrefix("import pyautogui\nimport time\n"))
        #expect(try pyautogui.parse(script) == everyAction.flatMap(pyautoguiReading(of:)))
    }

    @Test("computer_13: each action alone comes back exactly", arguments: everyAction)
    func computer13Each(action: Action) throws {
        let text = computer13.format([action])
        #expect(try computer13.parse(text) == [action], "\(text)")
    }

    @Test("computer_13: all actions at once come back exactly")
    func computer13All() throws {
        let text = computer13.format(everyAction)
        #expect(text.hasPrefix("[\n"))
        #expect(try computer13.parse(text) == everyAction)
    }

    @Test("a non-default WAIT survives a grammar configured differently")
    func waitDurations() throws {
        let grammar = Computer13Grammar(waitSeconds: 5)
        #expect(try grammar.parse(grammar.format([.wait(seconds: 2)])) == [.wait(seconds: 2)])
        #expect(grammar.format([.wait(seconds: 5)]) == #"{"action_type": "WAIT"}"#)
    }

    @Test(
        "pyautogui output as a person would write it",
        arguments: [
            (Action.click(button: .left, at: point(10, 20), count: 1), "pyautogui.click(10, 20)"),
            (.click(button: .right, at: nil, count: 2), "pyautogui.click(clicks=2, button='right')"),
            (.rightClick(at: point(1, 2)), "pyautogui.rightClick(1, 2)"),
            (.doubleClick(at: nil), "pyautogui.doubleClick()"),
            (.mouseDown(button: .right, at: point(1, 2)), "pyautogui.mouseDown(1, 2, button='right')"),
            (.mouseUp(button: .left, at: nil), "pyautogui.mouseUp()"),
            (.dragTo(point(5, 6), button: .left), "pyautogui.dragTo(5, 6)"),
            (.scroll(dx: 0, dy: -3, at: nil), "pyautogui.scroll(-3)"),
            (.scroll(dx: 2, dy: 0, at: point(1, 2)), "pyautogui.hscroll(2, 1, 2)"),
            (.scroll(dx: 2, dy: 3, at: nil), "pyautogui.hscroll(2); pyautogui.scroll(3)"),
            (.typing("it's"), #"pyautogui.write("it's")"#),
            (.typing("a'b\"c\n"), #"pyautogui.write('a\'b"c\n')"#),
            (.typing("café 😀\u{200B}"), #"pyautogui.write('café 😀\u200b')"#),
            (.typing("\u{1}"), #"pyautogui.write('\x01')"#),
            (.press(key("enter")), "pyautogui.press('enter')"),
            (.hotkey([key("ctrl"), key("c")]), "pyautogui.hotkey('ctrl', 'c')"),
            (.keyDown(key("shift")), "pyautogui.keyDown('shift')"),
            (.wait(seconds: 2), "time.sleep(2)"),
            (.wait(seconds: 0.25), "time.sleep(0.25)"),
            (.done, "DONE"),
            (.fail, "FAIL"),
        ])
    func pyautoguiText(action: Action, expected: String) {
        #expect(pyautogui.format([action]) == expected)
    }

    @Test(
        "computer_13 output is OSWorld's JSON",
        arguments: [
            (
                Action.click(button: .left, at: point(10, 20), count: 2),
                #"{"action_type": "CLICK", "parameters": {"button": "left", "x": 10, "y": 20, "num_clicks": 2}}"#
            ),
            (.moveTo(point(1, 2)), #"{"action_type": "MOVE_TO", "parameters": {"x": 1, "y": 2}}"#),
            (.rightClick(at: nil), #"{"action_type": "RIGHT_CLICK", "parameters": {}}"#),
            (.dragTo(point(1, 2), button: .left), #"{"action_type": "DRAG_TO", "parameters": {"x": 1, "y": 2}}"#),
            (.scroll(dx: 0, dy: -3, at: nil), #"{"action_type": "SCROLL", "parameters": {"dx": 0, "dy": -3}}"#),
            (.typing("a\"b\\c\nd é"), #"{"action_type": "TYPING", "parameters": {"text": "a\"b\\c\nd é"}}"#),
            (.typing("\u{1}"), #"{"action_type": "TYPING", "parameters": {"text": "\u0001"}}"#),
            (.hotkey([key("ctrl"), key("c")]), #"{"action_type": "HOTKEY", "parameters": {"keys": ["ctrl", "c"]}}"#),
            (.press(key("enter")), #"{"action_type": "PRESS", "parameters": {"key": "enter"}}"#),
            (.wait(seconds: 2), #"{"action_type": "WAIT"}"#),
            (.wait(seconds: 0.5), #"{"action_type": "WAIT", "parameters": {"seconds": 0.5}}"#),
            (.done, #"{"action_type": "DONE"}"#),
            (.fail, #"{"action_type": "FAIL"}"#),
        ])
    func computer13Text(action: Action, expected: String) {
        #expect(computer13.format([action]) == expected)
    }

    @Test("formatting nothing gives text that is refused as holding no action")
    func formatNothing() throws {
        #expect(pyautogui.format([]) == "")
        #expect(computer13.format([]) == "[]")
        #expect(try #require(parseError(computer13, "[]")).message.contains("empty action array"))
    }

    @Test("shell commands come back exactly from every grammar", arguments: shellCommands)
    func shellCommandRoundTrip(action: Action) throws {
        for grammar in ActionGrammars.all {
            let text = grammar.format([action])
            #expect(try grammar.parse(text) == [action], "\(grammar.name): \(text)")
        }
    }

    @Test("shell commands between GUI actions keep their place in every grammar")
    func shellCommandsInOrder() throws {
        let actions: [Action] = [.typing("report"), shellCommands[1], .done, shellCommands[3]]
        for grammar in ActionGrammars.all {
            let text = grammar.format(actions)
            #expect(try grammar.parse(text) == actions, "\(grammar.name): \(text)")
        }
    }
}
