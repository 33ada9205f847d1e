import DeskgymCore
import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("Checking one task against the support registry")
struct CheckTaskTests {
    private func task(_ json: String) throws -> OSWorldTask {
        try OSWorldTask.parse(data: Data(json.utf8), source: "hand.json")
    }

    private let handMade = #"""
        {"id": "hand", "instruction": "Edit the file.",
         "config": [{"type": "launch", "parameters": {"command": ["xterm"]}},
                    {"type": "sleep", "parameters": {"seconds": 1}},
                    {"type": "googledrive", "parameters": {}}],
         "evaluator": {"postconfig": [{"type": "close_window", "parameters": {"window_name": "xterm"}}],
                       "func": ["exact_match", "compare_table"], "conj": "or",
                       "result": [{"type": "vm_command_line", "command": "cat a"}, {"type": "vm_file", "path": "/home/user/a.xlsx"}],
                       "expected": [{"type": "rule", "rules": {"expected": "x"}}, null]}}
        """#

    @Test("an unsupported setup step is named with its position")
    func unsupportedStep() throws {
        let support = TaskSupport(
            setupSteps: ["launch", "sleep", "close_window"],
            getters: ["vm_command_line", "vm_file", "rule"],
            metrics: ["exact_match", "compare_table"])
        let report = TaskCompatibility.check(try task(handMade), support: support)
        #expect(!report.isRunnable)
        #expect(
            report.missing == [
                TaskFeature(
                    kind: .setupStep, name: "googledrive",
                    path: JSONPath([.key("config"), .index(2), .key("type")]))
            ])
        #expect(report.missing.map(\.description) == [#"config[2].type = "googledrive""#])
        #expect(report.missingSummary == #"setup step "googledrive" (config[2].type)"#)
        #expect(report.unknownToOSWorld.isEmpty)
    }

    @Test("with the current Deskgym registry every kind of missing name is listed in file order")
    func everyKindListed() throws {
        let report = TaskCompatibility.check(
            try task(handMade), support: TaskSupport(setupSteps: [], getters: [], metrics: ["exact_match"]))
        #expect(
            report.missing.map(\.description) == [
                #"config[0].type = "launch""#, #"config[1].type = "sleep""#, #"config[2].type = "googledrive""#,
                #"evaluator.postconfig[0].type = "close_window""#,
                #"evaluator.result[0].type = "vm_command_line""#, #"evaluator.expected[0].type = "rule""#,
                #"evaluator.func[1] = "compare_table""#, #"evaluator.result[1].type = "vm_file""#,
            ])
        #expect(
            report.missing.map(\.kind) == [
                .setupStep, .setupStep, .setupStep, .postconfigStep,
                .getter, .getter, .metric, .getter,
            ])
        #expect(report.missingNames(.step) == ["launch", "sleep", "googledrive", "close_window"])
        #expect(report.missingNames(.metric) == ["compare_table"])
        #expect(report.usedNames(.metric) == ["exact_match", "compare_table"])
        #expect(report.missingSummary.contains(#"postconfig step "close_window" (evaluator.postconfig[0].type)"#))
    }

    @Test("everything supported: runnable")
    func runnable() throws {
        let report = TaskCompatibility.check(try task(handMade), support: .osworld)
        #expect(report.isRunnable)
        #expect(report.missing.isEmpty)
        #expect(report.features.count == 9)  // 3 setup steps, 1 postconfig step, 2 metrics, 3 getters
    }
}
