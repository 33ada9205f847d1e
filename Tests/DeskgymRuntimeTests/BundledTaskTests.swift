import DeskgymAgents
import DeskgymRuntime
import Foundation
import Logging
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Every bundled task file, found under `tasks/`.
private let bundledTasks: [String] = {
    let root = repository.appendingPathComponent("tasks")
    let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
    return files.filter { $0.hasSuffix(".json") }.sorted()
}()

private let logger: Logger = {
    var logger = Logger(label: "deskgym.tests.tasks")
    logger.logLevel = .warning
    return logger
}()

/// The bundled suite proves its own checkers: the reference solution scores 1, an agent that
/// answers DONE at once scores 0, and neither meets an environment error.
@Suite("Bundled tasks", .serialized, .timeLimit(.minutes(5)))
struct BundledTaskTests {
    @Test("the suite is not empty")
    func present() {
        #expect(bundledTasks.count >= 6)
    }

    @Test("the reference solution scores 1 and doing nothing scores 0", arguments: bundledTasks)
    func referenceAndNothing(task: String) async throws {
        for (agent, expected) in [(ScriptedAgent(.reference), 1.0), (ScriptedAgent(.none), 0.0)] {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("deskgym-task-\(UUID())")
            defer { try? FileManager.default.removeItem(at: output) }
            let runner = EpisodeRunner(
                taskFile: repository.appendingPathComponent("tasks/\(task)"), agent: agent, output: output,
                vmConfigsFolder: repository.appendingPathComponent("vm-configs"),
                evaluator: MetricBridge.evaluator)
            let result = try await runner.run(logger: logger)
            #expect(result.environmentError == nil, "\(task) with \(agent): \(result.environmentError ?? "")")
            #expect(result.score == expected, "\(task) with \(agent): \(result.evaluation?.metrics ?? [])")
            let lines = try String(contentsOf: output.appendingPathComponent("trajectory.jsonl"), encoding: .utf8)
                .split(separator: "\n")
            #expect(lines.count == result.steps + 1, "one line per step plus the initial observation")
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("step-0000.png").path))
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("result.json").path))
        }
    }
}
