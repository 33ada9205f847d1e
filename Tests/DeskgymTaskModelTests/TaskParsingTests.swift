import DeskgymCore
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("Fields of particular OSWorld tasks")
struct TaskParsingTests {
    @Test("a list of funcs with conj or, postconfig, option lists, and extra fields (impress 7ae48c60)")
    func listFuncWithPostconfig() throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("libreoffice_impress", "7ae48c60-f143-4119-b659-15b8f485eb9a"))
        #expect(task.id == "7ae48c60-f143-4119-b659-15b8f485eb9a")
        #expect(task.snapshot == "libreoffice_impress")
        #expect(task.relatedApps == ["libreoffice_impress"])
        #expect(task.config.map(\.type) == ["download", "open"])
        let files = try #require(task.config[0][parameter: "files"]?.arrayValue)
        #expect(files.first?["path"] == .string("/home/user/Desktop/30_1.pptx"))
        #expect(task.config[1].parameters == .object(["path": .string("/home/user/Desktop/30_1.pptx")]))

        let evaluator = task.evaluator
        #expect(evaluator.function == .many(["compare_pptx_files", "compare_pptx_files"]))
        #expect(evaluator.conjunction == .or)
        #expect(!evaluator.isInfeasible)
        #expect(evaluator.postconfig.map(\.type) == ["activate_window", "sleep", "execute", "sleep"])
        #expect(evaluator.postconfig[0][parameter: "window_name"] == .string("30_1.pptx - LibreOffice Impress"))
        #expect(evaluator.postconfig[0][parameter: "strict"] == .bool(true))
        #expect(evaluator.postconfig[1][parameter: "seconds"] == .number(0.5))

        let metrics = evaluator.metrics
        #expect(metrics.count == 2)
        #expect(metrics.map(\.index) == [0, 1])
        #expect(
            metrics[0].result
                == GetterSpec(
                    type: "vm_file",
                    fields: [
                        "path": .string("/home/user/Desktop/30_1.pptx"), "dest": .string("30_1.pptx"),
                    ]))
        #expect(metrics[1].expected?.type == "cloud_file")
        #expect(metrics[1].expected?[field: "dest"] == .string("30_1_Gold_all_fonts.pptx"))
        #expect(metrics[0].options["examine_shape"] == .bool(false))
        #expect(metrics[0].options["examine_modify_height"] == .bool(true))

        #expect(task.extraFields == ["hint": .string("The input unit is cm")])
        #expect(evaluator.extraFields.keys.sorted() == ["_config_note"])
        #expect(task.unrecognizedFields.map(\.description) == ["evaluator._config_note", "hint"])
        #expect(task.proxy == false && task.fixedIP == false)
        #expect(task.possibilityOfEnvChange == "low")
        #expect(task.trajectory == "trajectories/")
    }

    @Test("an infeasible task: func infeasible, no result or expected, no config (os c288e301)")
    func infeasible() throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("os", "c288e301-e626-4b98-a1ab-159dcb162af5"))
        #expect(task.evaluator.isInfeasible)
        #expect(task.evaluator.function == .one("infeasible"))
        #expect(task.evaluator.result == nil)
        #expect(task.evaluator.expected == nil)
        #expect(task.evaluator.options == nil)
        #expect(task.config.isEmpty)
        #expect(task.evaluator.metrics == [MetricSpec(name: "infeasible", result: nil)])
        #expect(task.instruction.contains("Python4"))
    }

    @Test("conj and with an options list holding {} (multi_apps c867c42d)")
    func conjunctionAndOptionsList() throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("multi_apps", "c867c42d-a52d-4a24-8ae3-f75d256b5618"))
        let evaluator = task.evaluator
        #expect(evaluator.conjunction == .and)
        #expect(evaluator.metricNames == ["compare_csv", "compare_table"])
        let options = try #require(evaluator.options)
        #expect(options.isList)
        #expect(options.elements[0].isEmpty)
        let rules = try #require(evaluator.metrics[1].options["rules"]?.arrayValue)
        #expect(rules.first?["type"] == .string("sheet_data"))
        #expect(task.relatedApps == ["thunderbird", "libreoffice_calc"])
    }

    @Test("getter fields and placeholders are kept as written (os bedcedc4)")
    func getterFields() throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("os", "bedcedc4-4d72-425e-ad62-21960b11fe0d"))
        let metrics = task.evaluator.metrics
        #expect(metrics.map(\.name) == ["exact_match", "exact_match"])
        #expect(metrics[0].result?.type == "vm_command_line")
        #expect(metrics[0].result?[field: "command"]?.arrayValue?.last == .string("idle-delay"))
        #expect(metrics[1].expected?.type == "rule")
        #expect(metrics[1].expected?[field: "rules"]?["expected"] == .string("false\n"))
        let code = task.config[1][parameter: "command"]?.arrayValue?[2].stringValue
        #expect(code?.contains("pyautogui.click({SCREEN_WIDTH_HALF}, {SCREEN_HEIGHT_HALF})") == true)
        #expect(task.evaluator.options == nil)
    }

    @Test("a single func with a single getter and options {} (impress 39be0d19)")
    func singleFunc() throws {
        let task = try OSWorldTask.load(from: TaskTestSupport.example("libreoffice_impress", "39be0d19-634d-4475-8768-09c130f5425d"))
        let evaluator = task.evaluator
        #expect(!evaluator.function.isList)
        #expect(evaluator.options == .one([:]))
        #expect(evaluator.metrics.count == 1)
        #expect(evaluator.metrics[0].index == nil)
        #expect(evaluator.metrics[0].result != nil)
        #expect(evaluator.conjunction == .and)
    }

    @Test("source may be a list of URLs (vs_code ea98c5d7); proxy true is read (multi_apps a0b9dc9c)")
    func sourceListAndProxy() throws {
        let vscode = try OSWorldTask.load(from: TaskTestSupport.example("vs_code", "ea98c5d7-3cf9-4f9b-8ad3-366b58e0fcae"))
        #expect(vscode.source.count == 2)
        #expect(vscode.source.allSatisfy { $0.hasPrefix("https://superuser.com/") })
        let proxied = try OSWorldTask.load(from: TaskTestSupport.example("multi_apps", "a0b9dc9c-fc07-4a88-8c5d-5e3ecad91bcb"))
        #expect(proxied.proxy)
        let single = try OSWorldTask.load(from: TaskTestSupport.example("os", "bedcedc4-4d72-425e-ad62-21960b11fe0d"))
        #expect(single.source == ["https://www.youtube.com/watch?v=D4WyNjt_hbQ&t=2s"])
    }

    @Test("defaults: optional fields absent, null or {} read as OSWorld reads them")
    func defaults() throws {
        let json = #"""
            {"id": "t1", "instruction": "do it", "proxy": null, "config": null,
             "evaluator": {"func": ["exact_match", "check_list"], "result": [{"type": "vm_file"}, {"type": "rule"}],
                           "expected": [null, {}], "options": [null, {"a": 1}]}}
            """#
        let task = try OSWorldTask.parse(data: Data(json.utf8), source: "t1.json")
        #expect(task.source.isEmpty)
        #expect(task.config.isEmpty)
        #expect(task.proxy == false)
        #expect(task.snapshot == nil)
        #expect(task.deskgym == nil)
        #expect(task.evaluator.expected == .many([nil, nil]))
        #expect(task.evaluator.metrics.map(\.options) == [[:], ["a": .number(1)]])
        #expect(task.evaluator.conjunction == .and)
        #expect(task.unrecognizedFields.isEmpty)
    }

    @Test("a setup step without parameters gets {}; extra step members are listed")
    func stepParameters() throws {
        let json =
            #"{"id": "t", "instruction": "i", "config": [{"type": "tidy_desktop", "note": "x"}], "evaluator": {"func": "infeasible"}}"#
        let task = try OSWorldTask.parse(data: Data(json.utf8), source: "t.json")
        #expect(task.config == [SetupStep(type: "tidy_desktop", parameters: .object([:]))])
        #expect(task.unrecognizedFields == [JSONPath([.key("config"), .index(0), .key("note")])])
    }
}
