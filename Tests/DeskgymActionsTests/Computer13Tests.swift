import DeskgymActions
import DeskgymCore
import Testing

@Suite("computer_13 grammar")
struct Computer13Tests {
    @Test(
        "every action type from OSWorld's ACTION_SPACE",
        arguments: [
            (#"{"action_type": "MOVE_TO", "parameters": {"x": 10, "y": 20}}"#, Action.moveTo(point(10, 20))),
            (
                #"{"action_type": "CLICK", "parameters": {"button": "left", "x": 10, "y": 20, "num_clicks": 2}}"#,
                .click(button: .left, at: point(10, 20), count: 2)
            ),
            (#"{"action_type": "CLICK", "parameters": {}}"#, .click(button: .left, at: nil, count: 1)),
            (#"{"action_type": "CLICK", "parameters": {"button": "right"}}"#, .click(button: .right, at: nil, count: 1)),
            (#"{"action_type": "MOUSE_DOWN", "parameters": {"button": "middle"}}"#, .mouseDown(button: .middle, at: nil)),
            (#"{"action_type": "MOUSE_UP"}"#, .mouseUp(button: .left, at: nil)),
            (#"{"action_type": "RIGHT_CLICK", "parameters": {"x": 5, "y": 6}}"#, .rightClick(at: point(5, 6))),
            (#"{"action_type": "RIGHT_CLICK", "parameters": {}}"#, .rightClick(at: nil)),
            (#"{"action_type": "DOUBLE_CLICK", "parameters": {"x": 5.9, "y": 6.1}}"#, .doubleClick(at: point(5, 6))),
            (#"{"action_type": "DRAG_TO", "parameters": {"x": 300, "y": 400}}"#, .dragTo(point(300, 400), button: .left)),
            (#"{"action_type": "SCROLL", "parameters": {"dx": 0, "dy": -3}}"#, .scroll(dx: 0, dy: -3, at: nil)),
            (#"{"action_type": "SCROLL", "parameters": {"dy": 2}}"#, .scroll(dx: 0, dy: 2, at: nil)),
            (#"{"action_type": "SCROLL", "parameters": {"dx": -1}}"#, .scroll(dx: -1, dy: 0, at: nil)),
            (
                #"{"action_type": "TYPING", "parameters": {"text": "café 中文 😀\n\"q\" \\ \u00e9 \ud83d\ude00"}}"#,
                .typing("café 中文 😀\n\"q\" \\ é 😀")
            ),
            (#"{"action_type": "PRESS", "parameters": {"key": "enter"}}"#, .press(key("enter"))),
            (#"{"action_type": "PRESS", "parameters": {"key": "Page_Down"}}"#, .press(key("pagedown"))),
            (#"{"action_type": "KEY_DOWN", "parameters": {"key": "shift"}}"#, .keyDown(key("shift"))),
            (#"{"action_type": "KEY_UP", "parameters": {"key": "shift"}}"#, .keyUp(key("shift"))),
            (
                #"{"action_type": "HOTKEY", "parameters": {"keys": ["ctrl", "alt", "t"]}}"#,
                .hotkey([key("ctrl"), key("alt"), key("t")])
            ),
            (#"{"action_type": "WAIT"}"#, .wait(seconds: 2)),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": "ls -la ~"}}"#, .runCommand(ShellCommand("ls -la ~"))),
            (
                #"{"action_type": "RUN_COMMAND", "parameters": {"command": "make", "timeout": 120}}"#,
                .runCommand(ShellCommand("make", timeoutSeconds: 120))
            ),
            (#"{"action_type": "FAIL"}"#, .fail),
            (#"{"action_type": "DONE", "parameters": {}}"#, .done),
            (#""DONE""#, .done),
            ("WAIT", .wait(seconds: 2)),
            ("fail", .fail),
        ])
    func actionTypes(text: String, expected: Action) throws {
        #expect(try computer13.parse(text) == [expected])
    }

    @Test(
        "Deskgym's extension parameters",
        arguments: [
            (
                #"{"action_type": "MOUSE_DOWN", "parameters": {"button": "right", "x": 1, "y": 2}}"#,
                Action.mouseDown(button: .right, at: point(1, 2))
            ),
            (
                #"{"action_type": "SCROLL", "parameters": {"dx": 1, "dy": 2, "x": 3, "y": 4}}"#,
                .scroll(dx: 1, dy: 2, at: point(3, 4))
            ),
            (
                #"{"action_type": "DRAG_TO", "parameters": {"x": 1, "y": 2, "button": "right"}}"#,
                .dragTo(point(1, 2), button: .right)
            ),
            (#"{"action_type": "WAIT", "parameters": {"seconds": 0.5}}"#, .wait(seconds: 0.5)),
        ])
    func extensions(text: String, expected: Action) throws {
        #expect(try computer13.parse(text) == [expected])
    }

    @Test("OSWorld's flat form: parameters beside action_type")
    func flatForm() throws {
        #expect(
            try computer13.parse(#"{"action_type": "CLICK", "x": 10, "y": 20}"#)
                == [.click(button: .left, at: point(10, 20), count: 1)])
    }

    @Test("lower-case action types and buttons are understood")
    func caseInsensitive() throws {
        #expect(
            try computer13.parse(#"{"action_type": "click", "parameters": {"button": "Right"}}"#)
                == [.click(button: .right, at: nil, count: 1)])
    }

    @Test("an array, several objects in a row, and bare strings in an array")
    func sequences() throws {
        let array = """
            [
              {"action_type": "CLICK", "parameters": {"x": 1, "y": 2}},
              {"action_type": "TYPING", "parameters": {"text": "hi"}},
              "DONE"
            ]
            """
        #expect(try computer13.parse(array) == [.click(button: .left, at: point(1, 2), count: 1), .typing("hi"), .done])
        let rows =
            "{\"action_type\": \"PRESS\", \"parameters\": {\"key\": \"a\"}}\n{\"action_type\": \"PRESS\", \"parameters\": {\"key\": \"b\"}}"
        #expect(try computer13.parse(rows) == [.press(key("a")), .press(key("b"))])
    }

    @Test("a model answer with prose and a ```json block")
    func fencedAnswer() throws {
        let answer = """
            The search box is at the top of the window. I will click it and type the query.
            ```json
            {
              "action_type": "CLICK",
              "parameters": {"button": "left", "x": 640, "y": 52}
            }
            ```
            ```json
            {"action_type": "TYPING", "parameters": {"text": "weather {today}"}}
            ```
            """
        #expect(
            try computer13.parse(answer) == [
                .click(button: .left, at: point(640, 52), count: 1),
                .typing("weather {today}"),
            ])
    }

    @Test("prose around unfenced JSON is skipped")
    func unfencedProse() throws {
        let answer = "Action: {\"action_type\": \"PRESS\", \"parameters\": {\"key\": \"enter\"}}\nThis submits the form."
        #expect(try computer13.parse(answer) == [.press(key("enter"))])
        #expect(try computer13.parse("The task is complete.\nDONE") == [.done])
    }

    @Test("WAIT waits as long as the grammar is configured to")
    func configuredWait() throws {
        #expect(try Computer13Grammar(waitSeconds: 0.5).parse(#"{"action_type": "WAIT"}"#) == [.wait(seconds: 0.5)])
    }

    @Test(
        "refusals name the field",
        arguments: [
            (#"{"action_type": "CLIK", "parameters": {}}"#, "unknown action_type 'CLIK'; did you mean 'CLICK'?", 1, 17),
            (#"{"action_type": "JUMP"}"#, "unknown action_type 'JUMP' (known: MOVE_TO, CLICK,", 1, 17),
            (#"{"parameters": {"x": 1}}"#, "the action object has no 'action_type' field", 1, 1),
            (#"{"actiontype": "CLICK"}"#, "no 'action_type' field; did you mean 'action_type'?", 1, 1),
            (#"{"action_type": 5}"#, "field 'action_type' must be a string, got a number 5", 1, 17),
            (#"{"action_type": "MOVE_TO", "parameters": {"x": 10}}"#, "MOVE_TO: missing parameter 'y'; give x and y together", 1, 1),
            (#"{"action_type": "MOVE_TO", "parameters": {}}"#, "MOVE_TO: missing parameter 'x'", 1, 1),
            (
                #"{"action_type": "CLICK", "parameters": {"x": "10", "y": 20}}"#,
                "CLICK: parameter 'x' must be a number, got a string \"10\"", 1, 46
            ),
            (
                #"{"action_type": "CLICK", "parameters": {"x": -1, "y": 20}}"#, "CLICK: parameter 'x' must be at least 0, got a number -1",
                1, 46
            ),
            (
                #"{"action_type": "CLICK", "parameters": {"num_clicks": 4}}"#, "CLICK: parameter 'num_clicks' must be 1, 2 or 3, got 4", 1,
                55
            ),
            (
                #"{"action_type": "CLICK", "parameters": {"num_clicks": 1.5}}"#,
                "CLICK: parameter 'num_clicks' must be an integer, got a number 1.5", 1, 55
            ),
            (
                #"{"action_type": "CLICK", "parameters": {"clicks": 2}}"#, "CLICK: unknown parameter 'clicks'; did you mean 'num_clicks'?",
                1, 41
            ),
            (
                #"{"action_type": "CLICK", "parameters": {"button": "up"}}"#,
                "CLICK: parameter 'button' must be \"left\", \"right\" or \"middle\", got a string \"up\"", 1, 51
            ),
            (#"{"action_type": "SCROLL", "parameters": {}}"#, "SCROLL: missing parameter 'dy' (SCROLL needs dx, dy or both)", 1, 1),
            (#"{"action_type": "SCROLL", "parameters": {"dy": 1.5}}"#, "SCROLL: parameter 'dy' must be an integer", 1, 48),
            (#"{"action_type": "TYPING", "parameters": {"text": 5}}"#, "TYPING: parameter 'text' must be a string, got a number 5", 1, 50),
            (#"{"action_type": "TYPING", "parameters": {}}"#, "TYPING: missing parameter 'text'", 1, 1),
            (
                #"{"action_type": "PRESS", "parameters": {"key": "entr"}}"#,
                "PRESS: parameter 'key' has an unknown key name 'entr'; did you mean 'enter'", 1, 48
            ),
            (
                #"{"action_type": "HOTKEY", "parameters": {"keys": "ctrl+c"}}"#,
                "HOTKEY: parameter 'keys' must be an array of key names, got a string \"ctrl+c\"", 1, 50
            ),
            (#"{"action_type": "HOTKEY", "parameters": {"keys": []}}"#, "HOTKEY: parameter 'keys' must hold at least one key", 1, 50),
            (
                #"{"action_type": "HOTKEY", "parameters": {"keys": ["ctrl", 7]}}"#,
                "HOTKEY: parameter 'keys' must be a key name string, got a number 7", 1, 59
            ),
            (#"{"action_type": "DONE", "parameters": {"x": 1}}"#, "DONE: unknown parameter 'x'; DONE takes no parameters", 1, 40),
            (#"{"action_type": "WAIT", "parameters": {"seconds": -1}}"#, "WAIT: parameter 'seconds' must be a non-negative number", 1, 51),
            (#"{"action_type": "CLICK", "parameters": "left"}"#, "field 'parameters' must be an object, got a string \"left\"", 1, 40),
            (#"{"action_type": "CLICK", "parameters": {}, "x": 1}"#, "unknown field 'x' in the action object", 1, 44),
            (#"{"action_type": "CLICK", "action_type": "PRESS"}"#, "field 'action_type' is given twice", 1, 26),
            (#"{"action_type": "CLICK", "parameters": {"x": 1, "x": 2, "y": 3}}"#, "CLICK: parameter 'x' is given twice", 1, 49),
            (#""CLICK""#, "expected an action object or \"WAIT\", \"DONE\", \"FAIL\", got the string \"CLICK\"", 1, 1),
            (#"[[{"action_type": "DONE"}]]"#, "expected an action object or \"WAIT\", \"DONE\", \"FAIL\", got an array", 1, 2),
            ("[]", "empty action array", 1, 1),
            ("[42]", "got a number 42", 1, 2),
        ])
    func refusals(text: String, expected: String, line: Int, column: Int) throws {
        let error = try #require(parseError(computer13, text))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
        #expect(error.grammar == "computer_13")
    }

    @Test(
        "malformed JSON is reported where it breaks",
        arguments: [
            ("```json\n{'action_type': 'CLICK'}\n```", "keys must be in double quotes", 2, 2),
            ("```json\n{\"action_type\": \"CLICK\",}\n```", "trailing comma before '}'", 2, 25),
            ("```json\n{\"action_type\": \"CLICK\"\n```", "the object opened here is not closed", 2, 1),
            (
                "```json\n{\"action_type\": \"DRAG_TO\", \"parameters\": {\"x\": 1, \"y\": 2, \"button\": None}}\n```",
                "'None' is Python; JSON writes true, false and null", 2, 69
            ),
            ("```json\n[{\"action_type\": \"DONE\"} {\"action_type\": \"FAIL\"}]\n```", "expected ',' or ']' after an element", 2, 26),
            ("```json\n{\"action_type\": \"TYPING\", \"parameters\": {\"text\": \"a\\qb\"}}\n```", "unknown escape '\\q'", 2, 52),
            ("```json\n{\"action_type\": \"CLICK\", \"parameters\": {\"x\": 01, \"y\": 2}}\n```", "leading zeros", 2, 46),
            (
                "```json\nclick(1, 2)\n```", "expected a JSON action object, an array of them, or WAIT, DONE or FAIL, found 'click(1, 2)'",
                2, 1
            ),
            ("{\"action_type\": \"CLICK\"", "the object opened here is not closed", 1, 1),
        ])
    func malformed(text: String, expected: String, line: Int, column: Int) throws {
        let error = try #require(parseError(computer13, text))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.column == column, "\(error)")
    }

    @Test("empty text and text without any action")
    func emptyAndNothing() throws {
        #expect(try #require(parseError(computer13, " \n ")).message == "empty action text")
        let error = try #require(parseError(computer13, "I am not sure what to do next."))
        #expect(error.message.hasPrefix("no action found"))
        #expect(error.description.hasPrefix("computer_13: no action found"))
    }

    @Test(
        "RUN_COMMAND refuses an empty command, a missing one and a time-out out of range, naming the field",
        arguments: [
            (#"{"action_type": "RUN_COMMAND", "parameters": {}}"#, "command"),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": "  "}}"#, "must not be empty"),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": 5}}"#, "must be a string"),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": "ls", "timeout": 0}}"#, "timeout"),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": "ls", "timeout": 7200}}"#, "at most 3600"),
            (#"{"action_type": "RUN_COMMAND", "parameters": {"command": "ls", "cwd": "/"}}"#, "cwd"),
        ])
    func runCommandErrors(text: String, expected: String) {
        #expect {
            _ = try computer13.parse(text)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
