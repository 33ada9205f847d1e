import DeskgymActions
import DeskgymCore
import Testing

@Suite("pyautogui grammar: reading answers")
struct PyAutoGUIParsingTests {
    @Test("an OSWorld-style answer: prose, a fenced block, imports, keyword arguments, sleeps")
    func realisticAnswer() throws {
        let answer = """
            To open the terminal I will click the Activities button, search for it and press Enter.

            ```python
            import pyautogui
            import time

            pyautogui.click(x=35, y=15)  # Activities
            time.sleep(0.5)
            pyautogui.typewrite('terminal', interval=0.1)
            pyautogui.press('enter')
            ```

            After that the terminal window should be open.
            """
        #expect(
            try pyautogui.parse(answer) == [
                .click(button: .left, at: point(35, 15), count: 1),
                .wait(seconds: 0.5),
                .typing("terminal"),
                .press(key("enter")),
            ])
    }

    @Test("several fenced blocks are read in order, and DONE under the last block counts")
    func severalBlocksAndDone() throws {
        let answer = """
            First select everything:
            ```python
            pyautogui.hotkey('ctrl', 'a')
            ```
            Then copy it:
            ```
            pyautogui.hotkey(['ctrl', 'c'])
            ```
            DONE
            """
        #expect(
            try pyautogui.parse(answer) == [
                .hotkey([key("ctrl"), key("a")]), .hotkey([key("ctrl"), key("c")]), .done,
            ])
    }

    @Test("a block whose last line is DONE, and an inline ```DONE``` block")
    func bareWordsInBlocks() throws {
        #expect(try pyautogui.parse("```python\npyautogui.press('f5')\nDONE\n```") == [.press(key("f5")), .done])
        #expect(try pyautogui.parse("The task is finished.\n```DONE```") == [.done])
        #expect(try pyautogui.parse("```\nFAIL\n```") == [.fail])
    }

    @Test("a fence cut off at the end of the answer is read to the end")
    func unclosedFence() throws {
        let answer = "I'll press Enter.\n```python\npyautogui.press('enter')\n"
        #expect(try pyautogui.parse(answer) == [.press(key("enter"))])
    }

    @Test("an import alias holds within its own block only, as each block runs alone in OSWorld")
    func aliasPerBlock() throws {
        let answer = "```python\nimport pyautogui as pg\npg.press('a')\n```\n```python\npg.press('b')\n```"
        let error = try #require(parseError(pyautogui, answer))
        #expect(error.line == 6)
        #expect(error.message.contains("'import pyautogui as pg'"))
    }

    @Test(
        "bare words as the whole answer, in any case",
        arguments: [
            ("WAIT", Action.wait(seconds: 2)), ("DONE", .done), ("FAIL", .fail),
            ("  done\n", .done), ("Fail", .fail), ("wait", .wait(seconds: 2)),
        ])
    func bareWords(text: String, expected: Action) throws {
        #expect(try pyautogui.parse(text) == [expected])
    }

    @Test("WAIT waits as long as the grammar is configured to")
    func configuredWait() throws {
        #expect(try PyAutoGUIGrammar(waitSeconds: 5).parse("WAIT") == [.wait(seconds: 5)])
        #expect(ActionGrammars.defaultWaitSeconds == 2)
    }

    @Test("code without a fence is read as a whole, with ; between calls")
    func unfencedCode() throws {
        let code = "pyautogui.moveTo(100, 200); pyautogui.click()\npyautogui.scroll(-3)"
        #expect(
            try pyautogui.parse(code) == [
                .moveTo(point(100, 200)), .click(button: .left, at: nil, count: 1), .scroll(dx: 0, dy: -3, at: nil),
            ])
    }

    @Test(
        "an import alias is honoured",
        arguments: [
            "import pyautogui as pg\npg.click(10, 20)",
            "import time, pyautogui as gui\ngui.click(10, 20)",
            "import pyautogui as pg\npyautogui.click(10, 20)",
        ])
    func aliases(code: String) throws {
        #expect(try pyautogui.parse(code) == [.click(button: .left, at: point(10, 20), count: 1)])
    }

    @Test("time imported under an alias sleeps too")
    func timeAlias() throws {
        #expect(try pyautogui.parse("import time as t\nt.sleep(3)") == [.wait(seconds: 3)])
        #expect(try pyautogui.parse("pyautogui.sleep(1.5)") == [.wait(seconds: 1.5)])
    }

    @Test(
        "click and its variants",
        arguments: [
            ("pyautogui.click(100, 200)", Action.click(button: .left, at: point(100, 200), count: 1)),
            ("pyautogui.click((100, 200))", .click(button: .left, at: point(100, 200), count: 1)),
            ("pyautogui.click([100, 200], button='right')", .click(button: .right, at: point(100, 200), count: 1)),
            (
                "pyautogui.click(x=1, y=2, clicks=2, interval=0.25, button='middle', duration=0.5)",
                .click(button: .middle, at: point(1, 2), count: 2)
            ),
            ("pyautogui.click(1, 2, 3, 0.0, 'RIGHT')", .click(button: .right, at: point(1, 2), count: 3)),
            ("pyautogui.click(button='secondary')", .click(button: .right, at: nil, count: 1)),
            ("pyautogui.click(None, None, button='primary')", .click(button: .left, at: nil, count: 1)),
            ("pyautogui.leftClick(5, 6)", .click(button: .left, at: point(5, 6), count: 1)),
            ("pyautogui.rightClick(5, 6)", .click(button: .right, at: point(5, 6), count: 1)),
            ("pyautogui.rightClick()", .click(button: .right, at: nil, count: 1)),
            ("pyautogui.middleClick(x=5, y=6)", .click(button: .middle, at: point(5, 6), count: 1)),
            ("pyautogui.doubleClick(5, 6)", .click(button: .left, at: point(5, 6), count: 2)),
            ("pyautogui.doubleClick(5, 6, button='right')", .click(button: .right, at: point(5, 6), count: 2)),
            ("pyautogui.tripleClick(x=5, y=6)", .click(button: .left, at: point(5, 6), count: 3)),
            (
                "pyautogui.click(x=10, y=20, duration=1, tween=pyautogui.easeInOutQuad)",
                .click(button: .left, at: point(10, 20), count: 1)
            ),
            (
                "pyautogui.click(10, 20, logScreenshot=False, _pause=True)",
                .click(button: .left, at: point(10, 20), count: 1)
            ),
        ])
    func clicks(code: String, expected: Action) throws {
        #expect(try pyautogui.parse(code) == [expected])
    }

    @Test(
        "floats are truncated toward zero, as pyautogui's int() does",
        arguments: [
            ("pyautogui.click(100.9, 200.2)", point(100, 200)),
            ("pyautogui.click(x=0.5, y=1e2)", point(0, 100)),
            ("pyautogui.click(-3.7, .9)", point(-3, 0)),
            ("pyautogui.click(1_000, 0x10)", point(1000, 16)),
            ("pyautogui.click(+7, (8))", point(7, 8)),
        ])
    func coordinates(code: String, expected: Point) throws {
        #expect(try pyautogui.parse(code) == [.click(button: .left, at: expected, count: 1)])
    }

    @Test(
        "pointer moves, drags and buttons",
        arguments: [
            ("pyautogui.moveTo(300, 400)", [Action.moveTo(point(300, 400))]),
            ("pyautogui.moveTo(300, 400, duration=0.5)", [.moveTo(point(300, 400))]),
            ("pyautogui.moveTo(300, 400, 1.0, pyautogui.linear)", [.moveTo(point(300, 400))]),
            ("pyautogui.moveTo((300, 400), duration=1.0)", [.moveTo(point(300, 400))]),
            ("pyautogui.dragTo(500, 600, duration=1.0, button='left')", [.dragTo(point(500, 600), button: .left)]),
            ("pyautogui.dragTo(500, 600, 0.5, button='right')", [.dragTo(point(500, 600), button: .right)]),
            ("pyautogui.dragTo(500, 600, mouseDownUp=False)", [.moveTo(point(500, 600))]),
            ("pyautogui.mouseDown()", [.mouseDown(button: .left, at: nil)]),
            ("pyautogui.mouseDown(10, 20, button='right')", [.mouseDown(button: .right, at: point(10, 20))]),
            ("pyautogui.mouseUp(x=10, y=20)", [.mouseUp(button: .left, at: point(10, 20))]),
            ("pyautogui.mouseUp(button='middle')", [.mouseUp(button: .middle, at: nil)]),
        ])
    func pointer(code: String, expected: [Action]) throws {
        #expect(try pyautogui.parse(code) == expected)
    }

    @Test(
        "scrolling: scroll and vscroll are vertical, hscroll horizontal",
        arguments: [
            ("pyautogui.scroll(5)", Action.scroll(dx: 0, dy: 5, at: nil)),
            ("pyautogui.scroll(-10, 500, 300)", .scroll(dx: 0, dy: -10, at: point(500, 300))),
            ("pyautogui.scroll(clicks=-2, x=(1, 2))", .scroll(dx: 0, dy: -2, at: point(1, 2))),
            ("pyautogui.vscroll(3, x=10, y=20)", .scroll(dx: 0, dy: 3, at: point(10, 20))),
            ("pyautogui.hscroll(-4)", .scroll(dx: -4, dy: 0, at: nil)),
            ("pyautogui.scroll(2.9)", .scroll(dx: 0, dy: 2, at: nil)),
        ])
    func scrolling(code: String, expected: Action) throws {
        #expect(try pyautogui.parse(code) == [expected])
    }

    @Test(
        "typing text and key lists",
        arguments: [
            ("pyautogui.write('Hello, world!')", [Action.typing("Hello, world!")]),
            ("pyautogui.typewrite(message='abc', interval=0.05)", [.typing("abc")]),
            ("pyautogui.typewrite(['a', 'b', 'enter'])", [.press(key("a")), .press(key("b")), .press(key("enter"))]),
            ("pyautogui.write(('tab', 'Tab'))", [.press(key("tab")), .press(key("tab"))]),
            ("pyautogui.write('')", [.typing("")]),
        ])
    func typing(code: String, expected: [Action]) throws {
        #expect(try pyautogui.parse(code) == expected)
    }

    @Test(
        "Python string literals: quotes, escapes, raw strings, concatenation, Unicode",
        arguments: [
            (#"pyautogui.write("double")"#, "double"),
            (#"pyautogui.write('it\'s')"#, "it's"),
            (#"pyautogui.write("say \"hi\"")"#, #"say "hi""#),
            (#"pyautogui.write('line1\nline2\ttab\\')"#, "line1\nline2\ttab\\"),
            (#"pyautogui.write('\u00e9\x41\101\U0001F600')"#, "éAA😀"),
            (#"pyautogui.write(r'C:\new\table')"#, #"C:\new\table"#),
            (#"pyautogui.write(R"a\"b")"#, #"a\"b"#),
            (#"pyautogui.write(u'unicode')"#, "unicode"),
            (#"pyautogui.write('abc' "def" 'ghi')"#, "abcdefghi"),
            (#"pyautogui.write('café 中文 😀')"#, "café 中文 😀"),
            (#"pyautogui.write('e\u0301')"#, "e\u{301}"),
            ("pyautogui.write('e\u{301}')", "e\u{301}"),
            ("pyautogui.write('\u{301}x')", "\u{301}x"),
            (#"pyautogui.write('unknown \d escape')"#, #"unknown \d escape"#),
            ("pyautogui.write('''multi\nline''')", "multi\nline"),
            ("pyautogui.write(\"\"\"has ' and \" inside\"\"\")", "has ' and \" inside"),
            ("pyautogui.write('joined \\\nline')", "joined line"),
            ("pyautogui.write(\n    'inside brackets'\n)", "inside brackets"),
        ])
    func stringLiterals(code: String, expected: String) throws {
        #expect(try pyautogui.parse(code) == [.typing(expected)])
    }

    @Test(
        "press, with repetitions and lists, in the order pyautogui presses them",
        arguments: [
            ("pyautogui.press('enter')", [Action.press(key("enter"))]),
            ("pyautogui.press('Enter')", [.press(key("enter"))]),
            ("pyautogui.press('A')", [.press(key("A"))]),
            ("pyautogui.press('enter', presses=3)", Array(repeating: .press(key("enter")), count: 3)),
            (
                "pyautogui.press(['left', 'up'], 2, 0.1)",
                [.press(key("left")), .press(key("up")), .press(key("left")), .press(key("up"))]
            ),
            ("pyautogui.press('backspace', presses=0)\npyautogui.press('a')", [.press(key("a"))]),
            ("pyautogui.press('arrowleft')", [.press(key("left"))]),
            ("pyautogui.press('\\n')", [.press(key("\n"))]),
        ])
    func press(code: String, expected: [Action]) throws {
        #expect(try pyautogui.parse(code) == expected)
    }

    @Test(
        "hotkeys, keys held down and released",
        arguments: [
            ("pyautogui.hotkey('ctrl', 'shift', 'esc')", [Action.hotkey([key("ctrl"), key("shift"), key("esc")])]),
            ("pyautogui.hotkey(['ctrl', 'c'])", [.hotkey([key("ctrl"), key("c")])]),
            ("pyautogui.hotkey(('alt', 'f4'), interval=0.1)", [.hotkey([key("alt"), key("f4")])]),
            ("pyautogui.shortcut('Control', 'V')", [.hotkey([key("ctrl"), key("V")])]),
            (
                "pyautogui.keyDown('shift'); pyautogui.press('tab'); pyautogui.keyUp('shift')",
                [.keyDown(key("shift")), .press(key("tab")), .keyUp(key("shift"))]
            ),
            ("pyautogui.keyDown(key='cmd')", [.keyDown(key("command"))]),
        ])
    func keys(code: String, expected: [Action]) throws {
        #expect(try pyautogui.parse(code) == expected)
    }

    @Test("comments, blank lines, indentation, Windows line breaks and trailing semicolons are fine")
    func layout() throws {
        let code = "  # setup\r\n\r\n    pyautogui.click(1, 2)  # indented block\r\n  pyautogui.press('tab');\r\n"
        #expect(try pyautogui.parse(code) == [.click(button: .left, at: point(1, 2), count: 1), .press(key("tab"))])
    }

    @Test("a call split over lines inside its parentheses")
    func multilineCall() throws {
        let code = """
            pyautogui.click(
                x=640,   # centre
                y=360,
                button='left',
            )
            """
        #expect(try pyautogui.parse(code) == [.click(button: .left, at: point(640, 360), count: 1)])
    }

    @Test(
        "terminal.run is a shell command, with its time-out positional or by keyword",
        arguments: [
            (#"terminal.run("ls -la")"#, Action.runCommand(ShellCommand("ls -la"))),
            (#"terminal.run('make test', 120)"#, .runCommand(ShellCommand("make test", timeoutSeconds: 120))),
            (
                #"terminal.run(command="echo 'hi' > ~/a.txt", timeout=2.5)"#,
                .runCommand(ShellCommand("echo 'hi' > ~/a.txt", timeoutSeconds: 2.5))
            ),
            (#"terminal.run("sleep 1", timeout=None)"#, .runCommand(ShellCommand("sleep 1"))),
        ])
    func terminalRun(code: String, expected: Action) throws {
        #expect(try PyAutoGUIGrammar().parse(code) == [expected])
    }

    @Test("terminal.run between GUI calls keeps the order")
    func terminalRunInOrder() throws {
        let actions = try PyAutoGUIGrammar().parse("pyautogui.click(5, 5)\nterminal.run('ls')\npyautogui.press('enter')")
        #expect(actions == [.click(button: .left, at: point(5, 5), count: 1), .runCommand(ShellCommand("ls")), .press(key("enter"))])
    }

    @Test(
        "terminal.run refuses what it cannot run, naming the problem",
        arguments: [
            (#"terminal.run()"#, "needs the command"),
            (#"terminal.run(5)"#, "command must be a string"),
            (#"terminal.run("  ")"#, "the command is empty"),
            (#"terminal.run("ls", timeout=0)"#, "timeout must be a number of seconds above 0"),
            (#"terminal.run("ls", timeout="5")"#, "timeout must be"),
            (#"terminal.run("ls", cwd="/")"#, "has no parameter 'cwd'"),
            (#"terminal.run("ls", 1, 2)"#, "at most 2 positional"),
            (#"terminal.exec("ls")"#, "unsupported function 'terminal.exec'"),
        ])
    func terminalRunErrors(code: String, expected: String) {
        #expect {
            _ = try PyAutoGUIGrammar().parse(code)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }
}
