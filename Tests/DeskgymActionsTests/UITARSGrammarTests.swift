import DeskgymActions
import DeskgymCore
import Testing

private let screen = Size(width: 1920, height: 1080)
/// UI-TARS-1.0: 0–1000 of the screen.
private let v10 = UITARSGrammar(screen: screen, coordinates: .relative1000)
/// UI-TARS-1.5: pixels of the 1932x1092 image that smart_resize makes of a 1920x1080 screenshot.
private let v15 = UITARSGrammar(screen: screen, coordinates: .absolute(imageSize: Size(width: 1932, height: 1092)))

private func click(_ x: Int, _ y: Int, _ button: MouseButton = .left, count: Int = 1) -> Action {
    .click(button: button, at: point(x, y), count: count)
}

@Suite("UI-TARS grammar: model answers")
struct UITARSParsingTests {
    @Test("a UI-TARS-1.0 answer: Thought, then a click in 0–1000 coordinates")
    func relativeClick() throws {
        let answer = """
            Thought: I need to open the Files application first. The folder icon in the dock on the \
            left looks like the file manager, so I'll click it.
            Action: click(start_box='<|box_start|>(235,512)<|box_end|>')
            """
        // 235 × 1920 / 1000 = 451.2 → 451; 512 × 1080 / 1000 = 552.96 → 552 (rounded down).
        #expect(try v10.parse(answer) == [click(451, 552)])
    }

    @Test("a UI-TARS-1.5 answer: absolute pixels of the smart-resized screenshot")
    func absoluteClick() throws {
        let answer = """
            Thought: 任务栏左下角有一个终端图标，我先点击它打开终端。
            Action: click(start_box='<|box_start|>(966,546)<|box_end|>')
            """
        // 966 × 1920 / 1932 = 960 exactly; 546 × 1080 / 1092 = 540 exactly.
        #expect(try v15.parse(answer) == [click(960, 540)])
        // 100 × 1920 / 1932 = 99.37 → 99; 200 × 1080 / 1092 = 197.8 → 197.
        #expect(try v15.parse("Action: click(start_box='<|box_start|>(100,200)<|box_end|>')") == [click(99, 197)])
        let made = try UITARSGrammar.uiTARS15(screen: screen)
        #expect(made.coordinates == .absolute(imageSize: Size(width: 1932, height: 1092)))
        #expect(made.screen == screen)
    }

    @Test("the edges of the grid map to the first and last pixel")
    func edges() throws {
        #expect(try v10.parse("Action: click(start_box='(0,0)')") == [click(0, 0)])
        #expect(try v10.parse("Action: click(start_box='(1000,1000)')") == [click(1919, 1079)])
        #expect(try v10.parse("Action: click(start_box='(999,999)')") == [click(1918, 1078)])
        #expect(try v15.parse("Action: click(start_box='(1932,1092)')") == [click(1919, 1079)])
        #expect(try v15.parse("Action: click(start_box='(1931,1091)')") == [click(1919, 1079)])
        // Fractions are taken as they are: 500.5 × 1.92 = 960.96 → 960.
        #expect(try v10.parse("Action: click(start_box='(500.5,500)')") == [click(960, 540)])
    }

    @Test(
        "a box of four numbers means its centre",
        arguments: [
            "click(start_box='<|box_start|>(100,200,300,400)<|box_end|>')",
            "click(start_box='<|box_start|>(100,200),(300,400)<|box_end|>')",
            "click(start_box='<bbox>100 200 300 400</bbox>')",
            "click(start_box='[100, 200, 300, 400]')",
        ])
    func boxCentre(call: String) throws {
        // Centre (200, 300) → 200 × 1.92 = 384, 300 × 1.08 = 324.
        #expect(try v10.parse("Action: " + call) == [click(384, 324)])
    }

    @Test(
        "the point='<point>x y</point>' variant and the other box spellings",
        arguments: [
            "click(point='<point>500 500</point>')",
            "click(point='<point>500,500</point>')",
            "click(start_box='(500,500)')",
            "click(start_box='500, 500')",
            "click(start_box=\"<|box_start|>(500, 500)<|box_end|>\")",
            "left_single(start_box='<|box_start|>(500,500)<|box_end|>')",
        ])
    func pointSpellings(call: String) throws {
        #expect(try v10.parse("Action: " + call) == [click(960, 540)])
    }

    @Test(
        "every action of the desktop action space",
        arguments: [
            ("left_double(start_box='<|box_start|>(500,500)<|box_end|>')", [click(960, 540, count: 2)]),
            ("right_single(start_box='<|box_start|>(500,500)<|box_end|>')", [click(960, 540, .right)]),
            (
                "drag(start_box='<|box_start|>(100,100)<|box_end|>', end_box='<|box_start|>(900,100)<|box_end|>')",
                [.moveTo(point(192, 108)), .dragTo(point(1728, 108), button: .left)]
            ),
            (
                "drag(start_point='<point>100 100</point>', end_point='<point>900 100</point>')",
                [.moveTo(point(192, 108)), .dragTo(point(1728, 108), button: .left)]
            ),
            (
                "select(start_box='(100,100)', end_box='(900,100)')",
                [.moveTo(point(192, 108)), .dragTo(point(1728, 108), button: .left)]
            ),
            ("hotkey(key='ctrl c')", [Action.hotkey([key("ctrl"), key("c")])]),
            ("hotkey(key='ctrl shift esc')", [.hotkey([key("ctrl"), key("shift"), key("esc")])]),
            ("hotkey(key='enter')", [.hotkey([key("enter")])]),
            ("hotkey(key='arrowup')", [.hotkey([key("up")])]),
            ("hotkey(key='arrowdown')", [.hotkey([key("down")])]),
            ("hotkey(key='arrowleft')", [.hotkey([key("left")])]),
            ("hotkey(key='arrowright')", [.hotkey([key("right")])]),
            ("hotkey(key='pagedown')", [.hotkey([key("pagedown")])]),
            ("hotkey(key='space')", [.hotkey([key("space")])]),
            ("hotkey(key='Ctrl+Alt+T')", [.hotkey([key("ctrl"), key("alt"), key("t")])]),
            ("hotkey(key='ctrl T')", [.hotkey([key("ctrl"), key("t")])]),
            ("hotkey(key='T')", [.hotkey([key("T")])]),
            ("hotkey(key='cmd a')", [.hotkey([key("command"), key("a")])]),
            ("hotkey(hotkey='alt f4')", [.hotkey([key("alt"), key("f4")])]),
            ("type(content='hello world')", [.typing("hello world")]),
            ("scroll(start_box='<|box_start|>(500,500)<|box_end|>', direction='down')", [.scroll(dx: 0, dy: -5, at: point(960, 540))]),
            ("scroll(start_box='<|box_start|>(500,500)<|box_end|>', direction='up')", [.scroll(dx: 0, dy: 5, at: point(960, 540))]),
            ("scroll(point='<point>500 500</point>', direction='left')", [.scroll(dx: -5, dy: 0, at: point(960, 540))]),
            ("scroll(start_box='(500,500)', direction='Right')", [.scroll(dx: 5, dy: 0, at: point(960, 540))]),
            ("scroll(direction='down')", [.scroll(dx: 0, dy: -5, at: nil)]),
            ("wait()", [.wait(seconds: 5)]),
            ("finished()", [.done]),
            ("finished(content='The cheapest flight costs $129.')", [.done]),
            ("call_user()", [.fail]),
            ("hover(start_box='(500,500)')", [.moveTo(point(960, 540))]),
            ("press(key='enter')", [.press(key("enter"))]),
            ("press(press='esc')", [.press(key("esc"))]),
            ("keydown(key='shift')", [.keyDown(key("shift"))]),
            ("keyup(key='shift')", [.keyUp(key("shift"))]),
            ("release(key='ctrl')", [.keyUp(key("ctrl"))]),
            ("press(key=' ')", [.press(key(" "))]),
        ] as [(String, [Action])])
    func actionSpace(call: String, expected: [Action]) throws {
        #expect(try v10.parse("Thought: …\nAction: " + call) == expected)
    }

    @Test("type: a trailing \\n submits (type, then Enter); Chinese text, escapes, unescaped quotes")
    func typing() throws {
        let enter = Action.press(key("enter"))
        #expect(try v10.parse(#"Action: type(content='deskgym\n')"#) == [.typing("deskgym"), enter])
        #expect(try v10.parse(#"Action: type(content='\n')"#) == [enter])
        #expect(try v10.parse(#"Action: type(content='')"#) == [.typing("")])
        #expect(try v10.parse(#"Action: type(content='line 1\nline 2')"#) == [.typing("line 1\nline 2")])
        #expect(try v10.parse(#"Action: type(content='北京今天的天气怎么样？\n')"#) == [.typing("北京今天的天气怎么样？"), enter])
        // The prompt asks for \' and \" escapes; models follow it…
        #expect(
            try v10.parse(#"Action: type(content='He said \"hi\" and it\'s fine')"#)
                == [.typing("He said \"hi\" and it's fine")])
        // …or not: an apostrophe that does not end the argument is part of the text, as the UI-TARS
        // code takes it.
        #expect(
            try v10.parse("Action: type(content='It's Bob's file, isn't it?')")
                == [.typing("It's Bob's file, isn't it?")])
        #expect(try v10.parse("Action: type(content='print('hi')\\n')") == [.typing("print('hi')"), enter])
        // A real line break inside the string stands for \n.
        #expect(try v10.parse("Action: type(content='Dear Sir,\nThanks.')") == [.typing("Dear Sir,\nThanks.")])
        // Backslashes, tabs, \u escapes.
        #expect(try v10.parse(#"Action: type(content='C:\\Users\\me\t\u00e9')"#) == [.typing("C:\\Users\\me\té")])
    }

    @Test("several actions in one answer, separated by blank lines")
    func severalActions() throws {
        let answer = """
            Thought: 我需要在搜索框中输入"天气"并回车，然后向下滚动查看结果。
            Action: click(start_box='<|box_start|>(512,88)<|box_end|>')

            type(content='天气\\n')

            scroll(start_box='<|box_start|>(500,600)<|box_end|>', direction='down')
            """
        #expect(
            try v10.parse(answer) == [
                click(983, 95), .typing("天气"), .press(key("enter")), .scroll(dx: 0, dy: -5, at: point(960, 648)),
            ])
    }

    @Test("Reflection / Action_Summary answers")
    func reflection() throws {
        let answer = """
            Reflection: The previous click opened the wrong menu; the Save option is under File.
            Action_Summary: Click the File menu in the top-left corner.
            Action: click(start_box='<|box_start|>(18,12)<|box_end|>')
            """
        #expect(try v10.parse(answer) == [click(34, 12)])
        #expect(
            try v10.parse("Action_Summary: Save with Ctrl+S.\nAction: hotkey(key='ctrl s')")
                == [.hotkey([key("ctrl"), key("s")])])
    }

    @Test("answers in a fence, without a Thought, or with Action: inside a line")
    func layouts() throws {
        let fenced = """
            ```
            Thought: Close the dialog.
            Action: hotkey(key='esc')
            ```
            """
        #expect(try v10.parse(fenced) == [.hotkey([key("esc")])])
        #expect(try v10.parse("Action: wait()") == [.wait(seconds: 5)])
        #expect(try v10.parse("wait()") == [.wait(seconds: 5)])
        #expect(try v10.parse("```\nfinished()\n```") == [.done])
        #expect(try v10.parse("Thought: Done.\nAction:\n```python\nfinished()\n```\nThat is all.") == [.done])
        #expect(try v10.parse("Thought: All done. Action: finished(content='done')") == [.done])
        // A repeated "Action:" between calls is skipped; a fence inside a string is text.
        #expect(try v10.parse("Action: wait()\n\nAction: call_user()") == [.wait(seconds: 5), .fail])
        #expect(try v10.parse("Action: type(content='```python')") == [.typing("```python")])
    }

    @Test("Windows line breaks")
    func crlf() throws {
        let answer = "Thought: Copy it.\r\nAction: hotkey(key='ctrl c')\r\n\r\ntype(content='a\\n')\r\n"
        #expect(try v10.parse(answer) == [.hotkey([key("ctrl"), key("c")]), .typing("a"), .press(key("enter"))])
    }

    @Test("a call cut off before its ')' is read, as the UI-TARS code does")
    func truncated() throws {
        #expect(try v10.parse("Thought: Submit.\nAction: type(content='hello\\n'") == [.typing("hello"), .press(key("enter"))])
        #expect(try v10.parse("Action: click(start_box='(500,500)'") == [click(960, 540)])
    }

    @Test("settings: scroll clicks and wait seconds")
    func settings() throws {
        let custom = UITARSGrammar(screen: screen, coordinates: .relative1000, scrollClicks: 3, waitSeconds: 1)
        #expect(try custom.parse("Action: scroll(direction='up')") == [.scroll(dx: 0, dy: 3, at: nil)])
        #expect(try custom.parse("Action: wait()") == [.wait(seconds: 1)])
        #expect(UITARSGrammar().screen == screen && UITARSGrammar().coordinates == .relative1000)
        #expect(UITARSGrammar().scrollClicks == 5 && UITARSGrammar().waitSeconds == 5)
        #expect(UITARSGrammar.name == "uitars")
        let grammar: any ActionGrammar = UITARSGrammar()
        #expect(grammar.name == "uitars")
        #expect(try grammar.parse("Action: finished()") == [.done])
    }

    @Test("Deskgym's extension arguments and calls")
    func extensions() throws {
        #expect(try v10.parse("Action: click(start_box='(500,500)', button='middle', clicks='3')") == [click(960, 540, .middle, count: 3)])
        #expect(try v10.parse("Action: click()") == [.click(button: .left, at: nil, count: 1)])
        #expect(try v10.parse("Action: drag(end_box='(500,500)', button='right')") == [.dragTo(point(960, 540), button: .right)])
        #expect(
            try v10.parse("Action: mouse_down(button='right')\n\nmouse_up(start_box='(500,500)')")
                == [.mouseDown(button: .right, at: nil), .mouseUp(button: .left, at: point(960, 540))])
        #expect(try v10.parse("Action: scroll(direction='down', clicks='2')") == [.scroll(dx: 0, dy: -2, at: nil)])
        #expect(try v10.parse("Action: wait(seconds='0.5')") == [.wait(seconds: 0.5)])
        #expect(try v10.parse("Action: wait(seconds=2)") == [.wait(seconds: 2)])
    }
}

@Suite("UI-TARS grammar: errors")
struct UITARSErrorTests {
    private func message(_ grammar: UITARSGrammar, _ text: String) -> String? {
        parseError(grammar, text)?.description
    }

    @Test(
        "coordinates outside the grid are refused, naming the value",
        arguments: [
            (
                v10, "Action: click(start_box='<|box_start|>(1045,300)<|box_end|>')",
                "uitars: line 1, column 25: click: start_box x 1045 is outside the 0–1000 range of UI-TARS relative coordinates"
            ),
            (
                v10, "Action: click(start_box='(300,-5)')",
                "uitars: line 1, column 25: click: start_box y -5 is outside the 0–1000 range of UI-TARS relative coordinates"
            ),
            (
                v15, "Action: click(start_box='<|box_start|>(1940,300)<|box_end|>')",
                "uitars: line 1, column 25: click: start_box x 1940 is outside the 1932x1092 image the coordinates refer to"
            ),
            (
                v15, "Action: drag(start_box='(10,10)', end_box='(10,1100)')",
                "uitars: line 1, column 43: drag: end_box y 1100 is outside the 1932x1092 image the coordinates refer to"
            ),
            (
                v10, "Action: click(point='<point>200 1200</point>')",
                "uitars: line 1, column 21: click: point y 1200 is outside the 0–1000 range of UI-TARS relative coordinates"
            ),
        ])
    func outOfRange(grammar: UITARSGrammar, text: String, expected: String) {
        #expect(message(grammar, text) == expected)
    }

    @Test(
        "unknown actions and arguments get the closest name",
        arguments: [
            (
                "Action: clik(start_box='(1,2)')",
                "uitars: line 1, column 9: unknown action 'clik'; did you mean 'click'? (UI-TARS actions: click, left_double, right_single, drag, hotkey, type, scroll, wait, finished, call_user, run_command)"
            ),
            (
                "Action: open_app(app_name='Files')",
                "uitars: line 1, column 9: unknown action 'open_app' (UI-TARS actions: click, left_double, right_single, drag, hotkey, type, scroll, wait, finished, call_user, run_command)"
            ),
            (
                "Action: click(start_bx='(1,2)')",
                "uitars: line 1, column 15: click: unknown argument 'start_bx'; did you mean 'start_box'?"
            ),
            (
                "Action: type(text='hello')",
                "uitars: line 1, column 14: type: unknown argument 'text'; it takes 'content'"
            ),
            (
                "Action: call_user(content='help')",
                "uitars: line 1, column 19: call_user: unknown argument 'content'; call_user() takes no arguments"
            ),
            (
                "Action: click(point='(1,2)', start_box='(1,2)')",
                "uitars: line 1, column 30: click: 'point' and 'start_box' are the same argument; give one of them"
            ),
            (
                "Action: click(start_box='(1,2)', start_box='(1,2)')",
                "uitars: line 1, column 34: click: argument 'start_box' is given twice"
            ),
        ])
    func unknownNames(text: String, expected: String) {
        #expect(message(v10, text) == expected)
    }

    @Test(
        "missing and malformed arguments name the argument",
        arguments: [
            ("Action: drag(start_box='(1,2)')", "uitars: line 1, column 9: drag: missing argument 'end_box'"),
            ("Action: type()", "uitars: line 1, column 9: type: missing argument 'content'"),
            ("Action: hotkey()", "uitars: line 1, column 9: hotkey: missing argument 'key'"),
            ("Action: scroll(start_box='(1,2)')", "uitars: line 1, column 9: scroll: missing argument 'direction'"),
            (
                "Action: scroll(direction='sideways')",
                "uitars: line 1, column 26: scroll: direction must be 'up', 'down', 'left' or 'right', got 'sideways'"
            ),
            (
                "Action: click(start_box='(1,2,3)')",
                "uitars: line 1, column 25: click: start_box must be a point '<|box_start|>(x,y)<|box_end|>' (or '<point>x y</point>') or a box (x1,y1,x2,y2), got '(1,2,3)'"
            ),
            (
                "Action: click(start_box='the OK button')",
                "uitars: line 1, column 25: click: start_box must be a point '<|box_start|>(x,y)<|box_end|>' (or '<point>x y</point>') or a box (x1,y1,x2,y2), got 'the OK button'"
            ),
            (
                "Action: hotkey(key='ctrll c')",
                "uitars: line 1, column 20: hotkey: key has an unknown key name 'ctrll'; did you mean 'ctrl'?"
            ),
            ("Action: hotkey(key='  ')", "uitars: line 1, column 20: hotkey: key must name at least one key, got '  '"),
            (
                "Action: press(key='ctrl c')",
                "uitars: line 1, column 19: press: key must name one key, got 'ctrl c'; use hotkey(key='…') for a combination"
            ),
            (
                "Action: click(start_box='(1,2)', clicks='4')",
                "uitars: line 1, column 41: click: clicks must be a whole number from 1 to 3, got '4'"
            ),
            (
                "Action: click(start_box='(1,2)', button='primary')",
                "uitars: line 1, column 41: click: button must be 'left', 'right' or 'middle', got 'primary'"
            ),
            (
                "Action: wait(seconds='soon')",
                "uitars: line 1, column 22: wait: seconds must be a number of seconds, at least 0, got 'soon'"
            ),
            (
                "Action: click(start_box=(1,2))",
                "uitars: line 1, column 25: click: the value of 'start_box' must be a quoted string, such as start_box='…', found '(1,2))'"
            ),
            (
                "Action: click('(1,2)')",
                "uitars: line 1, column 15: click: arguments are written name='value' (such as start_box='<|box_start|>(x1,y1)<|box_end|>'), not by position"
            ),
        ])
    func arguments(text: String, expected: String) {
        #expect(message(v10, text) == expected)
    }

    @Test(
        "text that is not an action is refused",
        arguments: [
            ("", "uitars: empty action text"),
            ("  \n ", "uitars: empty action text"),
            (
                "Thought: I should click the button.",
                "uitars: line 1, column 1: no 'Action:' found after 'Thought:': a UI-TARS answer ends with 'Action: ' and the action, such as click(start_box='<|box_start|>(x1,y1)<|box_end|>')"
            ),
            (
                "Action: ",
                "uitars: no action found: expected 'Action: ' and a call such as click(start_box='<|box_start|>(x1,y1)<|box_end|>')"
            ),
            (
                "Action: I will click the OK button",
                "uitars: line 1, column 9: expected an action such as click(start_box='<|box_start|>(x1,y1)<|box_end|>'), found 'I will click the OK button'"
            ),
            (
                "Action: click(start_box='(1,2)') and then wait",
                "uitars: line 1, column 34: unexpected 'and then wait' after the action click(…); write each action on a line of its own"
            ),
            (
                "Action: click(start_box='(1,2)' wait()",
                "uitars: line 1, column 33: click: expected ',' or ')' after the argument 'start_box', found 'wait()'"
            ),
            ("Action: type(content='unterminated", "uitars: line 1, column 22: the string opened here is not closed (missing ')"),
            ("Action: click(", "uitars: line 1, column 9: the call 'click(' is not closed"),
            ("Action: click(start_box '(1,2)')", "uitars: line 1, column 15: click: expected '=' after the argument name 'start_box'"),
            (
                "DONE",
                "uitars: line 1, column 1: expected an action such as click(start_box='<|box_start|>(x1,y1)<|box_end|>'), found 'DONE'"
            ),
        ])
    func notActions(text: String, expected: String) {
        #expect(message(v10, text) == expected)
    }

    @Test("an error points into the whole answer, past the Thought")
    func position() throws {
        let error = try #require(parseError(v10, "Thought: 好的。\n\nAction: hotkey(key='ctrl c')\n\nclik(start_box='(1,2)')"))
        #expect(error.line == 5 && error.column == 1)
        #expect(error.snippet == "clik")
        #expect(error.grammar == "uitars")
    }
}

/// What UI-TARS text reads back for `action` (UI-TARS has one word where `Action` has two).
private func uitarsReading(of action: Action) -> [Action] {
    switch action {
    case .rightClick(let at): [.click(button: .right, at: at, count: 1)]
    case .doubleClick(let at): [.click(button: .left, at: at, count: 2)]
    case .scroll(let dx, let dy, let at) where dx != 0 && dy != 0:
        [.scroll(dx: 0, dy: dy, at: at), .scroll(dx: dx, dy: 0, at: at)]
    case .typing(let text) where text.hasSuffix("\n"):
        (text == "\n" ? [] : [.typing(String(text.dropLast()))]) + [.press(key("enter"))]
    case .hotkey(let keys):
        [.hotkey(keys.map { [" ": key("space"), "\t": key("tab"), "\n": key("enter"), "\r": key("enter")][$0.name] ?? $0 })]
    default: [action]
    }
}

@Suite("UI-TARS grammar: format")
struct UITARSFormatTests {
    @Test("format writes what UI-TARS writes")
    func text() {
        let actions: [Action] = [
            click(960, 540), .moveTo(point(192, 108)), .dragTo(point(1728, 108), button: .left),
            .typing("it's \"here\""), .press(key("enter")), .hotkey([key("ctrl"), key("c")]),
            .scroll(dx: 0, dy: -5, at: point(960, 540)), .wait(seconds: 5), .done,
        ]
        #expect(
            v10.format(actions) == """
                Action: click(start_box='<|box_start|>(500,500)<|box_end|>')

                drag(start_box='<|box_start|>(100,100)<|box_end|>', end_box='<|box_start|>(900,100)<|box_end|>')

                type(content='it\\'s "here"\\n')

                hotkey(key='ctrl c')

                scroll(start_box='<|box_start|>(500,500)<|box_end|>', direction='down')

                wait()

                finished()
                """)
        #expect(
            v15.format([click(960, 540), .fail]) == """
                Action: click(start_box='<|box_start|>(967,547)<|box_end|>')

                call_user()
                """)
        #expect(v10.format([]) == "")
    }

    @Test("what UI-TARS cannot say is written with the extensions")
    func extensions() {
        #expect(v10.format([.click(button: .middle, at: nil, count: 3)]) == "Action: click(button='middle', clicks='3')")
        #expect(
            v10.format([.dragTo(point(960, 540), button: .right)])
                == "Action: drag(end_box='<|box_start|>(500,500)<|box_end|>', button='right')")
        #expect(
            v10.format([.scroll(dx: 2, dy: 0, at: nil), .wait(seconds: 0.5), .mouseDown(button: .right, at: nil)])
                == "Action: scroll(direction='right', clicks='2')\n\nwait(seconds='0.5')\n\nmouse_down(button='right')")
        #expect(v10.format([.press(key(" ")), .keyDown(key("'"))]) == "Action: press(key=' ')\n\nkeydown(key='\\'')")
    }

    @Test("a capital letter in a combination is written as shift and the letter")
    func capitals() throws {
        let text = v10.format([.hotkey([key("ctrl"), key("A")])])
        #expect(text == "Action: hotkey(key='ctrl shift a')")
        #expect(try v10.parse(text) == [.hotkey([key("ctrl"), key("shift"), key("a")])])
        #expect(v10.format([.hotkey([key("shift"), key("A")])]) == "Action: hotkey(key='shift a')")
        #expect(v10.format([.hotkey([key("A")])]) == "Action: hotkey(key='A')")
    }

    @Test("UI-TARS-1.5 on a 1920x1080 screen (1932x1092 grid): every action reads back exactly", arguments: everyAction)
    func roundTripExact(action: Action) throws {
        let text = v15.format([action])
        #expect(try v15.parse(text) == uitarsReading(of: action), "\(text)")
    }

    @Test("all actions at once, and the pairs format joins")
    func roundTripAll() throws {
        #expect(try v15.parse(v15.format(everyAction)) == everyAction.flatMap(uitarsReading(of:)))
        let pairs: [Action] = [
            .moveTo(point(10, 20)), .dragTo(point(30, 40), button: .middle),
            .typing("北京"), .press(key("enter")), .typing(""), .press(key("enter")),
        ]
        let text = v15.format(pairs)
        #expect(text.components(separatedBy: "\n\n").count == 4)
        #expect(try v15.parse(text) == pairs)
    }

    @Test("UI-TARS-1.0 on a screen no wider than 1000 pixels reads back exactly")
    func relativeExact() throws {
        let small = UITARSGrammar(screen: Size(width: 1000, height: 800), coordinates: .relative1000)
        for x in [0, 1, 499, 500, 998, 999] {
            for y in [0, 1, 399, 799] {
                let action = click(x, y)
                #expect(try small.parse(small.format([action])) == [action])
            }
        }
    }

    @Test("UI-TARS-1.0 on a 1920x1080 screen reads back within one pixel, whole numbers as the model writes")
    func relativeWithinOnePixel() throws {
        for x in stride(from: 0, to: 1920, by: 7) {
            let y = (x * 7) % 1080
            let text = v10.format([.moveTo(point(x, y))])
            #expect(!text.contains("."))
            let back = try #require(try v10.parse(text).first?.points.first)
            #expect(abs(back.x - x) <= 1 && abs(back.y - y) <= 1, "\(x),\(y) → \(text) → \(back)")
        }
    }
}
