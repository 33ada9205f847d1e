import DeskgymTaskModel
import DeskgymTaskTestSupport
import Foundation
import Testing

@testable import DeskgymTasks

/// The vocabulary of the example files, computed straight from JSONSerialization's reading of
/// them, independently of the task model.
private struct RawVocabulary {
    var steps: [String: Int] = [:]
    var getters: [String: Int] = [:]
    var metrics: [String: Int] = [:]
    var tasks = 0
    /// Tasks whose every name is in the given sets.
    var runnable: (Set<String>, Set<String>, Set<String>) -> Int = { _, _, _ in 0 }

    init(files: [URL]) throws {
        var perTask: [(Set<String>, Set<String>, Set<String>)] = []
        for file in files {
            let task = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let evaluator = try #require(task["evaluator"] as? [String: Any])
            var steps = Set<String>(), getters = Set<String>(), metrics = Set<String>()
            let allSteps = (task["config"] as? [[String: Any]] ?? []) + (evaluator["postconfig"] as? [[String: Any]] ?? [])
            for step in allSteps {
                steps.insert(try #require(step["type"] as? String))
            }
            if let list = evaluator["func"] as? [String] {
                metrics.formUnion(list)
            } else {
                metrics.insert(try #require(evaluator["func"] as? String))
            }
            if evaluator["func"] as? String != "infeasible" {
                for key in ["result", "expected"] {
                    let specs = evaluator[key] as? [Any] ?? (evaluator[key].map { [$0] } ?? [])
                    for case let spec as [String: Any] in specs {
                        if let type = spec["type"] as? String { getters.insert(type) }
                    }
                }
            }
            for name in steps { self.steps[name, default: 0] += 1 }
            for name in getters { self.getters[name, default: 0] += 1 }
            for name in metrics { self.metrics[name, default: 0] += 1 }
            perTask.append((steps, getters, metrics))
        }
        tasks = files.count
        runnable = { steps, getters, metrics in
            perTask.filter { $0.0.isSubset(of: steps) && $0.1.isSubset(of: getters) && $0.2.isSubset(of: metrics) }.count
        }
    }
}

@Suite("The compatibility check over a folder")
struct CheckCorpusTests {
    @Test("over OSWorld's 369 examples: counts match an independent scan of the raw JSON")
    func examplesSummary() throws {
        let report = try CorpusReport.build(folder: TaskTestSupport.osworldExamples, support: .deskgym)
        let summary = report.summary
        let raw = try RawVocabulary(files: TaskTestSupport.exampleFiles())
        #expect(summary.jsonFiles == 369)
        #expect(summary.skipped == 0)
        #expect(summary.loaded == 369)
        #expect(summary.failed == 0)
        #expect(summary.infeasible == 29)

        #expect(summary.vocabulary(.step).used == raw.steps)
        #expect(summary.vocabulary(.getter).used == raw.getters)
        #expect(summary.vocabulary(.metric).used == raw.metrics)
        #expect(summary.vocabulary(.step).usedCount == 13)
        #expect(summary.vocabulary(.getter).usedCount == 47)
        #expect(summary.vocabulary(.metric).usedCount == 111)

        let support = TaskSupport.deskgym
        #expect(summary.runnable == raw.runnable(support.setupSteps, support.getters, support.metrics))
        #expect(summary.vocabulary(.metric).supported == Set(raw.metrics.keys).intersection(support.metrics))
        // The registry grows as steps, getters and metrics land: derive the expectations from it.
        for (category, used, supported) in [
            (TaskFeature.Category.step, raw.steps, support.setupSteps),
            (.getter, raw.getters, support.getters), (.metric, raw.metrics, support.metrics),
        ] {
            let vocabulary = summary.vocabulary(category)
            #expect(vocabulary.supportedCount == Set(used.keys).intersection(supported).count)
            for name in used.keys where supported.contains(name) { #expect(vocabulary.blocked[name] == nil, "\(name)") }
            for name in used.keys where !supported.contains(name) { #expect((vocabulary.blocked[name] ?? 0) > 0, "\(name)") }
            if let top = vocabulary.topMissing(1).first {
                #expect(!supported.contains(top.name))
                #expect(vocabulary.blocked.values.allSatisfy { $0 <= vocabulary.blocked[top.name]! })
            }
        }
        #expect(summary.unrecognizedFields == ["hint": 4, "env_may_change": 1, "evaluator._config_note": 1])
        #expect(summary.duplicateIDs.isEmpty)
        #expect(summary.vocabularies.allSatisfy { $0.unknownToOSWorld.isEmpty })
    }

    @Test("with OSWorld's own registry every example is runnable; with a partial one the count matches the raw scan")
    func otherRegistries() throws {
        let everything = try CorpusReport.build(folder: TaskTestSupport.osworldExamples, support: .osworld).summary
        #expect(everything.runnable == 369)
        #expect(everything.vocabularies.allSatisfy { $0.supportedCount == $0.usedCount && $0.blocked.isEmpty })

        let partial = TaskSupport(
            setupSteps: ["download", "open", "launch", "execute", "sleep", "activate_window", "command"],
            getters: ["vm_file", "cloud_file", "rule", "vm_command_line"],
            metrics: TaskSupport.deskgym.metrics.union(["compare_table"]))
        let summary = try CorpusReport.build(folder: TaskTestSupport.osworldExamples, support: partial).summary
        let raw = try RawVocabulary(files: TaskTestSupport.exampleFiles())
        #expect(summary.runnable == raw.runnable(partial.setupSteps, partial.getters, partial.metrics))
        #expect(summary.runnable > 0)
        #expect(summary.vocabulary(.getter).supportedCount == 4)
    }

    @Test("over the OSWorld folder the test_*.json index lists are skipped and said to be")
    func indexListsSkipped() throws {
        let report = try CorpusReport.build(folder: TaskTestSupport.osworldFolder, support: .deskgym)
        let summary = report.summary
        #expect(summary.jsonFiles == 373)
        #expect(summary.skipped == 4)
        #expect(summary.taskFiles == 369)
        #expect(summary.loaded == 369)
        let skipped = report.entries.filter { $0.skipReason != nil }
        #expect(skipped.map(\.path) == ["test_all.json", "test_infeasible.json", "test_nogdrive.json", "test_small.json"])
        #expect(skipped[0].skipReason == "not a task object: an index of task ids (10 lists, 369 ids)")
    }

    @Test("a hand-made folder: a bad file, a non-task, a hidden folder, nested tasks and a duplicate id")
    func handMadeFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-corpus-\(UUID().uuidString)", isDirectory: true)
        let manager = FileManager.default
        try manager.createDirectory(at: folder.appendingPathComponent("os/deep"), withIntermediateDirectories: true)
        try manager.createDirectory(at: folder.appendingPathComponent(".git"), withIntermediateDirectories: true)
        defer { try? manager.removeItem(at: folder) }
        func write(_ path: String, _ text: String) throws {
            try Data(text.utf8).write(to: folder.appendingPathComponent(path))
        }
        try write("os/a.json", #"{"id": "a", "instruction": "i", "evaluator": {"func": "infeasible"}}"#)
        try write(
            "os/deep/b.json", #"{"id": "a", "instruction": "i", "config": [{"type": "googledrive"}], "evaluator": {"func": "infeasible"}}"#)
        try write("os/bad.json", "{\"id\": \"c\",\n \"instruction\": 5, \"evaluator\": {\"func\": \"infeasible\"}}")
        try write("os/broken.json", "{\"id\": ")
        try write("list.json", "[1, 2]")
        try write("notes.txt", "not json")
        try write(".git/x.json", "{}")

        let report = try CorpusReport.build(folder: folder, support: .deskgym)
        #expect(report.entries.map(\.path) == ["list.json", "os/a.json", "os/bad.json", "os/broken.json", "os/deep/b.json"])
        let summary = report.summary
        #expect(summary.jsonFiles == 5)
        #expect(summary.skipped == 1)
        #expect(summary.loaded == 2)
        #expect(summary.failed == 2)
        #expect(summary.runnable == 1)
        #expect(summary.vocabulary(.step).blocked == ["googledrive": 1])
        #expect(summary.vocabulary(.step).soleBlocker == ["googledrive": 1])
        #expect(summary.duplicateIDs == ["a": ["os/a.json", "os/deep/b.json"]])
        let bad = try #require(report.entries[2].loadError)
        #expect(bad.description.hasSuffix("os/bad.json:2:17: instruction: expected a string, found number"))
        #expect(report.entries[3].loadError?.kind == .invalidJSON)
        #expect(report.entries[0].skipReason == "not a task object: the top level is an array")

        let text = report.render(verbose: false)
        #expect(text.contains("skipped  \(report.displayPath(of: "list.json")): not a task object"))
        #expect(text.contains("ok       \(report.displayPath(of: "os/a.json")) (infeasible"))
        #expect(text.contains("blocked  \(report.displayPath(of: "os/deep/b.json")): setup step \"googledrive\" (config[0].type)"))
        #expect(text.contains("failed   \(bad.description)"))
        #expect(text.contains("  loaded    2 of 4 (2 failed to load)"))
        #expect(text.contains("  runnable  1 of 2"))
        #expect(text.contains("  steps     0 of 1 supported"))
        #expect(text.contains("duplicate ids: a in os/a.json, os/deep/b.json"))
    }

    @Test("the rendering lists per-file lines, the summary and the top missing names; verbose lists every name")
    func rendering() throws {
        let report = try CorpusReport.build(folder: TaskTestSupport.osworldExamples, support: .deskgym)
        let text = report.render(verbose: false, top: 3)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.filter { $0.hasPrefix("ok ") || $0.hasPrefix("blocked ") }.count == 369)
        #expect(text.contains("  files     369 JSON files, 0 skipped (not task objects), 369 task files"))
        let metrics = report.summary.vocabulary(.metric), getters = report.summary.vocabulary(.getter)
        #expect(text.contains("  metrics   \(metrics.supportedCount) of 111 supported"))
        #expect(text.contains("  getters   \(getters.supportedCount) of 47 supported"))
        let steps = report.summary.vocabulary(.step)
        let missingSteps = steps.usedCount - steps.supportedCount
        #expect(
            text.contains(
                missingSteps > 3
                    ? "Missing steps by tasks blocked (top 3 of \(missingSteps); --verbose lists all):"
                    : "Missing steps by tasks blocked:"))
        #expect(text.contains("unrecognized fields kept: hint (4), env_may_change (1), evaluator._config_note (1)"))
        #expect(!text.contains("note: unrecognized"))

        let verbose = report.render(verbose: true)
        #expect(verbose.contains("All metrics the tasks use (\(metrics.supportedCount) of 111 supported):"))
        #expect(verbose.contains("note: unrecognized fields kept: evaluator._config_note, hint"))
        for name in report.summary.vocabulary(.metric).used.keys {
            #expect(verbose.contains("  \(name) "), "\(name) not listed")
        }
    }

    @Test("a typo'd name gets a suggestion in the rendering")
    func typoSuggestion() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-typo-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(#"{"id": "t", "instruction": "i", "evaluator": {"func": "compare_tabel", "result": {"type": "vm_file"}}}"#.utf8)
            .write(to: folder.appendingPathComponent("t.json"))
        let text = try CorpusReport.build(folder: folder, support: .deskgym).render()
        #expect(text.contains(#"metric "compare_tabel" (did you mean "compare_table"?)"#))
    }

    @Test("a folder that does not exist, or a file given as the folder, is an error")
    func badFolder() throws {
        #expect(throws: CorpusError(folder: "/nonexistent/deskgym-tasks", message: "folder not found")) {
            try CorpusReport.build(folder: URL(fileURLWithPath: "/nonexistent/deskgym-tasks"), support: .deskgym)
        }
        let file = TaskTestSupport.example("os", "c288e301-e626-4b98-a1ab-159dcb162af5")
        #expect(throws: CorpusError.self) { try CorpusReport.build(folder: file, support: .deskgym) }
    }
}
