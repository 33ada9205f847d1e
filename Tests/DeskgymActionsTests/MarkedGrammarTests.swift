import DeskgymCore
import Testing

@testable import DeskgymActions

/// Set-of-marks references in answers: `tag_N` in pyautogui code, `"mark": N` in computer_13.
@Suite struct MarkedGrammarTests {
    static let centres = [1: Point(x: 100, y: 200), 2: Point(x: 640, y: 360), 12: Point(x: 5, y: 6)]

    @Test func pyautoguiTagsStandForTheMarksCentres() throws {
        let grammar = MarkedGrammar(base: PyAutoGUIGrammar(), centres: Self.centres)
        #expect(try grammar.parse("pyautogui.click(tag_2)") == [.click(button: .left, at: Point(x: 640, y: 360), count: 1)])
        let plain = PyAutoGUIGrammar()
        #expect(try grammar.parse("pyautogui.doubleClick(tag_1)") == plain.parse("pyautogui.doubleClick(100, 200)"))
        #expect(try grammar.parse("pyautogui.rightClick(tag_12)") == plain.parse("pyautogui.rightClick(5, 6)"))
        let drag = try grammar.parse("pyautogui.moveTo(tag_1)\npyautogui.dragTo(tag_2, button='left')")
        #expect(drag == [.moveTo(Point(x: 100, y: 200)), .dragTo(Point(x: 640, y: 360), button: .left)])
        // Typing into mark N: click it, then type.
        let typing = try grammar.parse("pyautogui.click(tag_1); pyautogui.write('tag_2 and \"tag_1\"')")
        #expect(typing == [.click(button: .left, at: Point(x: 100, y: 200), count: 1), .typing("tag_2 and \"tag_1\"")])
        #expect(grammar.name == "pyautogui")
    }

    @Test func aMarkTheObservationDoesNotHaveIsTheAgentsError() throws {
        let grammar = MarkedGrammar(base: PyAutoGUIGrammar(), centres: Self.centres)
        let error = #expect(throws: ActionParseError.self) { try grammar.parse("pyautogui.press('a')\npyautogui.click(tag_7)") }
        #expect(error?.message == "mark 7 does not exist: the last observation has marks 1 to 12")
        #expect(error?.line == 2 && error?.column == 17 && error?.snippet == "tag_7")
        let none = MarkedGrammar(base: PyAutoGUIGrammar(), centres: [:])
        let empty = #expect(throws: ActionParseError.self) { try none.parse("pyautogui.click(tag_1)") }
        #expect(empty?.message == "mark 1 does not exist: the last observation has no marks")
        // Longer names are not marks: the base grammar judges them.
        #expect(throws: ActionParseError.self) { try grammar.parse("pyautogui.click(mytag_2)") }
    }

    @Test func computer13MarkParametersStandForXAndY() throws {
        let grammar = MarkedGrammar(base: Computer13Grammar(), centres: Self.centres)
        let actions = try grammar.parse(#"{"action_type": "CLICK", "parameters": {"mark": 2, "button": "right"}}"#)
        #expect(actions == [.click(button: .right, at: Point(x: 640, y: 360), count: 1)])
        // A value "mark" inside a string is text, not a parameter.
        let typed = try grammar.parse(#"{"action_type": "TYPING", "parameters": {"text": "\"mark\": 2"}}"#)
        #expect(typed == [.typing("\"mark\": 2")])
        let error = #expect(throws: ActionParseError.self) {
            try grammar.parse(#"{"action_type": "CLICK", "parameters": {"mark": 99}}"#)
        }
        #expect(error?.message == "mark 99 does not exist: the last observation has marks 1 to 12")
    }
}
