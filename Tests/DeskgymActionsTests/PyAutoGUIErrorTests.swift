import DeskgymActions
import DeskgymCore
import Testing

@Suite("pyautogui grammar: refusals")
struct PyAutoGUIErrorTests {
    @Test("empty or blank text", arguments: ["", "   ", "\n\t\n"])
    func empty(text: String) throws {
        let error = try #require(parseError(pyautogui, text))
        #expect(error.message == "empty action text")
        #expect(error.line == 0)
        #expect(error.description == "pyautogui: empty action text")
    }

    @Test("code with no action, or prose-only fences")
    func noAction() throws {
        let error = try #require(parseError(pyautogui, "```python\nimport pyautogui\n# nothing to do\n```"))
        #expect(error.message.hasPrefix("no action found"))
    }

    @Test("a loop is refused, naming line, column and the statement")
    func loop() throws {
        let code = "import pyautogui\npyautogui.click(1, 2)\nfor i in range(3):\n    pyautogui.press('down')"
        let error = try #require(parseError(pyautogui, code))
        #expect(error.line == 3)
        #expect(error.column == 1)
        #expect(error.snippet == "for i in range(3):")
        #expect(
            error.description == "pyautogui: line 3, column 1: unsupported statement 'for i in range(3):' "
                + "— only pyautogui calls, time.sleep, terminal.run, and imports are allowed")
    }

    @Test("prose in an answer without a fence gets a hint to fence the code")
    func proseHint() throws {
        let error = try #require(parseError(pyautogui, "I will click the OK button.\npyautogui.click(5, 5)"))
        #expect(error.message.hasPrefix("unsupported statement 'I will click the OK button.'"))
        #expect(error.message.hasSuffix("put the code in a ```python block and prose outside it)"))
        let fenced = try #require(parseError(pyautogui, "Prose.\n```python\nLet me think\n```"))
        #expect(fenced.line == 3)
        #expect(!fenced.message.contains("```python block"))
    }

    @Test("lines are counted in the whole answer, not in the fenced block")
    func linesInAnswer() throws {
        let answer = "I will type the name.\n\n```python\npyautogui.click(10, 10)\n    x = 5\n```"
        let error = try #require(parseError(pyautogui, answer))
        #expect(error.line == 5)
        #expect(error.column == 5)
        #expect(error.message == "unsupported statement 'x = 5' — only pyautogui calls, time.sleep, terminal.run, and imports are allowed")
    }

    @Test(
        "statements outside the subset",
        arguments: [
            ("x = 100", "unsupported statement 'x = 100'", 1),
            ("pyautogui.FAILSAFE = False", "unsupported statement 'pyautogui.FAILSAFE = False'", 1),
            ("print('hello')", "unsupported statement 'print('hello')'", 1),
            ("if True:\n    pyautogui.click()", "unsupported statement 'if True:'", 1),
            ("pyautogui.click(1, 2) + 1", "unsupported statement 'pyautogui.click(1, 2) + 1'", 1),
            ("with pyautogui.hold('shift'):", "unsupported statement 'with pyautogui.hold('shift'):'", 1),
            ("pyautogui.click", "unsupported statement 'pyautogui.click'", 1),
            ("pyautogui.click(1, 2); y = 3", "unsupported statement 'y = 3'", 1),
            ("Let me click the button.\npyautogui.click(1, 2)", "unsupported statement 'Let me click the button.'", 1),
        ])
    func statements(code: String, expected: String, line: Int) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.hasPrefix(expected))
        #expect(error.message.contains("only pyautogui calls, time.sleep, terminal.run, and imports are allowed"))
        #expect(error.line == line)
    }

    @Test("two calls on a line without ; are refused as one statement, without the prose hint")
    func missingSemicolon() throws {
        let error = try #require(parseError(pyautogui, "pyautogui.click(100, 200) pyautogui.click(1, 2)"))
        #expect(
            error.message == "unsupported statement 'pyautogui.click(100, 200) pyautogui.click(1, 2)' — "
                + "only pyautogui calls, time.sleep, terminal.run, and imports are allowed")
    }

    @Test("the semicolon-separated statement is located by its own column")
    func columnAfterSemicolon() throws {
        let error = try #require(parseError(pyautogui, "pyautogui.click(1, 2); y = 3"))
        #expect(error.column == 24)
    }

    @Test(
        "other modules, imports and calls",
        arguments: [
            ("import os", "unsupported import 'os' — only pyautogui and time can be imported"),
            ("import pyautogui, subprocess", "unsupported import 'subprocess' — only pyautogui and time can be imported"),
            ("import os.path", "unsupported import 'os.path' — only pyautogui and time can be imported"),
            ("import pyautogui.screenshotUtil", "unsupported import 'pyautogui.screenshotUtil'"),
            ("from pyautogui import click", "unsupported import 'from pyautogui import click'"),
            (
                "os.system('rm -rf /')",
                "unsupported call 'os.system' — only pyautogui calls, time.sleep, terminal.run, and imports are allowed"
            ),
            ("pg.click(1, 2)", "import it first: 'import pyautogui as pg'"),
            ("time.time()", "unsupported function 'time.time'; of the time module only time.sleep is supported"),
        ])
    func modules(code: String, expected: String) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected))
        #expect(error.line == 1)
    }

    @Test(
        "unknown pyautogui functions get the closest supported name",
        arguments: [
            ("pyautogui.clik(1, 2)", "unknown pyautogui function 'pyautogui.clik'; did you mean 'pyautogui.click'?"),
            ("pyautogui.double_click(1, 2)", "did you mean 'pyautogui.doubleClick'?"),
            ("pyautogui.typeWrite('a')", "did you mean 'pyautogui.typewrite'?"),
            ("pyautogui.hotKey('ctrl', 'c')", "did you mean 'pyautogui.hotkey'?"),
            ("pyautogui.frobnicate()", "supported: click, leftClick"),
        ])
    func unknownFunctions(code: String, expected: String) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected))
        #expect(error.column == 1)
    }

    @Test(
        "pyautogui functions refused with a reason",
        arguments: [
            ("pyautogui.moveRel(10, 0)", "moves relative to the pointer's current position"),
            ("pyautogui.move(10, 0)", "use pyautogui.moveTo(x, y)"),
            ("pyautogui.dragRel(10, 0)", "use pyautogui.dragTo(x, y)"),
            ("pyautogui.locateOnScreen('ok.png')", "searches the screen image"),
            ("pyautogui.screenshot()", "performs no input action"),
            ("pyautogui.hold('shift')", "context manager"),
        ])
    func refusedFunctions(code: String, expected: String) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected))
    }

    @Test(
        "argument errors name the function, the parameter and the value",
        arguments: [
            ("pyautogui.click('abc', 5)", "pyautogui.click: x must be a number, got 'abc'", 17),
            ("pyautogui.click(10, 'abc')", "pyautogui.click: y must be a number, got 'abc'", 21),
            ("pyautogui.click('button.png')", "x is an image file name ('button.png')", 17),
            ("pyautogui.click(100)", "pyautogui.click: y is missing", 17),
            ("pyautogui.click(y=100)", "pyautogui.click: x is missing", 19),
            ("pyautogui.click((1, 2), 3)", "y must not be given when x is an (x, y) tuple", 25),
            ("pyautogui.click((1, 2, 3))", "a point must have exactly 2 coordinates", 17),
            ("pyautogui.click(True, 5)", "x must be a number, got True", 17),
            ("pyautogui.click(1, 2, clicks=4)", "pyautogui.click: clicks=4 is out of range; Deskgym clicks 1, 2 or 3 times", 30),
            ("pyautogui.click(1, 2, clicks=0)", "clicks=0 is out of range", 30),
            ("pyautogui.click(1, 2, clicks=2.0)", "clicks must be an integer, got 2.0", 30),
            ("pyautogui.click(1, 2, button='up')", "button must be 'left', 'middle', 'right', 'primary' or 'secondary', got 'up'", 30),
            ("pyautogui.click(1, 2, buton='left')", "pyautogui.click: unexpected keyword argument 'buton'; did you mean 'button'?", 23),
            ("pyautogui.click(1, 2, x=3)", "pyautogui.click: got multiple values for argument 'x'", 23),
            ("pyautogui.click(1, 2, 1, 0, 'left', 0, None, None, True, 9)", "takes at most 9 positional arguments (10 given)", 58),
            ("pyautogui.click(x=1, 2)", "positional argument '2' follows a keyword argument", 22),
            ("pyautogui.click(1, 2, interval=-1)", "interval must be a non-negative number of seconds, got -1", 32),
            ("pyautogui.moveTo(1, 2, tween='fast')", "tween must be a pyautogui tweening function", 30),
            ("pyautogui.click(1, 2, _pause=1)", "_pause must be True or False, got 1", 30),
            ("pyautogui.moveTo()", "pyautogui.moveTo: needs x and y", 1),
            ("pyautogui.dragTo(button='left')", "pyautogui.dragTo: needs x and y", 1),
            ("pyautogui.scroll()", "pyautogui.scroll: missing required argument 'clicks'", 1),
            ("pyautogui.scroll('up')", "pyautogui.scroll: clicks must be a number, got 'up'", 18),
            ("pyautogui.scroll(None)", "pyautogui.scroll: clicks must be a number, got None", 18),
            ("pyautogui.write(42)", "message must be a string or a list of key names, got 42", 17),
            ("pyautogui.write()", "missing required argument 'message'", 1),
            ("pyautogui.press('enter', presses=5000)", "presses=5000 is out of range; it must be between 0 and 1000", 34),
            ("pyautogui.press(13)", "keys must be a key name string, got 13", 17),
            ("pyautogui.hotkey()", "pyautogui.hotkey: needs at least one key", 1),
            ("pyautogui.hotkey(['ctrl'], 'c')", "give the keys either as separate arguments or as one list, not both", 28),
            ("pyautogui.hotkey('ctrl', 'c', keys=1)", "unexpected keyword argument 'keys'", 31),
            ("pyautogui.keyDown()", "missing required argument 'key'", 1),
            ("time.sleep()", "time.sleep takes exactly one argument", 1),
            ("time.sleep(seconds=2)", "time.sleep takes no keyword arguments", 12),
            ("time.sleep(-1)", "time.sleep: sleep length must be non-negative, got -1", 12),
            ("time.sleep('1')", "time.sleep: seconds must be a number, got '1'", 12),
            ("pyautogui.sleep(-2)", "pyautogui.sleep: seconds must not be negative, got -2", 17),
        ])
    func arguments(code: String, expected: String, column: Int) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.line == 1)
        #expect(error.column == column, "\(error)")
    }

    @Test(
        "unknown key names are reported with the core's suggestions and the key's position",
        arguments: [
            ("pyautogui.press('entr')", "pyautogui.press: unknown key name 'entr'; did you mean 'enter'", 17),
            ("pyautogui.hotkey('ctrl', 'shfit')", "pyautogui.hotkey: unknown key name 'shfit'; did you mean 'shift'?", 26),
            ("pyautogui.typewrite(['a', 'retrun'])", "unknown key name 'retrun'; did you mean 'return'?", 27),
            ("pyautogui.keyUp('ctlr')", "pyautogui.keyUp: unknown key name 'ctlr'", 17),
            ("pyautogui.press('')", "unknown key name ''", 17),
        ])
    func unknownKeys(code: String, expected: String, column: Int) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.column == column)
    }

    @Test(
        "expressions and Python features outside the subset",
        arguments: [
            ("pyautogui.click(100 + 20, 50)", "unsupported expression '100 + 20'", 17),
            ("pyautogui.click(x, y)", "unsupported expression 'x'", 17),
            ("pyautogui.write(f'hello {name}')", "f-strings are not supported", 17),
            ("pyautogui.write(b'bytes')", "bytes literals are not supported", 17),
            ("pyautogui.write('a' * 3)", "unsupported expression ''a' * 3'", 17),
            ("pyautogui.write('x'.upper())", "unsupported expression ''x'.upper()'", 17),
            ("pyautogui.click(*point)", "argument unpacking with * or ** is not supported: '*point'", 17),
            ("pyautogui.click(pyautogui.position())", "unsupported expression 'pyautogui.position()'", 17),
            ("pyautogui.write({'a': 1})", "unsupported expression '{'a': 1}'", 17),
            ("pyautogui.click(1j, 2)", "complex number '1j' is not supported", 17),
            ("pyautogui.click(010, 2)", "leading zeros are not allowed", 17),
            ("pyautogui.click(1.2.3, 2)", "invalid number '1.2.3'", 17),
            ("pyautogui.click(1e999, 2)", "x is out of range", 17),
            ("pyautogui.click(99999999999999999999, 2)", "is too large", 17),
            ("pyautogui.write('abc)", "unterminated string literal", 17),
            ("pyautogui.write('''abc)", "unterminated triple-quoted string literal", 17),
            ("pyautogui.write('\\xZZ')", "truncated \\x escape", 17),
            ("pyautogui.write('\\ud800')", "is not a Unicode scalar", 17),
            ("pyautogui.write('\\N{BULLET}')", "named escapes are not supported", 17),
            ("pyautogui.click(1, 2", "missing ')'", 1),
            ("pyautogui.click(1 2)", "unsupported expression '1 2'", 17),
        ])
    func expressions(code: String, expected: String, column: Int) throws {
        let error = try #require(parseError(pyautogui, code))
        #expect(error.message.contains(expected), "\(error)")
        #expect(error.column == column, "\(error)")
    }

    @Test("the first problem in the answer is the one reported")
    func firstProblem() throws {
        let code = "pyautogui.click(1, 2)\npyautogui.press('nope')\nwhile True: pass"
        let error = try #require(parseError(pyautogui, code))
        #expect(error.line == 2)
        #expect(error.message.contains("unknown key name 'nope'"))
    }

    @Test("an unterminated string on one line does not hide the lines after it from the count")
    func errorAfterBadString() throws {
        let error = try #require(parseError(pyautogui, "pyautogui.click(1, 2)\n\nx = 'abc\n"))
        #expect(error.line == 3)
        #expect(error.message.hasPrefix("unsupported statement 'x = 'abc'"))
    }

    @Test("a snippet of a long statement is shortened")
    func longSnippet() throws {
        let long = "value = " + String(repeating: "1 + ", count: 40) + "1"
        let error = try #require(parseError(pyautogui, long))
        #expect(error.snippet.hasSuffix("…"))
        #expect(error.snippet.unicodeScalars.count == 80)
    }
}
