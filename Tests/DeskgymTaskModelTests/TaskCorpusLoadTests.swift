import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymTaskModel

@Suite("Loading all of OSWorld's task files")
struct TaskCorpusLoadTests {
    @Test("every one of the 369 OSWorld example files loads, and its id is its file name")
    func allExamplesLoad() throws {
        let files = try TaskTestSupport.exampleFiles()
        #expect(files.count == 369)
        var failures: [String] = []
        for file in files {
            do {
                let task = try OSWorldTask.load(from: file)
                if task.id != file.deletingPathExtension().lastPathComponent {
                    failures.append("\(file.lastPathComponent): id \(task.id)")
                }
                if task.instruction.isEmpty { failures.append("\(file.lastPathComponent): empty instruction") }
            } catch {
                failures.append(error.description)
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test("parallel evaluator lists of every example line up with func")
    func metricsLineUp() throws {
        for file in try TaskTestSupport.exampleFiles() {
            let evaluator = try OSWorldTask.load(from: file).evaluator
            let count = evaluator.function.count
            #expect(evaluator.metrics.count == count)
            if evaluator.function.isList {
                #expect(evaluator.result.map { $0.isList && $0.count == count } ?? true, "\(file.lastPathComponent)")
                #expect(evaluator.expected.map { $0.isList && $0.count == count } ?? true, "\(file.lastPathComponent)")
                #expect(evaluator.options.map { $0.isList && $0.count == count } ?? true, "\(file.lastPathComponent)")
            }
            for metric in evaluator.metrics where metric.name != "infeasible" {
                #expect(metric.result != nil, "\(file.lastPathComponent): \(metric.name) has no result getter")
            }
        }
    }

    @Test("the corpus's unrecognised fields are kept and listed: hint, env_may_change, evaluator._config_note")
    func unrecognisedFieldsAcrossTheCorpus() throws {
        var counts: [String: Int] = [:]
        var hints: [String] = []
        for file in try TaskTestSupport.exampleFiles() {
            let task = try OSWorldTask.load(from: file)
            for path in task.unrecognizedFields { counts[path.description, default: 0] += 1 }
            if let hint = task.extraFields["hint"]?.stringValue { hints.append(hint) }
        }
        #expect(counts == ["hint": 4, "env_may_change": 1, "evaluator._config_note": 1])
        #expect(hints.count == 4)
        #expect(hints.contains("The input unit is cm"))
    }

    @Test("each file parses to the same task as JSONSerialization's reading of it (fields compared)")
    func agreesWithJSONSerialization() throws {
        for file in try TaskTestSupport.exampleFiles() {
            let task = try OSWorldTask.load(from: file)
            let raw = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            #expect(task.instruction == raw["instruction"] as? String)
            #expect(task.relatedApps == (raw["related_apps"] as? [String] ?? []))
            #expect(task.proxy == (raw["proxy"] as? Bool ?? false))
            let config = raw["config"] as? [[String: Any]] ?? []
            #expect(task.config.map(\.type) == config.compactMap { $0["type"] as? String })
            let evaluator = try #require(raw["evaluator"] as? [String: Any])
            let funcs = (evaluator["func"] as? [String]) ?? [evaluator["func"] as? String].compactMap { $0 }
            #expect(task.evaluator.metricNames == funcs)
            #expect(task.evaluator.conjunction.rawValue == (evaluator["conj"] as? String ?? "and"))
            let post = evaluator["postconfig"] as? [[String: Any]] ?? []
            #expect(task.evaluator.postconfig.map(\.type) == post.compactMap { $0["type"] as? String })
        }
    }
}
