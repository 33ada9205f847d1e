import DeskgymActions
import DeskgymCore
import Testing

@Suite("grammar lookup")
struct ActionGrammarsTests {
    @Test(
        "grammars are found by name, in any case, with - for _",
        arguments: [
            ("pyautogui", "pyautogui"), ("PyAutoGUI", "pyautogui"), ("computer_13", "computer_13"),
            ("computer-13", "computer_13"), ("COMPUTER_13", "computer_13"),
        ])
    func lookup(name: String, expected: String) throws {
        #expect(try ActionGrammars.named(name).name == expected)
    }

    @Test("an unknown name lists the known ones")
    func unknown() throws {
        let error = try #require(throws: UnknownGrammarError.self) { try ActionGrammars.named("ui-tars") }
        #expect(
            error.knownNames == ["pyautogui", "computer_13", "uitars", "qwen_computer_use", "anthropic_computer", "openai_computer_use"])
        #expect(
            error.description
                == "unknown action grammar 'ui-tars'; known grammars: 'pyautogui', 'computer_13', 'uitars', 'qwen_computer_use', 'anthropic_computer', 'openai_computer_use'"
        )
    }

    @Test("a grammar found by name parses like the concrete type")
    func dynamicUse() throws {
        let grammar = try ActionGrammars.named("computer_13")
        #expect(try grammar.parse("DONE") == [.done])
        #expect(PyAutoGUIGrammar.name == "pyautogui" && Computer13Grammar.name == "computer_13")
    }

    @Test("parsed actions pass the core's validation on a screen that holds them")
    func validatesAfterParsing() throws {
        let actions = try pyautogui.parse("pyautogui.click(1919, 1079)\npyautogui.click(1920, 10)")
        let screen = Size(width: 1920, height: 1080)
        #expect(throws: Never.self) { try actions[0].validate(on: screen) }
        #expect(throws: ActionError.self) { try actions[1].validate(on: screen) }
    }
}

/// `ActionGrammars.configured`: one rule for what a model's numbers mean, for the agents and the server.
@Suite("grammars set up for a screen and the image the model saw")
struct ConfiguredGrammarTests {
    let screen = Size(width: 1920, height: 1080)
    let image = Size(width: 960, height: 540)

    func click(_ x: Int, _ y: Int) -> Action { .click(button: .left, at: Point(x: x, y: y), count: 1) }

    @Test("each grammar reads the centre of a half-size image as the centre of the screen")
    func halfSizeImage() throws {
        let answers: [(String, String)] = [
            ("pyautogui", "pyautogui.click(480, 270)"),
            ("computer_13", #"{"action_type": "CLICK", "x": 480, "y": 270}"#),
            (
                "anthropic_computer",
                #"{"type": "tool_use", "id": "t1", "name": "computer", "input": {"action": "left_click", "coordinate": [480, 270]}}"#
            ),
            (
                "openai_computer_use",
                #"{"type": "computer_call", "id": "c1", "call_id": "k1", "action": {"type": "click", "button": "left", "x": 480, "y": 270}}"#
            ),
            // The grids do not depend on the image: 500 of 1000 is the middle.
            ("uitars", "Action: click(start_box='(500,500)')"),
        ]
        for (name, answer) in answers {
            let grammar = try ActionGrammars.configured(name, screen: screen, image: image)
            #expect(try grammar.parse(answer) == [click(960, 540)], "\(name)")
        }
        let unscaled = try ActionGrammars.configured("pyautogui", screen: screen)
        #expect(try unscaled.parse("pyautogui.click(480, 270)") == [click(480, 270)], "no image: screen pixels")
    }

    @Test("smart-resized UI-TARS and Qwen read pixels of the image their server resized: 960x540 becomes 952x532")
    func smartResized() throws {
        let uiTARS = try ActionGrammars.configured("uitars", screen: screen, image: image, smartResized: true)
        #expect(try uiTARS.parse("Action: click(start_box='(476,266)')") == [click(960, 540)])
        let qwen = try ActionGrammars.configured("qwen_computer_use", screen: screen, image: image, smartResized: true)
        let call = #"<tool_call>{"name": "computer_use", "arguments": {"action": "left_click", "coordinate": [476, 266]}}</tool_call>"#
        #expect(try qwen.parse(call) == [click(960, 540)])
        let full = try ActionGrammars.configured("uitars", screen: screen, smartResized: true)
        #expect(try full.parse("Action: click(start_box='(966,546)')") == [click(960, 540)], "1920x1080 resizes to 1932x1092")
    }

    @Test("an unknown name and an image the resize rule refuses are errors")
    func errors() throws {
        #expect(throws: UnknownGrammarError.self) { try ActionGrammars.configured("ui-tars-2", screen: screen) }
        #expect(throws: SmartResizeError.self) {
            try ActionGrammars.configured("uitars", screen: screen, image: Size(width: 20000, height: 10), smartResized: true)
        }
    }
}
