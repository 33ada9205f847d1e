import DeskgymActions
import DeskgymCore
import Testing

@Suite("grammar lookup")
struct ActionGrammarsTests {
    @Test("grammars are found by name, in any case, with - for _", arguments: [
        ("pyautogui", "pyautogui"), ("PyAutoGUI", "pyautogui"), ("computer_13", "computer_13"),
        ("computer-13", "computer_13"), ("COMPUTER_13", "computer_13"),
    ])
    func lookup(name: String, expected: String) throws {
        #expect(try ActionGrammars.named(name).name == expected)
    }

    @Test("an unknown name lists the known ones")
    func unknown() throws {
        let error = try #require(throws: UnknownGrammarError.self) { try ActionGrammars.named("ui-tars") }
        #expect(error.knownNames == ["pyautogui", "computer_13", "uitars", "qwen_computer_use", "anthropic_computer", "openai_computer_use"])
        #expect(error.description == "unknown action grammar 'ui-tars'; known grammars: 'pyautogui', 'computer_13', 'uitars', 'qwen_computer_use', 'anthropic_computer', 'openai_computer_use'")
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
