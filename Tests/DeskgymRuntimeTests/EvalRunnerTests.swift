import DeskgymAgents
import DeskgymEval
import DeskgymRuntime
import Foundation
import Logging
import Synchronization
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.eval")
    logger.logLevel = .error
    return logger
}()

/// Collects progress reports from the runner's workers, as they call.
private final class ProgressLog: Sendable {
    private let log = Mutex<[EvalProgress]>([])
    var entries: [EvalProgress] { log.withLock { $0 } }
    func add(_ progress: EvalProgress) { log.withLock { $0.append(progress) } }
}

@Suite("Eval runner", .serialized, .timeLimit(.minutes(5)))
struct EvalRunnerTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-eval-\(UUID())")

    private func suite(_ names: [String]) throws -> [EvalTaskFile] {
        try EvalSuite.discover(names.map { repository.appendingPathComponent("tasks/os/\($0).json") })
    }

    private func runner(_ tasks: [EvalTaskFile], agent: any Agent = ScriptedAgent(.reference), parallel: Int = 2) -> EvalRunner {
        EvalRunner(
            tasks: tasks, agent: agent, configuration: RunConfiguration(name: "test", agent: agent.name),
            output: folder, parallel: parallel, maxSteps: 15,
            vmConfigsFolder: repository.appendingPathComponent("vm-configs"), evaluator: MetricBridge.evaluator)
    }

    @Test("a suite runs on parallel sessions into the store and trajectory folders; a rerun skips what finished")
    func runAndResume() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let tasks = try suite(["count-lines", "create-hello-file", "sort-names"])
        let log = ProgressLog()
        let summary = try await runner(tasks).run(logger: logger) { progress in log.add(progress) }
        #expect(summary.total.tasks == 3)
        #expect(summary.total.finished == 3)
        #expect(summary.total.successes == 3)
        #expect(summary.total.environmentErrors == 0)
        for task in tasks {
            let trajectory = folder.appendingPathComponent("os/\(task.task.id)")
            #expect(FileManager.default.fileExists(atPath: trajectory.appendingPathComponent("result.json").path))
            #expect(FileManager.default.fileExists(atPath: trajectory.appendingPathComponent("step-0000.png").path))
        }
        let store = try RunStore(path: EvalRunner.storeURL(in: folder), logger: logger)
        let run = try await store.run(named: "test")
        let episodes = try await store.episodes(of: run)
        #expect(episodes.count == 3)
        for episode in episodes {
            let steps = try await store.steps(of: episode)
            #expect(steps.count == (episode.steps ?? -1) + 1, "every step and the first observation are stored")
        }
        #expect(log.entries.map(\.done).sorted() == [1, 2, 3])

        let planned = ProgressLog()
        let again = try await runner(tasks).run(
            logger: logger,
            plan: { toRun, finished in
                #expect(toRun == 0)
                #expect(finished == 3)
            }
        ) { progress in planned.add(progress) }
        #expect(planned.entries.isEmpty, "nothing ran, so nothing was reported")
        #expect(again.total.successes == 3)
        let attempts = try await store.episodes(of: run).map(\.attempts)
        #expect(attempts == [1, 1, 1], "nothing ran twice")
    }

    @Test("a cancelled run leaves a consistent store that a rerun completes")
    func cancelAndResume() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let tasks = try suite(["count-lines", "create-hello-file", "sort-names", "rename-draft"])
        let first = runner(tasks, parallel: 1)
        let work = Task { try await first.run(logger: logger) { _ in } }
        // Cancel once the first episode is under way (a loaded machine took over 10 s to get there).
        // The store is opened once the runner has made it: two stores creating one database at
        // once race, and the runner lost that race in a loaded full run.
        let url = EvalRunner.storeURL(in: folder)
        var opened: RunStore?
        var started = false
        for _ in 0..<1800 where !started {
            try await Task.sleep(for: .milliseconds(50))
            if opened == nil, FileManager.default.fileExists(atPath: url.path) {
                opened = try? RunStore(path: url, create: false, logger: logger)
            }
            if let opened, let run = try? await opened.run(named: "test") {
                started = try await opened.episodes(of: run).contains { $0.status != .pending }
            }
        }
        #expect(started)
        let store = try #require(opened)
        work.cancel()
        _ = try? await work.value
        let run = try await store.run(named: "test")
        let afterCancel = try await store.episodes(of: run)
        #expect(afterCancel.filter { $0.status == .finished }.count < 4, "the run stopped early")
        let summary = try await runner(tasks, parallel: 2).run(logger: logger) { _ in }
        #expect(summary.total.finished == 4)
        #expect(summary.total.successes == 4)
        #expect(summary.total.unfinished == 0)
    }

    @Test("an environment error is tried once more and reported apart from the agent's score")
    func environmentErrorRetried() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let tasksFolder = folder.appendingPathComponent("suite/broken")
        try FileManager.default.createDirectory(at: tasksFolder, withIntermediateDirectories: true)
        let broken = tasksFolder.appendingPathComponent("missing-file.json")
        try Data(
            #"""
            {"id": "missing-file", "instruction": "open it", "config": [{"type": "open", "parameters": {"path": "/home/user/nowhere.txt"}}],
             "evaluator": {"func": "exact_match", "result": {"type": "vm_command_line", "command": "echo a", "shell": true},
                           "expected": {"type": "rule", "rules": {"expected": "a"}}},
             "deskgym": {"reference_solution": {"grammar": "pyautogui", "actions": ["DONE"]}}}
            """#.utf8
        ).write(to: broken)
        let tasks = try EvalSuite.discover([folder.appendingPathComponent("suite")])
        #expect(tasks.map(\.task.domain) == ["broken"])
        let summary = try await runner(tasks).run(logger: logger) { _ in }
        #expect(summary.total.environmentErrors == 1)
        #expect(summary.total.successes == 0)
        let store = try RunStore(path: EvalRunner.storeURL(in: folder), logger: logger)
        let episode = try #require(try await store.episodes(of: try await store.run(named: "test")).first)
        #expect(episode.attempts == 2)
        #expect(episode.status == .environmentError)
        #expect(episode.environmentError?.contains("nowhere.txt") == true)
    }

    @Test("a task file that does not load is named before anything runs")
    func badTaskFile() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bad = folder.appendingPathComponent("bad.json")
        try Data(#"{"id": "bad", "config": []}"#.utf8).write(to: bad)
        #expect { try EvalSuite.discover([folder]) } throws: { error in
            "\(error)".contains("bad.json") && "\(error)".contains("instruction")
        }
        #expect(throws: EpisodeError.self) { try EvalSuite.discover([folder.appendingPathComponent("nowhere")]) }
    }
}
