import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("Deskgym's extension fields under \"deskgym\"")
struct TaskExtensionTests {
    private func task(_ deskgym: String) throws(TaskLoadError) -> OSWorldTask {
        let json = #"{"id": "d", "instruction": "i", "evaluator": {"func": "infeasible"}, "deskgym": "# + deskgym + "}"
        return try OSWorldTask.parse(data: Data(json.utf8), source: "d.json")
    }

    private func error(_ deskgym: String) -> TaskLoadError? {
        do {
            _ = try task(deskgym)
            return nil
        } catch {
            return error
        }
    }

    @Test("vm_config and a pyautogui reference solution")
    func pyautoguiSolution() throws {
        let loaded = try task(
            #"{"vm_config": "default", "reference_solution": {"grammar": "pyautogui", "actions": ["pyautogui.click(10, 20)", "DONE"]}}"#)
        let deskgym = try #require(loaded.deskgym)
        #expect(deskgym.vmConfig == "default")
        #expect(deskgym.referenceSolution?.grammar == .pyautogui)
        #expect(deskgym.referenceSolution?.stepTexts == ["pyautogui.click(10, 20)", "DONE"])
        #expect(loaded.unrecognizedFields.isEmpty)
        #expect(loaded.extraFields.isEmpty)
    }

    @Test("a computer_13 reference solution gives each step as compact JSON")
    func computer13Solution() throws {
        let loaded = try task(
            #"{"reference_solution": {"grammar": "computer_13", "actions": [{"action_type": "TYPING", "text": "ls\n"}, "DONE"]}}"#)
        let solution = try #require(loaded.deskgym?.referenceSolution)
        #expect(solution.grammar == .computer13)
        #expect(solution.stepTexts == [#"{"action_type":"TYPING","text":"ls\n"}"#, "DONE"])
        #expect(loaded.deskgym?.vmConfig == nil)
    }

    @Test("a typo inside deskgym is an error that suggests the name")
    func unknownField() throws {
        let typo = try #require(error(#"{"vm_confg": "default"}"#))
        #expect(typo.kind == .unknownField)
        #expect(typo.description == #"d.json:1:94: deskgym.vm_confg: unknown field "vm_confg" (did you mean "vm_config"?)"#)
        let far = try #require(error(#"{"timeout": 3}"#))
        #expect(far.message == #"unknown field "timeout" (allowed: "vm_config", "reference_solution", "pages")"#)
    }

    @Test("an unknown field of 1 MB is named by its first 60 characters and its length, with no suggestion")
    func hugeUnknownField() throws {
        let name = String(repeating: "v", count: 1 << 20)
        let failure = try #require(error(#"{"\#(name)": 1}"#))
        let shown = "\"" + String(repeating: "v", count: 60) + "… (1048576 characters)\""
        #expect(failure.message == "unknown field \(shown) (allowed: \"vm_config\", \"reference_solution\", \"pages\")")
        #expect(failure.path?.description == "deskgym[\(shown)]")
        #expect(failure.description.count < 500)
    }

    @Test("reference solution shapes are checked per grammar")
    func solutionShapes() throws {
        let grammar = try #require(error(#"{"reference_solution": {"grammar": "qwen", "actions": ["DONE"]}}"#))
        #expect(grammar.path?.description == "deskgym.reference_solution.grammar")
        #expect(grammar.message == #"expected "pyautogui" or "computer_13", found "qwen""#)

        let objectInPyautogui = try #require(
            error(#"{"reference_solution": {"grammar": "pyautogui", "actions": [{"action_type": "DONE"}]}}"#))
        #expect(objectInPyautogui.path?.description == "deskgym.reference_solution.actions[0]")
        #expect(objectInPyautogui.kind == .wrongType)

        let noActionType = try #require(error(#"{"reference_solution": {"grammar": "computer_13", "actions": ["DONE", {"x": 1}]}}"#))
        #expect(noActionType.path?.description == "deskgym.reference_solution.actions[1].action_type")
        #expect(noActionType.kind == .missingField)

        let word = try #require(error(#"{"reference_solution": {"grammar": "computer_13", "actions": ["click"]}}"#))
        #expect(word.kind == .invalidValue)

        let empty = try #require(error(#"{"reference_solution": {"grammar": "pyautogui", "actions": []}}"#))
        #expect(empty.path?.description == "deskgym.reference_solution.actions")
        #expect(empty.kind == .invalidValue)

        let notObject = try #require(error(#"["default"]"#))
        #expect(notObject.path?.description == "deskgym")
        #expect(notObject.message == "expected an object, found array")
    }
}
